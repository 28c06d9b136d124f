#!/bin/bash
# SPDX-License-Identifier: ISC
# A hub that stood still longer than its ping timeout (stopped, on a
# paused machine) drops no one for that silence: a line sent meanwhile
# waits unread in the socket, and is carried out once the hub runs again.
# A client that really is silent still goes at the next check.
. "$top_srcdir/tests/lib.sh"

start_hub --ping-timeout 4 --handshake-timeout 2
for n in talker quiet; do
	raw_open "$n"
	raw_send "$n" "{\"type\":\"hello\",\"version\":1,\"nick\":\"$n\"}"
	raw_expect "$n" '"type":"history_end"'
done

kill -STOP "$HUB_PID"
# Longer than the timeout, and than a check interval (a second) more.
sleep 7
raw_send talker '{"type":"msg","room":"lobby","text":"said in the stall","seq":5}'
kill -CONT "$HUB_PID"
raw_expect talker '"seq":5' 15
raw_expect quiet 'said in the stall' 15
ok "a line sent while the hub stood still is carried out"

# The quiet one never answers the ping and goes at the next check;
# the talker, heard since the stall, stays.
raw_closed quiet 20 || fail "a silent connection stayed after the stall"
raw_send talker '{"type":"ping","seq":6}'
raw_expect talker '"seq":6' 15
[ "$(grep -c "127.0.0.1:[0-9]*: Ping timeout: [0-9]* seconds$" "$HUB_LOG")" -eq 1 ] ||
    fail "not one ping timeout logged"
ok "a connection silent after the stall is still dropped"
exit 0
