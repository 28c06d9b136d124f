#!/bin/bash
# SPDX-License-Identifier: ISC
# Keepalive: a registered connection that says nothing is pinged after
# half the ping timeout and dropped at the timeout; one that answers
# stays, and dropping one leaves the others' deadlines alone (the first
# check comes at the handshake deadline, then one every second).
. "$top_srcdir/tests/lib.sh"

start_hub --ping-timeout 6 --handshake-timeout 2
for n in quiet answers; do
	raw_open "$n"
	raw_send "$n" "{\"type\":\"hello\",\"version\":1,\"nick\":\"$n\"}"
	raw_expect "$n" '"type":"history_end"'
done

# Both are pinged (checks every half second or more: within a few).
raw_expect quiet '"type":"ping"' 10
raw_expect answers '"type":"ping"' 10
raw_send answers '{"type":"pong"}'
ok "an idle connection is pinged"

# The quiet one goes; the one that answers every ping stays.
raw_closed quiet 15 || fail "a connection that never answered stayed"
ok "a connection that does not answer is dropped"
end=$(( $(now_ms) + 7000 ))
while [ "$(now_ms)" -lt "$end" ]; do
	raw_expect answers '"type":"ping"' 10
	raw_send answers '{"type":"pong"}'
done
raw_send answers '{"type":"ping","seq":9}'
raw_expect answers '"seq":9'
[ "$(grep -c "[0-9]: ping timeout$" "$HUB_LOG")" -eq 1 ] ||
    fail "not one ping timeout logged"
ok "a connection that answers stays"
