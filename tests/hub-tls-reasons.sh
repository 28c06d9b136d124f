#!/bin/bash
# SPDX-License-Identifier: ISC
# The hub's log says in words why a TLS connection failed: an HTTP
# request, garbage, a client that tried to renegotiate (refused), not
# OpenSSL's raw "error:0A00009C:SSL routines::http request".  The
# metrics count a refused renegotiation.
. "$top_srcdir/tests/lib.sh"

INSECURE=
start_hub --metrics "127.0.0.1:%PORT%"
MPORT=${HUB_PORTS[0]}
raw_open web
printf 'GET / HTTP/1.0\r\n\r\n' >&"${RAW_FD[web]}"
wait_for "$HUB_LOG" "disconnected: not TLS: an HTTP request"
raw_open junk
head -c 4000 /dev/urandom >&"${RAW_FD[junk]}" 2>/dev/null
wait_until 20 grep -qE "disconnected: not TLS \(garbage" "$HUB_LOG" ||
    fail "garbage not said: $(grep disconnected "$HUB_LOG")"
ok "an HTTP request and garbage are said to be not TLS"

# A renegotiation (s_client's "R" once connected) is refused, and said so.
mkfifo "$T/in"
openssl s_client -connect "127.0.0.1:$HUB_PORT" -tls1_2 <"$T/in" \
    >"$T/s_client.out" 2>&1 &
sc=$!
exec {IN}>"$T/in"
# The challenge comes once the hub has the handshake done.
wait_for "$T/s_client.out" "\"type\":\"challenge\""
echo R >&"$IN"
wait_until 20 grep -q "disconnected: the client tried to renegotiate TLS, which the hub refuses" \
    "$HUB_LOG" || fail "renegotiation not said: $(grep disconnected "$HUB_LOG")"
exec {IN}>&-
kill "$sc" 2>/dev/null
wait "$sc" 2>/dev/null
grep -q "SSL routines::" "$HUB_LOG" &&
    fail "a raw OpenSSL string logged: $(grep 'SSL routines' "$HUB_LOG")"
ok "a refused renegotiation is logged as such"

wait_until 20 eval '[ "$(metric "$MPORT" \
    "chatroom_handshake_failures_total{reason=\"renegotiation\"}")" = 1 ]' ||
    fail "renegotiation not counted: $(metric "$MPORT" \
    'chatroom_handshake_failures_total{reason="renegotiation"}')"
ok "a refused renegotiation is counted"
exit 0
