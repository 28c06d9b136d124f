#!/bin/bash
# SPDX-License-Identifier: ISC
# A mute set for a time ends with a word: the user is told they may speak
# again (a notice code the client words; a NOTICE in words on IRC) and the
# log says so.  A mute that ended while the hub was down is logged once,
# at the start, not at every start after.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

# How many mutes the client NAME was told of.
told() {
	count_in "$T/$1.err" "boss muted you: you cannot speak until"
}

printf 's3cret\n' >"$T/admin.pw"
start_irc_hub --irc-server-name mute.test --admin-password-file \
    "$T/admin.pw" --flush-interval 1
irc_open i
irc_register i ircy
client_start op boss
client_start bob bob
wait_for "$T/op.out" "you joined #lobby"
wait_for "$T/bob.out" "you joined #lobby"
client_say op "/oper s3cret" "/mute bob 2s" "/mute ircy 2s"
wait_for "$T/bob.err" "boss muted you: you cannot speak until"
irc_wait i ":mute.test NOTICE ircy :boss muted you for 2s"
wait_for "$T/bob.out" "you may speak again: your mute ended" 15
irc_wait i ":mute.test NOTICE ircy :You may speak again: your mute ended" 15
wait_for "$HUB_LOG" "the mute on bob ended (set by boss)"
wait_for "$HUB_LOG" "the mute on ircy ended (set by boss)"
grep -q "NOTICE ircy :mute_ended" "$T/i.irc" &&
    fail "a bare notice code reached the IRC user"
client_say bob "said after the mute"
wait_for "$T/op.out" "said after the mute"
ok "a user whose mute ran out is told, native and IRC, and the log says so"

# A mute that ends while the hub is down.
client_say op "/mute bob 3s"
# The second mute told, after the first.
wait_until 10 eval '[ "$(told bob)" -ge 2 ]' ||
    fail "no mute told: $(cat "$T/bob.err")"
t0=$(now_ms)
client_stop op
client_stop bob
stop_hub TERM
while [ $(($(now_ms) - t0)) -lt 4000 ]; do
	sleep 0.2
done
FORCE_PORT=$HUB_PORT start_irc_hub --irc-server-name mute.test \
    --admin-password-file "$T/admin.pw" --flush-interval 1
wait_for "$HUB_LOG" "the mute on bob ended while the hub was down (set by boss)"
ok "a mute that ended while the hub was down is logged at the start"

# Killed before any save, the hub does not log it (or the one that ran
# out before) again at its next start.
stop_hub KILL
FORCE_PORT=$HUB_PORT start_irc_hub --irc-server-name mute.test \
    --admin-password-file "$T/admin.pw" --flush-interval 1
sleep 2		# two flush ticks, when an ended entry would be logged
n=$(count_in "$HUB_LOG" "the mute on bob ended while the hub was down")
[ "$n" -eq 1 ] || fail "the end of bob's mute was logged $n times"
n=$(count_in "$HUB_LOG" "the mute on ircy ended")
[ "$n" -eq 1 ] || fail "the end of ircy's mute was logged $n times"
ok "the end of a mute is logged once, restarts or not"
stop_hub TERM
exit 0
