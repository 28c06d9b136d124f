#!/bin/bash
# SPDX-License-Identifier: ISC
# /bans lists the time left as the confirmation said it a moment before:
# a 7-day mute is "in 7d", a 2d12h ban "in 2d 12h", not "6d 23h" and
# "2d 11h" because a second went by.
. "$top_srcdir/tests/lib.sh"

start_oper_pair start_hub
client_say alice "/mute bob 7d" "/ban 10.3.3.3 2d12h robots"
wait_for "$T/alice.out" "bob is muted until"
wait_for "$T/alice.out" "10.3.3.3 is banned until"
sleep 2	# a second or two gone: the list must not say an hour less
client_say alice "/bans"
wait_for "$T/alice.out" "mute bob until"
wait_for "$T/alice.out" "ip 10.3.3.3 until"
grep -F "mute bob until" "$T/alice.out" | grep -qF "(in 7d)" ||
	fail "$(grep -F "mute bob until" "$T/alice.out")"
grep -F "ip 10.3.3.3 until" "$T/alice.out" | grep -qF "(in 2d 12h)" ||
	fail "$(grep -F "ip 10.3.3.3 until" "$T/alice.out")"
ok "/bans says 7d and 2d 12h, as the confirmations did"
exit 0
