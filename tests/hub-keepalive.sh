#!/bin/bash
# SPDX-License-Identifier: ISC
# Keepalive: a registered connection that says nothing is pinged after
# half the ping timeout and dropped at the timeout; one that answers
# stays, and dropping one leaves the others' deadlines alone (the first
# check comes a ping timeout / 4 after the login, then as often).  A ping
# timeout shorter than the handshake deadline pings before it drops.
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
[ "$(grep -c "[0-9]: Ping timeout: [0-9]* seconds$" "$HUB_LOG")" -eq 1 ] ||
    fail "not one ping timeout logged"
ok "a connection that answers stays"

# --ping-timeout 4 under the default 10 s handshake deadline: the first
# check used to come at that deadline, with the client silent for 10 s
# and dropped unpinged.  Pinged, and answering, it stays.
stop_hub
before=$(grep -c "Ping timeout: [0-9]* seconds" "$HUB_LOG")
start_hub --ping-timeout 4
raw_open short
raw_send short '{"type":"hello","version":1,"nick":"short"}'
raw_expect short '"type":"history_end"'
end=$(( $(now_ms) + 12000 ))
while [ "$(now_ms)" -lt "$end" ]; do
	raw_expect short '"type":"ping"' 10
	raw_send short '{"type":"pong"}'
done
raw_send short '{"type":"ping","seq":7}'
raw_expect short '"seq":7'
[ "$(grep -c "Ping timeout: [0-9]* seconds" "$HUB_LOG")" -eq "$before" ] ||
    fail "dropped under a short timeout"
ok "a ping timeout under the handshake deadline pings before it drops"
exit 0
