#!/bin/bash
# SPDX-License-Identifier: ISC
# A reload whose config file has an error changes nothing at all: not the
# settings, and neither the operator password, the message of the day nor
# the certificate, though their files changed meanwhile (an administrator
# half-way through an edit).  Operators stay operators and the old
# password still works; the log says so once.  With the file fixed, the
# next reload takes everything.  A bad file used to keep the settings but
# read the other files again, and a new operator password there ended
# every operator's status.
. "$top_srcdir/tests/lib.sh"
command -v openssl >/dev/null || { echo "no openssl"; exit 77; }

CONF=$T/hub.conf

# A new certificate and key at the same paths: newcert CN.
newcert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	    -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 30 \
	    -subj "/CN=$1" 2>/dev/null || fail "openssl req"
}

# Write the config file: conf LINES... after the files it names.
conf() {
	printf '%s\n' "ADMIN_PASSWORD_FILE = $T/oper.pw" \
	    "MOTD_FILE = $T/motd" "TLS_CERT = $T/cert.pem" \
	    "TLS_KEY = $T/key.pem" "$@" >"$CONF.new"
	mv "$CONF.new" "$CONF"
}

newcert one
echo s3cret >"$T/oper.pw"
echo "first message of the day" >"$T/motd"
conf "IRC_AUTOJOIN = lobby"
INSECURE=
start_hub --config "$CONF"
fp1=$(tls_served)
[ -n "$fp1" ] || fail "no certificate served"
client_start alice alice --trust "$fp1"
wait_for "$T/alice.out" "you joined #lobby"
client_say alice "/oper s3cret"
wait_for "$T/alice.out" "you are now a hub operator"

# A typo in the file, and a new password, message and certificate.
conf "IRC_AUTOJOIN = lobby,bad room!,#"
echo n3w >"$T/oper.pw"
echo "second message of the day" >"$T/motd"
newcert two
n=$(count_in "$HUB_LOG" "fingerprint")
hup_reload
grep -q "no longer an operator" "$HUB_LOG" && fail "an operator was dropped"
grep -q "keeping the passwords\|keeping the certificate" "$HUB_LOG" &&
    fail "the other files were read: $(grep reload "$HUB_LOG")"
[ "$(count_in "$HUB_LOG" "fingerprint")" = "$n" ] ||
    fail "a certificate was loaded: $(grep fingerprint "$HUB_LOG")"
[ "$(tls_served)" = "$fp1" ] || fail "the new certificate is served"
BATCH_OPTS="--trust $fp1" run_batch b1 bob "/oper s3cret"
grep -q "you are now a hub operator" "$T/b1.out" ||
    fail "the old password refused: $(cat "$T/b1.out" "$T/b1.err")"
grep -q "first message of the day" "$T/b1.out" || fail "not the first motd"
BATCH_OPTS="--trust $fp1" run_batch c1 carol "/oper n3w"
grep -q "you are now a hub operator" "$T/c1.out" &&
    fail "the new password taken from a bad reload"
client_say alice "/bans"
wait_until 10 grep -q "no bans" "$T/alice.out" "$T/alice.err" ||
    fail "alice's /bans: $(tail -3 "$T/alice.out" "$T/alice.err")"
grep -q "no longer an operator" "$T/alice.out" "$T/alice.err" &&
    fail "alice was told she is no operator"
keep="; keeping the settings in use, and the certificate, passwords"
keep="$keep and message of the day"
[ "$(count_in "$HUB_LOG" "$keep")" = 1 ] ||
    fail "not said once: $(grep reload "$HUB_LOG")"
grep -qF "reload: $CONF:5: IRC_AUTOJOIN: bad room 'bad room!'" "$HUB_LOG" ||
    fail "the bad line not named: $(grep reload "$HUB_LOG")"
ok "a bad file: no password, motd or certificate read; operators kept"

# The file fixed: the new password, message and certificate are taken.
conf "IRC_AUTOJOIN = lobby,#dev"
hup_reload
wait_for "$T/alice.err" "you are no longer an operator: /oper again"
fp2=$(tls_served)
[ -n "$fp2" ] && [ "$fp2" != "$fp1" ] || fail "still serving $fp1"
grep -qF "fingerprint $fp2" "$HUB_LOG" || fail "new fingerprint not logged"
BATCH_OPTS="--trust $fp2" run_batch d1 dave "/oper n3w"
grep -q "you are now a hub operator" "$T/d1.out" ||
    fail "the new password refused: $(cat "$T/d1.out" "$T/d1.err")"
grep -q "second message of the day" "$T/d1.out" || fail "not the new motd"
BATCH_OPTS="--trust $fp2" run_batch e1 erin "/oper s3cret"
grep -q "you are now a hub operator" "$T/e1.out" &&
    fail "the old password still taken"
ok "the fixed file: the new password, motd and certificate are taken"
client_stop alice
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exited $HUB_RC"
exit 0
