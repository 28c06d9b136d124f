#!/bin/bash
# SPDX-License-Identifier: ISC
# After a /join, /window, /create or /msg NICK that failed, --batch refuses
# every line that would act on the window still in view, not only text:
# /leave (/part) and /names without a room, /invite without one, /topic,
# /whois in a conversation.  The refusal names the command that failed and
# the window in view.  With a room named, /leave and /names still work,
# and a room change that works ends the hold.
. "$top_srcdir/tests/lib.sh"

start_hub
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"
client_say obs "/join #dev"
wait_for "$T/obs.out" "you joined #dev"

long=$(printf 'x%.0s' $(seq 1 40))
held="the last /join failed and #dev is still in view"
run_batch join bot "/join #dev" "/join #$long" "/leave" "/part bye all" \
    "/names" "/invite observer" "/topic" "/names #lobby" "/leave #lobby" \
    "/join #dev" "/names" "/leave"
[ "$BATCH_RC" -eq 3 ] || fail "a failed /join: exit status $BATCH_RC"
[ "$(grep -cF "chatroom: not sent: $held;" "$T/join.err")" -eq 5 ] ||
    fail "/leave, /part, /names, /invite, /topic were not refused"
grep -qxF "chatroom: 6 lines were refused" "$T/join.err" ||
    fail "the refused lines are not counted"
grep -qF "already in #dev" "$T/join.err" && fail "/invite went to #dev"
grep -qF "#lobby: 2 members" "$T/join.out" ||
    fail "/names #lobby did not work"
[ "$(grep -cF "#dev: 2 members" "$T/join.out")" -eq 1 ] ||
    fail "/names without a room listed #dev while held, or not after"
wait_for "$T/obs.out" "bot left #dev"
grep -qF "bot left #lobby" "$T/obs.out" || fail "/leave #lobby did not work"
[ "$(count_in "$T/obs.out" "bot left #dev")" -eq 1 ] ||
    fail "a /leave while held left #dev"
grep -B1 -F "bot left #dev" "$T/obs.out" | head -n 1 |
    grep -qF "bot left #lobby" || fail "#dev was left before #lobby"
ok "/leave, /part, /names, /invite, /topic wait for a /join that works"

# A /create the hub refuses, then /leave: #lobby is not left.
run_batch create carol "/create #dev" "/leave" "/part bye now" "/names #dev" \
    "/msg observer still here"
[ "$BATCH_RC" -eq 3 ] || fail "a refused /create: exit status $BATCH_RC"
[ "$(grep -cF "the last /create failed and #lobby is still in view" \
    "$T/create.err")" -eq 2 ] || fail "/leave after a refused /create ran"
grep -qF "#dev: 1 member: observer" "$T/create.out" ||
    fail "/names #dev did not work"
wait_for "$T/obs.out" "*carol* still here"
grep -qF "carol left #lobby" "$T/obs.out" && fail "carol left #lobby"
ok "/leave after a /create the hub refused is refused"

# A /msg NICK that failed holds too; a conversation in view is named.
run_batch dm dave "/msg nobody" "hello lobby" "/msg observer" \
    "/window #nosuch" "in the dm" "/whois" "/leave" "/window #lobby" \
    "back in lobby"
[ "$BATCH_RC" -eq 3 ] || fail "a failed /msg NICK: exit status $BATCH_RC"
grep -qF "the last /msg failed and #lobby is still in view" "$T/dm.err" ||
    fail "text after a failed /msg NICK was not refused"
[ "$(grep -cF "the last /window failed and @observer is still in view" \
    "$T/dm.err")" -eq 3 ] ||
    fail "text, /whois, /leave in a conversation were not refused"
wait_for "$T/obs.out" "<dave> back in lobby"
grep -qF "hello lobby" "$T/obs.out" && fail "text went to #lobby"
grep -qF "in the dm" "$T/obs.out" && fail "text went to the conversation"
ok "a failed /msg NICK holds; the conversation in view is named"

# The status window in view is named as such.
run_batch status erin "/window status" "/window #nosuch" "hello"
[ "$BATCH_RC" -eq 3 ] || fail "held in the status window: $BATCH_RC"
grep -qF "the last /window failed and the status window is still in view" \
    "$T/status.err" || fail "the status window is not named"
ok "the status window in view is named"
