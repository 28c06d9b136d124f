#!/bin/bash
# SPDX-License-Identifier: ISC
# Idle time outlives a restart: the history file keeps when each session
# last said something, so whois (and IRC's WHOIS 317, made from it) does
# not start counting again from the restart; a file without the field
# still loads.
. "$top_srcdir/tests/lib.sh"

# Ask for alice's whois on connection $1 (seq $2): her idle to IDLE,
# and the least it may be (seconds since she last spoke) to LEAST.
whois_alice() {
	LEAST=$((($(now_ms) - t0) / 1000))
	raw_send "$1" "{\"type\":\"whois\",\"nick\":\"alice\",\"seq\":$2}"
	raw_expect "$1" '"idle":'
	IDLE=$(sed 's/.*"idle":\([0-9]*\).*/\1/' <<<"$RAW_LINE")
}

start_hub --resume-timeout 60 --flush-interval 1
raw_login a alice
ta=$TOKEN
raw_login b bob
tb=$TOKEN
raw_send a '{"type":"msg","room":"lobby","text":"said","seq":2}'
raw_expect a '"type":"ack","seq":2'
t0=$(now_ms)
wait_saved said
grep -q '"nick":"alice"[^]]*"active":[1-9]' "$T/history.json" ||
    fail "the file does not say when alice last spoke"
ok "the history file keeps when a session last said something"

# Some seconds pass before the hub dies and comes back.
while [ $(($(now_ms) - t0)) -lt 4000 ]; do
	sleep 0.2
done
stop_hub KILL
exec {RAW_FD[a]}>&- {RAW_FD[b]}>&-
FORCE_PORT=$HUB_PORT start_hub --resume-timeout 60 --flush-interval 1
raw_open b2
raw_send b2 "{\"type\":\"hello\",\"version\":1,\"token\":\"$tb\"}"
raw_expect b2 '"resumed":true'
whois_alice b2 1
[ "$IDLE" -ge "$LEAST" ] ||
    fail "alice idle $IDLE s after a restart, but she spoke $LEAST s ago"
ok "whois idle counts from the last message, across a restart"

# Once she speaks again it starts from zero, as ever.
raw_open a2
raw_send a2 "{\"type\":\"hello\",\"version\":1,\"token\":\"$ta\"}"
raw_expect a2 '"resumed":true'
raw_send a2 '{"type":"msg","room":"lobby","text":"again","seq":3}'
raw_expect a2 '"type":"ack","seq":3'
t0=$(now_ms)
whois_alice b2 2
[ "$IDLE" -le 2 ] || fail "alice spoke again but is idle $IDLE s"
ok "speaking after the restart makes the idle time zero"

# A file from before the field loads; idle then counts from the restart.
wait_saved again
stop_hub TERM
exec {RAW_FD[a2]}>&- {RAW_FD[b2]}>&-
history_unseal "$T/history.json"
sed -i 's/"active":[0-9]*,//g' "$T/history.json"
grep -q '"active"' "$T/history.json" && fail "the field is still there"
loaded=$(count_in "$HUB_LOG" "2 sessions")
FORCE_PORT=$HUB_PORT start_hub --resume-timeout 60 --flush-interval 1
[ "$(count_in "$HUB_LOG" "2 sessions")" -gt "$loaded" ] ||
    fail "a file without active did not load"
ok "a history file without the field loads"
exit 0
