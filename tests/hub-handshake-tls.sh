#!/bin/bash
# SPDX-License-Identifier: ISC
# A connection that never finishes the TLS handshake is closed at the
# handshake deadline, not five seconds later: no error frame can reach
# it, so there is nothing to linger for.
. "$top_srcdir/tests/lib.sh"

INSECURE=
start_hub --handshake-timeout 1
raw_open mute
start=$(now_ms)
raw_closed mute 20 || fail "a connection without TLS was never closed"
took=$(( $(now_ms) - start ))
echo "closed after $took ms"
# The deadline is 1 s; a lingering close took 6 s.
[ "$took" -lt 4500 ] || fail "closed after $took ms, not at the deadline"
grep -q "closing: handshake timeout" "$HUB_LOG" ||
    fail "the handshake timeout was not logged"
ok "a connection that never finishes TLS goes at the handshake deadline"

# Nor does the shutdown wait for one to take its goodbye (the hub used to
# leave after its 3 s of grace, with the connection still lingering).
stop_hub TERM
HUB_NAME=bye start_hub
raw_open late
wait_until 10 eval '[ "$(count_in "$HUB_LOG" "connection from")" -ge 1 ]' ||
    fail "the connection was not logged"
stop_hub TERM
sed -n '/shutting down/,$p' "$HUB_LOG" | grep -q ": disconnected: closed" ||
    fail "the shutdown left before closing a connection without TLS"
ok "a shutdown closes a connection without TLS at once"

exit 0
