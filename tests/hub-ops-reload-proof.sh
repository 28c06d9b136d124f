#!/bin/bash
# SPDX-License-Identifier: ISC
# A client's hello proof is bound to the certificate its TLS connection
# was made with.  A reload (SIGHUP) with a renewed certificate between
# its handshake and its hello must not make that proof fail: the hub
# checks it against the connection's certificate, not the newest one.
. "$top_srcdir/tests/lib.sh"
for tool in openssl socat xxd; do
	command -v "$tool" >/dev/null || exit 77
done

newcert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	    -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 30 \
	    -subj "/CN=$1" 2>/dev/null || fail "openssl req"
}
# The hex SHA-256 of the certificate file, as hello proofs bind it.
cert_hash() {
	openssl x509 -in "$T/cert.pem" -outform DER | sha256sum | cut -c1-64
}
pubkey() {
	openssl pkey -in "$1" -pubout -outform DER | tail -c 32 | xxd -p -c 64
}

newcert one
fp1=$(cert_hash)
INSECURE=
start_hub --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"
TLS_PORT=$HUB_PORT

# A plain-text end for raw_open, relayed over TLS to the hub.
RELAY_PORT=$(pick_port)
socat_start relay "TCP-LISTEN:$RELAY_PORT,bind=127.0.0.1,reuseaddr" \
    "OPENSSL:127.0.0.1:$TLS_PORT,verify=0"
HUB_PORT=$RELAY_PORT raw_open r
raw_expect r '"type":"challenge"'
nonce=$(sed 's/.*"nonce":"\([0-9a-f]*\)".*/\1/' <<<"$RAW_LINE")

# The certificate is renewed and the hub reloaded before the hello.
newcert two
kill -HUP "$HUB_PID"
wait_for "$HUB_LOG" "reloaded"
[ "$(cert_hash)" != "$fp1" ] || fail "the same certificate twice"

openssl genpkey -algorithm ed25519 -out "$T/id.pem" 2>/dev/null ||
    fail "openssl genpkey"
{
	printf 'chatroom hello v2\0'
	printf '%s%s' "$nonce" "$fp1" | xxd -r -p
	printf '%s' carol
} >"$T/transcript"
sig=$(openssl pkeyutl -sign -rawin -inkey "$T/id.pem" \
    -in "$T/transcript" | xxd -p -c 64)
raw_send r "{\"type\":\"hello\",\"version\":2,\"nick\":\"carol\",\
\"key\":\"$(pubkey "$T/id.pem")\",\"sig\":\"$sig\"}"
raw_expect r '"type":"welcome"'
ok "a proof made for the certificate before the reload holds"
