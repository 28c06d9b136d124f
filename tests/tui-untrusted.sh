#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client over TLS: while the user is asked whether to trust a
# hub's certificate, nothing the hub sends counts: a welcome does not log
# the client in, messages are not shown.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
command -v openssl >/dev/null || exit 77
command -v socat >/dev/null || exit 77
INSECURE=

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 -subj /CN=fake \
    2>/dev/null || fail "openssl req failed"
cat >"$T/frames" <<'FRAMES'
{"type":"welcome","version":1,"nick":"eve","token":"00112233445566778899aabbccddeeff","resumed":false,"hub":"fake","resume":120}
{"type":"room","room":"lobby","topic":"","members":["eve","mallory"]}
{"type":"msg","id":1,"ts":1,"room":"lobby","nick":"mallory","text":"untrusted words"}
FRAMES
HUB_PORT=$(pick_port)
socat_start socat "OPENSSL-LISTEN:$HUB_PORT,bind=127.0.0.1,reuseaddr,cert=$T/cert.pem,key=$T/key.pem,verify=0" \
    SYSTEM:"cat '$T/frames'; touch '$T/sent'; sleep 30"

tui_start eve eve
tui_wait eve "trust this hub?"
wait_until 10 test -e "$T/sent" || fail "the fake hub sent nothing"
tui_settle eve
tui_has eve "connected to" && fail "logged in before the certificate was trusted"
tui_has eve "untrusted words" && fail "a message shown before the trust"
tui_has eve "#lobby" && fail "a room opened before the trust"
ok "nothing a hub sends counts before its certificate is trusted"
tui_type eve "no"
tui_keys eve Enter
tui_wait eve "CLIENT EXITED rc=1"
exit 0
