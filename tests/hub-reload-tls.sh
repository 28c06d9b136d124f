#!/bin/bash
# SPDX-License-Identifier: ISC
# A reload takes the TLS_CERT and TLS_KEY the config file now names: new
# connections get the new certificate.  A pair that cannot be loaded
# leaves the certificate and its paths in use, and half a pair is an
# error in the file, which changes nothing, not even the certificate at
# the paths in use.
. "$top_srcdir/tests/lib.sh"
command -v openssl >/dev/null || { echo "no openssl"; exit 77; }

CONF=$T/hub.conf

newcert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	    -nodes -keyout "$T/$1-key.pem" -out "$T/$1-cert.pem" -days 30 \
	    -subj "/CN=$1" 2>/dev/null || fail "openssl req"
}
conf() {
	printf '%s\n' "$@" >"$CONF.new"
	mv "$CONF.new" "$CONF"
}
newcert one
newcert two
INSECURE=
conf "TLS_CERT = $T/one-cert.pem" "TLS_KEY = $T/one-key.pem"
start_hub --config "$CONF"
fp1=$(tls_served)
[ -n "$fp1" ] || fail "no certificate served"

conf "TLS_CERT = $T/two-cert.pem" "TLS_KEY = $T/two-key.pem"
hup_reload
grep -qF "reload: TLS_CERT $T/one-cert.pem -> $T/two-cert.pem" "$HUB_LOG" ||
    fail "the new TLS_CERT not logged"
fp2=$(tls_served)
[ -n "$fp2" ] && [ "$fp2" != "$fp1" ] || fail "still serving $fp1"
ok "new TLS_CERT and TLS_KEY paths: the new certificate served"

conf "TLS_CERT = $T/none-cert.pem" "TLS_KEY = $T/two-key.pem"
hup_reload
wait_for "$HUB_LOG" "keeping the certificate in use"
grep -q "reload: TLS_CERT $T/two-cert.pem ->" "$HUB_LOG" &&
    fail "TLS_CERT taken though its file could not be read"
[ "$(tls_served)" = "$fp2" ] || fail "the certificate in use changed"
ok "a TLS_CERT that cannot be read keeps the certificate and path in use"

conf "TLS_CERT = $T/one-cert.pem"
hup_reload
wait_for "$HUB_LOG" "reload: $CONF: TLS_CERT and TLS_KEY go together; keeping the settings in use"
[ "$(tls_served)" = "$fp2" ] || fail "half a pair changed the certificate"
ok "half a pair in the file changes nothing"

# A renewal at the paths in use waits while the file has an error (a bad
# file changes nothing), and is served once the file is fixed.
cp "$T/one-cert.pem" "$T/two-cert.pem"
cp "$T/one-key.pem" "$T/two-key.pem"
hup_reload
[ "$(tls_served)" = "$fp2" ] || fail "a bad file let the renewal in"
conf "TLS_CERT = $T/two-cert.pem" "TLS_KEY = $T/two-key.pem"
hup_reload
[ "$(tls_served)" = "$fp1" ] || fail "the renewed files at the kept paths not served"
ok "the certificate at the paths in use is renewed on a good reload"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exited $HUB_RC"
