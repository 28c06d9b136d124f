#!/bin/bash
# SPDX-License-Identifier: ISC
# TLS by default: the hub makes and reuses a self-signed certificate;
# clients pin its fingerprint on first use (--trust in --batch), pass
# silently after, and refuse a changed certificate loudly.
. "$top_srcdir/tests/lib.sh"
command -v openssl >/dev/null || exit 77
INSECURE=

fingerprint() {
	openssl x509 -noout -fingerprint -sha256 -in "$1" | sed 's/.*=//'
}

start_hub
[ -f "$T/hub-cert.pem" ] || fail "no self-signed certificate made"
[ "$(stat -c %a "$T/hub-key.pem")" = 600 ] || fail "key is not mode 0600"
fp=$(fingerprint "$T/hub-cert.pem")
grep -qF "$fp" "$HUB_LOG" || fail "hub does not log its fingerprint"
openssl s_client -connect "127.0.0.1:$HUB_PORT" -tls1_1 </dev/null \
    >/dev/null 2>&1 && fail "TLS 1.1 accepted"
ok "the hub makes a self-signed certificate and refuses old TLS"

# The cipher the hub chooses: AES-128-GCM first, ChaCha20 for a client
# that asks for it first, and the client's only choice when it has one.
cipher() {
	openssl s_client -connect "127.0.0.1:$HUB_PORT" "$@" </dev/null \
	    2>/dev/null | sed -n 's/.*Cipher is \([^ ]*\).*/\1/p' | head -1
}
c=$(cipher) && [ "$c" = TLS_AES_128_GCM_SHA256 ] ||
    fail "default cipher: '$c'"
c=$(cipher -ciphersuites TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256)
[ "$c" = TLS_CHACHA20_POLY1305_SHA256 ] || fail "ChaCha20 first: '$c'"
c=$(cipher -ciphersuites TLS_AES_256_GCM_SHA384)
[ "$c" = TLS_AES_256_GCM_SHA384 ] || fail "AES-256 only: '$c'"
c=$(cipher -tls1_2) && [ "$c" = ECDHE-ECDSA-AES128-GCM-SHA256 ] ||
    fail "TLS 1.2 cipher: '$c'"
ok "the hub prefers AES-128-GCM, and ChaCha20 for a client that does"

run_batch first alice "hello"
[ "$BATCH_RC" -ne 0 ] || fail "an unknown certificate was accepted"
grep -qF "$fp" "$T/first.err" || fail "the fingerprint is not shown"
grep -q -- "--trust" "$T/first.err" || fail "no hint about --trust"
BATCH_OPTS="--trust $fp" run_batch pin alice "pinned hello"
[ "$BATCH_RC" -eq 0 ] || fail "--trust with the right fingerprint failed"
grep -qF "$fp" "$T/state/alice/chatroom/known_hubs" || fail "not pinned"
run_batch again alice "second time"
[ "$BATCH_RC" -eq 0 ] || fail "a pinned hub was refused"
grep -q "<alice> second time" "$T/again.out" || fail "no echo over TLS"
grep -q "<alice> pinned hello" "$T/again.out" || fail "no replay over TLS"
ok "--trust pins the fingerprint; the next connection passes silently"

BATCH_OPTS="--trust $(printf '00:%.0s' $(seq 31))00" run_batch wrong alice "x"
[ "$BATCH_RC" -eq 1 ] || fail "a wrong --trust gave $BATCH_RC, not 1"
grep -q "does not match --trust" "$T/wrong.err" ||
    fail "a wrong --trust: $(cat "$T/wrong.err")"
ok "a wrong --trust is refused"

# What is not a fingerprint at all is a usage error, before connecting.
BATCH_OPTS="--trust 00:11:22" run_batch short alice "x"
[ "$BATCH_RC" -eq 2 ] || fail "--trust 00:11:22 gave $BATCH_RC, not 2"
grep -q "is not a SHA-256 fingerprint" "$T/short.err" ||
    fail "--trust 00:11:22: $(cat "$T/short.err")"
ok "a --trust that is no fingerprint is a usage error"

# A restart (on the same port) reuses the certificate.
stop_hub TERM
FORCE_PORT=$HUB_PORT start_hub
[ "$(fingerprint "$T/hub-cert.pem")" = "$fp" ] || fail "certificate changed"
run_batch reuse alice "after restart"
[ "$BATCH_RC" -eq 0 ] || fail "refused after a restart"
ok "the certificate survives a restart"

# A swapped certificate is refused loudly, naming the file to edit.
stop_hub TERM
rm -f "$T/hub-cert.pem" "$T/hub-key.pem"
FORCE_PORT=$HUB_PORT start_hub
[ "$(fingerprint "$T/hub-cert.pem")" != "$fp" ] || fail "same certificate"
run_batch swapped alice "x"
[ "$BATCH_RC" -ne 0 ] || fail "a changed certificate was accepted"
grep -q "CHANGED" "$T/swapped.err" || fail "no loud warning"
grep -qF "$T/state/alice/chatroom/known_hubs" "$T/swapped.err" ||
    fail "the known_hubs file is not named"
ok "a swapped certificate is refused with a warning naming known_hubs"

# Plain and TLS do not mix.
INSECURE=--insecure run_batch plain frank "x"
[ "$BATCH_RC" -ne 0 ] || fail "a plain client talked to a TLS hub"
stop_hub TERM

# A certificate given with --tls-cert and --tls-key.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/own-key.pem" -out "$T/own-cert.pem" -days 2 \
    -subj /CN=localhost >/dev/null 2>&1 || fail "openssl req"
start_hub --tls-cert "$T/own-cert.pem" --tls-key "$T/own-key.pem"
own=$(fingerprint "$T/own-cert.pem")
BATCH_OPTS="--trust $own" run_batch own gina "own certificate"
[ "$BATCH_RC" -eq 0 ] || fail "--tls-cert hub refused"
ok "--tls-cert and --tls-key"
exit 0
