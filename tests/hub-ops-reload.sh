#!/bin/bash
# SPDX-License-Identifier: ISC
# SIGHUP reloads what an administrator changes while the hub runs, as
# ngircd and InspIRCd do: it opens the log file again (logrotate), reads
# the TLS certificate and key (a renewed certificate), the operator
# password and the message of the day again, and never stops the hub: a
# file it cannot read leaves what was in use.  The log file it makes has
# mode 0600, whatever the umask: it names users and their addresses.
# SIGUSR2, which would end the hub unsaved, is ignored; SIGUSR1 writes a
# backup (tests/hub-backup.sh) and leaves the hub running.
. "$top_srcdir/tests/lib.sh"
command -v openssl >/dev/null || { echo "no openssl"; exit 77; }

newcert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	    -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 30 \
	    -subj "/CN=$1" 2>/dev/null || fail "openssl req"
}

umask 022
newcert one
echo "first message of the day" >"$T/motd"
echo oper-one >"$T/oper.pw"
INSECURE=
start_hub --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" \
    --log-file "$T/hub.log" --motd-file "$T/motd" \
    --admin-password-file "$T/oper.pw"
fp1=$(tls_served)
[ -n "$fp1" ] || fail "no certificate served"
grep -qF "fingerprint $fp1" "$HUB_LOG" || fail "fingerprint $fp1 not logged"
BATCH_OPTS="--trust $fp1" run_batch a1 alice "/oper oper-one"
grep -q "first message of the day" "$T/a1.out" || fail "no first motd"
grep -q "hub operator" "$T/a1.out" || fail "first password refused"
ok "the hub serves its first certificate, motd and password"

# Renew everything, rotate the log as logrotate does, and reload.
newcert two
echo "second message of the day" >"$T/motd"
echo oper-two >"$T/oper.pw"
mv "$T/hub.log" "$T/hub.log.1"
kill -HUP "$HUB_PID"
wait_for "$T/hub.log" "reloaded" 10
kill -0 "$HUB_PID" 2>/dev/null || fail "SIGHUP stopped the hub"
grep -q "reloaded, with warnings" "$T/hub.log" && fail "warnings on reload"
fp2=$(tls_served)
[ -n "$fp2" ] && [ "$fp2" != "$fp1" ] ||
    fail "still serving $fp1 (now $fp2) after SIGHUP"
grep -qF "fingerprint $fp2" "$T/hub.log" || fail "new fingerprint not logged"
grep -q "reloaded" "$T/hub.log.1" && fail "logged on in the rotated file"
mode=$(stat -c %a "$T/hub.log")
[ "$mode" = 600 ] || fail "the new log file has mode $mode"
ok "SIGHUP: a new log file, and the renewed certificate served"
grep -q "reload: message of the day $T/motd changed" "$T/hub.log" ||
    fail "the new message of the day is not said: $(cat "$T/hub.log")"
ok "SIGHUP: the log says the message of the day changed"

# A reload with the same certificate (each logrotate's) says so in one
# line, not the fingerprints again.
n=$(grep -c "fingerprint" "$T/hub.log")
kill -HUP "$HUB_PID"
wait_until 10 eval '[ "$(grep -c "reloaded" "$T/hub.log")" -ge 2 ]' ||
    fail "no second reload"
grep -q "TLS certificate $T/cert.pem unchanged" "$T/hub.log" ||
    fail "the unchanged certificate is not said"
grep -q "reload: message of the day $T/motd unchanged" "$T/hub.log" ||
    fail "the unchanged message of the day is not said"
[ "$(grep -c "fingerprint" "$T/hub.log")" = "$n" ] ||
    fail "the fingerprints logged again for the same certificate"
ok "SIGHUP with the same certificate: one line"

BATCH_OPTS="--trust $fp2" run_batch b1 bob "/oper oper-two"
grep -q "second message of the day" "$T/b1.out" || fail "no second motd"
grep -q "hub operator" "$T/b1.out" || fail "new password refused"
BATCH_OPTS="--trust $fp2" run_batch c1 carol "/oper oper-one"
grep -q "hub operator" "$T/c1.out" && fail "old password still taken"
ok "the new operator password and message of the day are in use"

# Broken files: the hub keeps what it has, says so, and runs on.
echo "not a certificate" >"$T/cert.pem"
rm "$T/motd"
kill -HUP "$HUB_PID"
wait_for "$T/hub.log" "keeping the certificate in use" 10
wait_for "$T/hub.log" "keeping the passwords and message of the day" 10
kill -0 "$HUB_PID" 2>/dev/null || fail "a bad certificate stopped the hub"
[ "$(tls_served)" = "$fp2" ] || fail "the certificate in use changed"
BATCH_OPTS="--trust $fp2" run_batch d1 dave "/oper oper-two"
grep -q "second message of the day" "$T/d1.out" || fail "motd lost"
grep -q "hub operator" "$T/d1.out" || fail "password lost"
ok "unreadable files on reload leave the hub as it was"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exited $HUB_RC"
ok "the hub stops cleanly after its reloads"

# SIGUSR1 and SIGUSR2, which other daemons take, leave the hub running.
INSECURE=--insecure
HUB_NAME=usr start_hub
kill -USR1 "$HUB_PID"
wait_for "$T/usr.log" "backup written to"
kill -USR2 "$HUB_PID"
wait_for "$T/usr.log" "received SIGUSR2: ignored"
kill -0 "$HUB_PID" 2>/dev/null || fail "SIGUSR1 or SIGUSR2 stopped the hub"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exited $HUB_RC"
ok "SIGUSR1 writes a backup and SIGUSR2 is ignored; the hub runs on"

# A new hub password is said on reload (never the password itself).
echo hub-one >"$T/hub.pw"
HUB_NAME=pw start_hub --password-file "$T/hub.pw"
echo hub-two >"$T/hub.pw"
kill -HUP "$HUB_PID"
wait_for "$T/pw.log" "reload: the hub password changed"
kill -HUP "$HUB_PID"
wait_until 10 eval '[ "$(grep -c "reloaded" "$T/pw.log")" -ge 2 ]' ||
    fail "no second reload"
[ "$(grep -c "hub password changed" "$T/pw.log")" = 1 ] ||
    fail "an unchanged hub password said to change"
grep -q "hub-one\|hub-two" "$T/pw.log" && fail "a password was logged"
stop_hub TERM
ok "SIGHUP: the log says the hub password changed, once"
