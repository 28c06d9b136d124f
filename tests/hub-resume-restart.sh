#!/bin/bash
# SPDX-License-Identifier: ISC
# The resume window counts from the loss of the connection, across a
# restart of the hub too: the history file keeps when a session was lost,
# and a restarted hub waits only for what is left of its window (none if
# it passed while the hub was down), not for a whole new one.
. "$top_srcdir/tests/lib.sh"

# Log in on a raw connection, in #dev; the token goes to TOKEN.
raw_login_dev() {
	raw_login "$1" "$2"
	raw_send "$1" '{"type":"join","room":"dev","seq":1}'
	raw_expect "$1" '"type":"ack","seq":1'
}

# Sleep until a time (ms since the epoch), if it is to come.
sleep_until() {
	local d=$(($1 - $(now_ms)))
	[ "$d" -le 0 ] || sleep "$((d / 1000)).$(printf %03d $((d % 1000)))"
}

WINDOW=10
start_hub --resume-timeout $WINDOW --flush-interval 1
raw_login_dev a alice
ta=$TOKEN
raw_login_dev b bob
tb=$TOKEN

# alice's connection is lost at t0; the file says when.
exec {RAW_FD[a]}>&-
t0=$(now_ms)
wait_until 20 grep -q '"nick":"alice"[^]]*],"lost":[1-9]' \
    "$T/history.json" || fail "the file does not say when alice was lost"
ok "the history file keeps when a session was lost"

# The hub dies 3 seconds later and comes back: alice's session is back,
# for what is left of its window only.
sleep_until $((t0 + 3000))
exec {RAW_FD[b]}>&-
stop_hub KILL
FORCE_PORT=$HUB_PORT start_hub --resume-timeout $WINDOW --flush-interval 1
grep -q "alice: resume window expired while" "$HUB_LOG" &&
    fail "alice's session ended early"
# 2 seconds after the window (the old hub gave a whole window from the
# restart, at least 3 seconds more).
sleep_until $((t0 + WINDOW * 1000 + 2000))
raw_resume c "$ta" 1
[[ $RAW_LINE == *'"code":"bad_token"'* ]] ||
    fail "alice resumed after her window from the loss: $RAW_LINE"
grep -q "alice: resume window expired" "$HUB_LOG" ||
    fail "the hub did not say alice's window passed"
ok "a session lost before a restart waits only for the rest of its window"

# bob was connected when the hub died: his window starts at the restart.
raw_resumed d "$tb" 1
ok "a session connected at the crash has its window from the restart"

# A session whose window passed while the hub was down is not restored.
raw_login_dev e erin
te=$TOKEN
exec {RAW_FD[e]}>&-
wait_until 20 grep -q '"nick":"erin"[^]]*],"lost":[1-9]' \
    "$T/history.json" || fail "the file does not say when erin was lost"
stop_hub KILL
sleep $((WINDOW + 1))
FORCE_PORT=$HUB_PORT start_hub --resume-timeout $WINDOW --flush-interval 1
grep -q "erin: resume window expired while the hub was down" "$HUB_LOG" ||
    fail "the hub did not say erin's window passed while it was down"
raw_resume f "$te" 1
[[ $RAW_LINE == *'"code":"bad_token"'* ]] ||
    fail "erin resumed a session whose window had passed: $RAW_LINE"
ok "a session whose window passed while the hub was down is not restored"
exit 0
