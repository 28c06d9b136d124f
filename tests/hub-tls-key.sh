#!/bin/bash
# SPDX-License-Identifier: ISC
# A bad TLS key or certificate is named in words, at start-up and at a
# reload, and never makes OpenSSL ask for a passphrase: its prompt would
# read the hub's terminal (here a pipe that stays open) and stop the
# event loop until someone answered.  With --insecure, a certificate and
# key given are ignored with a warning.
. "$top_srcdir/tests/lib.sh"
command -v openssl >/dev/null || exit 77
INSECURE=

fingerprint() {
	openssl x509 -noout -fingerprint -sha256 -in "$1" | sed 's/.*=//'
}

# A pair, another pair, and a pair whose key has a passphrase.
pair() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$T/$1-key.pem" -out "$T/$1-cert.pem" -days 30 \
	    -subj "/CN=$1" 2>/dev/null || fail "openssl req $1"
}
pair good
pair other
openssl genrsa -aes128 -passout pass:x -out "$T/enc-key.pem" 2048 \
    2>/dev/null || fail "openssl genrsa"
openssl req -x509 -key "$T/enc-key.pem" -passin pass:x \
    -out "$T/enc-cert.pem" -days 30 -subj /CN=enc 2>/dev/null ||
    fail "openssl req enc"

# The hub's terminal: read by OpenSSL's prompt when there is no tty, and
# never at an end, as a terminal nobody types on.
mkfifo "$T/tty"
exec {TTY}<>"$T/tty"

# A start that must end at once, saying why: start_refused NAME OPTIONS.
start_refused() {
	local name=$1 pid
	shift
	(
		close_client_fds
		exec $VG "$CHATROOM" --serve --listen "127.0.0.1:$(pick_port)" \
		    --history "$T/$name.json" "$@" >"$T/$name.err" 2>&1
	) <&"$TTY" &
	pid=$!
	PIDS="$PIDS $pid"
	wait_until 15 eval "! kill -0 $pid" ||
	    fail "$name: the hub did not refuse the key at once"
	wait "$pid" && fail "$name: the hub started"
	! grep -qi "pass phrase" "$T/$name.err" ||
	    fail "$name: OpenSSL asked for a passphrase"
}

start_refused enc --tls-cert "$T/enc-cert.pem" --tls-key "$T/enc-key.pem"
grep -qF "enc-key.pem is encrypted: give the hub a key without a passphrase" \
    "$T/enc.err" || fail "encrypted key: $(cat "$T/enc.err")"
ok "a key with a passphrase is refused at start-up, without a prompt"

start_refused mismatch --tls-cert "$T/good-cert.pem" \
    --tls-key "$T/other-key.pem"
grep -qF "other-key.pem does not match the certificate $T/good-cert.pem" \
    "$T/mismatch.err" || fail "mismatch: $(cat "$T/mismatch.err")"
start_refused swapped --tls-cert "$T/good-key.pem" \
    --tls-key "$T/good-cert.pem"
grep -qF "good-key.pem is not a PEM certificate" "$T/swapped.err" ||
    fail "swapped: $(cat "$T/swapped.err")"
start_refused nokey --tls-cert "$T/good-cert.pem" \
    --tls-key "$T/good-cert.pem"
grep -qF "good-cert.pem is not a PEM private key" "$T/nokey.err" ||
    fail "not a key: $(cat "$T/nokey.err")"
! grep -q "error:" "$T/mismatch.err" "$T/swapped.err" "$T/nokey.err" ||
    fail "OpenSSL's codes instead of words"
ok "a key of another certificate, or files swapped, are named in words"

# A renewal that brings a key with a passphrase: the reload refuses it
# at once and keeps the certificate in use, and clients are served.
cp "$T/good-cert.pem" "$T/live-cert.pem"
cp "$T/good-key.pem" "$T/live-key.pem"
fp=$(fingerprint "$T/good-cert.pem")
start_hub --tls-cert "$T/live-cert.pem" --tls-key "$T/live-key.pem" \
    <&"$TTY"
cp "$T/enc-cert.pem" "$T/live-cert.pem"
cp "$T/enc-key.pem" "$T/live-key.pem"
kill -HUP "$HUB_PID"
wait_for "$HUB_LOG" "live-key.pem is encrypted: give the hub a key without \
a passphrase; keeping the certificate in use"
BATCH_OPTS="--trust $fp" run_batch after alice "after the reload"
[ "$BATCH_RC" -eq 0 ] || fail "no answer after the reload"
grep -q "<alice> after the reload" "$T/after.out" ||
    fail "no echo after the reload"
! grep -qi "pass phrase" "$HUB_LOG" || fail "OpenSSL asked at the reload"
ok "a reload refuses a key with a passphrase and keeps serving"
stop_hub TERM

# --insecure with a certificate and key, even broken ones: one warning.
INSECURE=--insecure start_hub --tls-cert "$T/good-cert.pem" \
    --tls-key "$T/missing-key.pem"
[ "$(count_in "$HUB_LOG" "TLS_CERT, TLS_KEY) are ignored")" = 1 ] ||
    fail "no warning that --tls-cert and --tls-key are ignored"
ok "--insecure says once that the certificate and key are ignored"

# A client's own key with a passphrase: without a terminal OpenSSL's
# prompt read standard input, and took the first line typed.
mkdir -p "$T/state/carol/chatroom"
openssl genpkey -algorithm ed25519 -aes128 -pass pass:x \
    -out "$T/state/carol/chatroom/key" 2>/dev/null || fail "openssl genpkey"
INSECURE=--insecure run_batch idkey carol "typed, not a passphrase"
[ "$BATCH_RC" -eq 0 ] || fail "the client failed with its key"
grep -q "<carol> typed, not a passphrase" "$T/idkey.out" ||
    fail "the first line typed went to OpenSSL"
! grep -qi "pass phrase" "$T/idkey.err" || fail "OpenSSL asked the client"
stop_hub TERM
ok "a client's key with a passphrase is not asked for"
