#!/bin/bash
# SPDX-License-Identifier: ISC
# /mute takes a reason as /ban does (after the duration, or alone): the
# muted user is told it (native and IRC, and again when back still
# muted), /bans and the log give it.  A ban given no reason is kept with
# none (not "banned") and said to have none.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

printf 's3cret\n' >"$T/admin.pw"
start_irc_hub --irc-server-name mute.test --admin-password-file \
    "$T/admin.pw"
irc_open i
irc_register i ircy
client_start op boss
client_start bob bob
client_start cy cyd
wait_for "$T/op.out" "you joined #lobby"
wait_for "$T/bob.out" "you joined #lobby"
wait_for "$T/cy.out" "you joined #lobby"
client_say op "/oper s3cret" "/mute bob 1h spamming links" \
    "/mute ircy 0 caps lock" "/mute cyd flooding the room"
until_then="you cannot speak until then"
lift="you cannot speak until they lift it"
# The end in local time, as the client's [hh:mm], and what is left.
when_re="([A-Z][a-z]{2} [0-9]{1,2} )?[0-9]{2}:[0-9]{2}"
wait_until 10 grep -qE "boss muted you: you cannot speak until $when_re \
\(in (59m [0-9]+s|1h)\) \(reason: spamming links\)" "$T/bob.err" ||
    fail "bob: $(cat "$T/bob.err")"
irc_wait i ":mute.test NOTICE ircy :boss muted you: $lift (reason: caps lock)"
wait_for "$T/cy.err" "boss muted you: $lift (reason: flooding the room)"
wait_until 10 grep -qE "bob is muted until $when_re \(in (59m [0-9]+s|1h)\) \
\(reason: spamming links\)" "$T/op.out" || fail "op: $(cat "$T/op.out")"
wait_for "$HUB_LOG" "boss muted bob for 1h: spamming links"
wait_for "$HUB_LOG" "boss muted cyd for ever: flooding the room"
ok "a mute's reason is told to the muted user, native and IRC, and logged"

client_say op "/bans"
wait_for "$T/op.out" "mute cyd (permanent) by boss: flooding the room"
grep -qE "mute bob until .* by boss: spamming links$" "$T/op.out" ||
    fail "/bans: $(grep "mute bob" "$T/op.out")"
ok "/bans gives a mute's reason"

# Back while still muted: told the reason again.
client_stop bob
client_start bob2 bob
wait_for "$T/bob2.out" "you joined #lobby"
re="boss muted you: you cannot speak until $when_re \(in [0-9hms ]+\)"
wait_until 10 grep -qE "$re \(reason: spamming links\)" "$T/bob2.err" ||
    fail "bob back: $(cat "$T/bob2.err")"
ok "a user back still muted is told the reason again"

# A ban without a reason: none kept, and none said.
client_say op "/ban zed"
wait_for "$T/op.out" "zed is banned"
client_say op "/bans"
wait_for "$T/op.out" "nick zed (permanent) by boss: no reason given"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
grep -q '"reason":"banned"' "$T/history.json" &&
    fail "a ban without a reason was kept as \"banned\""
grep -q '"target":"zed"' "$T/history.json" || fail "the ban was not saved"
ok "a ban without a reason is kept with none and listed as such"
exit 0
