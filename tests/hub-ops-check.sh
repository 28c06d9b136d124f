#!/bin/bash
# SPDX-License-Identifier: ISC
# chatroom --serve --check, as ngircd --configtest or nginx -t: read the
# configuration and every file it names (passwords, MOTD, certificate
# and key, history and journals), resolve the addresses, print
# "configuration OK" and exit 0, or name the fault and exit 1 (2 for a
# usage or configuration error).  It writes nothing, takes no lock and
# binds nothing, so it runs beside the hub it is meant for.
. "$top_srcdir/tests/lib.sh"
command -v openssl >/dev/null || { echo "no openssl"; exit 77; }

check() {
	"$CHATROOM" --serve --check "$@" >"$T/check.out" 2>&1
	CHECK_RC=$?
}

mkdir "$T/etc" "$T/state"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/etc/key.pem" -out "$T/etc/cert.pem" -days 30 \
    -subj /CN=check 2>/dev/null || fail "openssl req"
echo s3cret >"$T/etc/admin.pw"
echo "welcome" >"$T/etc/motd"
cat >"$T/etc/hub.conf" <<CONF
listen = 127.0.0.1:7777
history = $T/state/history.json
admin_password_file = $T/etc/admin.pw
motd_file = $T/etc/motd
tls_cert = $T/etc/cert.pem
tls_key = $T/etc/key.pem
log_file = $T/state/hub.log
irc_listen = 127.0.0.1
CONF
check --config "$T/etc/hub.conf"
[ "$CHECK_RC" = 0 ] || fail "exit $CHECK_RC: $(cat "$T/check.out")"
grep -q "configuration OK" "$T/check.out" || fail "$(cat "$T/check.out")"
[ -z "$(ls -A "$T/state")" ] || fail "--check wrote $(ls "$T/state")"
ok "a good configuration is OK, and nothing is written"

# Faults a start would meet, each named, before any restart.
printf 'listen = :7777 # the usual port\n' >"$T/etc/comment.conf"
check --config "$T/etc/comment.conf" --history "$T/state/history.json"
[ "$CHECK_RC" = 2 ] || fail "exit $CHECK_RC for a bad listen address"
grep -qF "comment.conf:1: LISTEN: invalid port '7777 # the usual port'" \
    "$T/check.out" || fail "$(cat "$T/check.out")"
check --config "$T/etc/hub.conf" --motd-file "$T/etc/nomotd"
[ "$CHECK_RC" = 1 ] || fail "exit $CHECK_RC for a missing MOTD"
grep -q "nomotd: No such file" "$T/check.out" || fail "$(cat "$T/check.out")"
openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:P-256 \
    -out "$T/etc/other.pem" 2>/dev/null
check --config "$T/etc/hub.conf" --tls-key "$T/etc/other.pem"
[ "$CHECK_RC" = 1 ] || fail "exit $CHECK_RC for a key of another certificate"
grep -q "does not match the certificate" "$T/check.out" ||
    fail "$(cat "$T/check.out")"
printf 'flush_interval = 0\n' >"$T/etc/range.conf"
check --config "$T/etc/range.conf"
[ "$CHECK_RC" = 2 ] || fail "exit $CHECK_RC for a value out of range"
[ -z "$(ls -A "$T/state")" ] || fail "--check wrote $(ls "$T/state")"
ok "a bad address, MOTD, key or value is named"

# Beside the running hub, on its own history: no lock is taken.
HUB_HISTORY=$T/state/history.json start_hub
raw_open w
raw_send w '{"type":"hello","version":1,"nick":"writer"}'
raw_expect w '"type":"history_end"'
raw_send w '{"type":"msg","room":"lobby","text":"kept","seq":1}'
raw_expect w '"type":"ack"'
check --config "$T/etc/hub.conf"
[ "$CHECK_RC" = 0 ] || fail "exit $CHECK_RC beside the hub: $(cat "$T/check.out")"
ok "--check runs beside the hub on its history"
stop_hub TERM

printf '{"version":1,"rooms":[' >"$T/state/history.json"
check --config "$T/etc/hub.conf"
[ "$CHECK_RC" = 1 ] || fail "exit $CHECK_RC for a damaged history"
grep -q "history.json: not valid JSON" "$T/check.out" ||
    fail "$(cat "$T/check.out")"
ok "a damaged history file is found before a restart"

# A file from a newer chatroom (a downgrade): run that one, not "start
# with an empty history", which would drop the claims and bans.
printf '{"version":2,"rooms":[]}' >"$T/state/history.json"
check --config "$T/etc/hub.conf"
[ "$CHECK_RC" = 1 ] || fail "exit $CHECK_RC for a newer history"
grep -q "written by a newer chatroom.*run the newer chatroom on it" \
    "$T/check.out" || fail "$(cat "$T/check.out")"
grep -q "empty history" "$T/check.out" && fail "$(cat "$T/check.out")"
ok "a history file from a newer version says so"
