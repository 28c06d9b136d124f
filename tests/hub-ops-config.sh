#!/bin/bash
# SPDX-License-Identifier: ISC
# A hub configuration file as editors leave it: a UTF-8 byte order mark
# at its start (Notepad) and CRLF line ends are not part of the keys and
# values.
. "$top_srcdir/tests/lib.sh"

printf '\xef\xbb\xbfflush-interval = 2\r\nreplay = 7\r\n' >"$T/bom.conf"
start_hub --config "$T/bom.conf"
kill -0 "$HUB_PID" 2>/dev/null || fail "a file with a BOM was refused"
grep -q "unknown key" "$HUB_LOG" && fail "the BOM was taken for a key"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
ok "a byte order mark and CRLF line ends are ignored"

# Elsewhere than at the start, it is an error like any other byte.
printf 'replay = 7\n\xef\xbb\xbfflush-interval = 2\n' >"$T/mid.conf"
"$CHATROOM" --serve --config "$T/mid.conf" >"$T/mid.out" 2>&1
rc=$?
[ "$rc" = 2 ] || fail "exit $rc for a stray BOM"
grep -q "mid.conf:2: unknown key" "$T/mid.out" || fail "$(cat "$T/mid.out")"
ok "a BOM inside the file is still an error"

# An address in use: the messages name it as it is written, and why.
p=$(pick_port)
"$CHATROOM" --serve --insecure --listen "127.0.0.1:$p" --history "$T/m/h.json" \
    --metrics "127.0.0.1:$p" >"$T/metrics.out" 2>&1
rc=$?
[ "$rc" = 1 ] || fail "exit $rc for a metrics port in use"
grep -q "cannot listen for metrics on 127.0.0.1:$p: Address already in use" \
    "$T/metrics.out" || fail "metrics: $(cat "$T/metrics.out")"
start_hub
"$CHATROOM" --serve --insecure --listen "127.0.0.1:$HUB_PORT" \
    --history "$T/busy/h.json" >"$T/busy.out" 2>&1
grep -q "^chatroom: cannot listen on 127.0.0.1:$HUB_PORT: Address already" \
    "$T/busy.out" || fail "listen: $(cat "$T/busy.out")"
ok "a port in use is named as written, with the reason"

# One of --tls-cert and --tls-key is a usage error: status 2, as
# chatroom(1) says.
"$CHATROOM" --serve --tls-cert "$T/none.pem" --history "$T/t/h.json" \
    >"$T/half.out" 2>&1
rc=$?
[ "$rc" = 2 ] || fail "exit $rc for --tls-cert alone"
ok "--tls-cert alone exits 2"
