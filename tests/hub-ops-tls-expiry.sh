#!/bin/bash
# SPDX-License-Identifier: ISC
# A certificate that expires soon, or has expired, is a warning in the
# log at start-up and at each reload (and once a day), with what to do;
# the metrics show when it expires, for an alert.  Otherwise a renewal
# that failed shows only as failed handshakes once clients refuse it.
. "$top_srcdir/tests/lib.sh"
command -v openssl >/dev/null || { echo "no openssl"; exit 77; }

# A self-signed certificate for the key, valid for $1 days (-1: expired
# yesterday).
cert_for() {
	openssl req -new -key "$T/key.pem" -subj /CN=expiry \
	    -out "$T/req.csr" 2>/dev/null &&
	openssl x509 -req -in "$T/req.csr" -signkey "$T/key.pem" \
	    -days "$1" -out "$T/cert.pem" 2>/dev/null || fail "openssl x509"
}
not_after() {
	date -d "$(openssl x509 -noout -enddate -in "$T/cert.pem" |
	    sed 's/notAfter=//')" +%s
}
expiry_metric() {
	metric "$MX_PORT" chatroom_tls_certificate_expiry_timestamp_seconds |
	    sed 's/\..*//'
}

openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:P-256 \
    -out "$T/key.pem" 2>/dev/null || fail "openssl genpkey"
cert_for 5
MX_PORT=$(pick_port)
INSECURE=
start_hub --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" \
    --metrics "127.0.0.1:$MX_PORT"
# Counted as the date reads: 4.99 days on is "in 5 days", not 4.
grep -Eq "warning: the TLS certificate expires on .*, in 5 days: renew" \
    "$HUB_LOG" || fail "no warning for a certificate that expires in 5 days"
[ "$(expiry_metric)" = "$(not_after)" ] ||
    fail "metric $(expiry_metric), certificate $(not_after)"
ok "a certificate that expires within two weeks is a warning"

cert_for 1
kill -HUP "$HUB_PID"
wait_for "$HUB_LOG" "warning: the TLS certificate expires on"
wait_for "$HUB_LOG" ", in 1 day: renew"
ok "the days left agree with the date"

cert_for -1
kill -HUP "$HUB_PID"
wait_for "$HUB_LOG" "warning: the TLS certificate expired on"
[ "$(expiry_metric)" = "$(not_after)" ] ||
    fail "metric $(expiry_metric), certificate $(not_after)"
ok "an expired certificate, on reload, is a warning"

cert_for 90
n=$(grep -c "the TLS certificate expire" "$HUB_LOG")
r=$(grep -c "reloaded" "$HUB_LOG")
kill -HUP "$HUB_PID"
wait_until 10 eval '[ "$(grep -c reloaded "$HUB_LOG")" -gt "$r" ]' ||
    fail "no second reload"
[ "$(grep -c "the TLS certificate expire" "$HUB_LOG")" = "$n" ] ||
    fail "a warning for a certificate valid for 90 days"
ok "a certificate valid for long is no warning"

# --check warns as a start does (an admin runs it before a restart, e.g.
# in a renewal hook), for an expired certificate and one about to expire;
# the configuration is still good: a start would run.
stop_hub TERM
for days in -1 5 90; do
	cert_for "$days"
	"$CHATROOM" --serve --check --tls-cert "$T/cert.pem" \
	    --tls-key "$T/key.pem" --history "$T/history.json" \
	    --listen "127.0.0.1:$HUB_PORT" >"$T/check.out" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || fail "--check exited $rc: $(cat "$T/check.out")"
	grep -qx "chatroom: configuration OK" "$T/check.out" ||
	    fail "--check did not say OK: $(cat "$T/check.out")"
	case $days in
	-1)	want="warning: the TLS certificate expired on .*: clients that"
		want="$want check it refuse the hub; renew it" ;;
	5)	want="warning: the TLS certificate expires on .*, in 5 days:" ;;
	90)	grep -q "TLS certificate expire" "$T/check.out" &&
		    fail "--check: a warning for 90 days left"
		continue ;;
	esac
	grep -q "$want" "$T/check.out" ||
	    fail "--check, $days days: no warning: $(cat "$T/check.out")"
done
ok "--check warns of an expired or expiring certificate, as a start does"
