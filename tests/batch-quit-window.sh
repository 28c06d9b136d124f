#!/bin/bash
# SPDX-License-Identifier: ISC
# --batch leaves nothing out silently (walk58 F4, F5): lines after a /quit
# are counted on stderr with status 3; a /join prints the room's topic;
# after a /window, /join or /create that failed, text is held back
# (refused) until one works, instead of going to the room still in view.
. "$top_srcdir/tests/lib.sh"

start_hub
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"

# Lines after /quit: not sent, and said so.
run_batch quit carol "one" "/quit bye now" "two" "" "three"
[ "$BATCH_RC" -eq 3 ] || fail "lines after /quit: exit status $BATCH_RC"
grep -qxF "chatroom: 2 lines after /quit were not sent" "$T/quit.err" ||
    fail "the lines after /quit are not counted on stderr"
wait_for "$T/obs.out" "<carol> one"
grep -qF "<carol> two" "$T/obs.out" && fail "a line after /quit was sent"
ok "lines after /quit are counted on stderr, status 3"

# A /quit that ends the input is a clean exit.
run_batch quitend carol "one more" "/quit"
[ "$BATCH_RC" -eq 0 ] || fail "a last /quit: exit status $BATCH_RC"
[ -s "$T/quitend.err" ] && fail "a last /quit wrote to stderr"
ok "a /quit on the last line exits 0, quietly"

# /join prints the topic, after "you joined".
client_say obs "/join #dev"
wait_for "$T/obs.out" "you joined #dev"
run_batch topic dave "/join #dev" "/topic the dev room"
[ "$BATCH_RC" -eq 0 ] || fail "setting a topic: exit status $BATCH_RC"
run_batch joined gina "/join #dev"
[ "$BATCH_RC" -eq 0 ] || fail "joining #dev: exit status $BATCH_RC"
grep -A1 -F "#dev -- you joined #dev" "$T/joined.out" | tail -n 1 |
    grep -qE '^\[[0-9:]+\] #dev -!- topic of #dev: the dev room$' ||
    fail "the topic does not follow the join"
ok "/join prints the room's topic"

# Text after a /window that failed is refused, not sent to #lobby.
run_batch win erin "/window #nosuch" "hello lobby" "/me waves" \
    "@observer direct" "/window #lobby" "back in lobby"
[ "$BATCH_RC" -eq 3 ] || fail "a failed /window: exit status $BATCH_RC"
grep -qF "there is no window #nosuch" "$T/win.err" ||
    fail "the /window was not refused"
[ "$(grep -cF "the last /window failed and #lobby is still in view" \
    "$T/win.err")" -eq 2 ] ||
    fail "text and /me after the failed /window were not refused"
grep -qxF "chatroom: 3 lines were refused" "$T/win.err" ||
    fail "the refused lines are not counted"
wait_for "$T/obs.out" "<erin> back in lobby"
wait_for "$T/obs.out" "*erin* direct"
grep -qF "hello lobby" "$T/obs.out" && fail "text went to the old room"
grep -qF "erin waves" "$T/obs.out" && fail "/me went to the old room"
ok "text after a failed /window waits for one that works"

# The same after a /create the hub refuses: #dev exists.
run_batch create frank "/create #dev" "hello lobby" "/join #lobby" "at last"
[ "$BATCH_RC" -eq 3 ] || fail "a refused /create: exit status $BATCH_RC"
grep -qF "already exists" "$T/create.err" ||
    fail "the hub did not refuse the /create"
grep -qF "the last /create failed and #lobby is still in view" \
    "$T/create.err" ||
    fail "text after a refused /create was not refused"
wait_for "$T/obs.out" "<frank> at last"
grep -qF "hello lobby" "$T/obs.out" && fail "text went to the old room"
ok "text after a /create the hub refused waits for a /join that works"
