#!/bin/bash
# SPDX-License-Identifier: ISC
# The hub configurations in data/ work: a hub started from each, with its
# files moved into the test directory and its port onto loopback, serves
# a --batch client.
. "$top_srcdir/tests/lib.sh"
command -v openssl >/dev/null || exit 77

etc=$T/etc
mkdir -p "$etc"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$etc/privkey.pem" -out "$etc/fullchain.pem" -days 2 \
    -subj /CN=localhost >/dev/null 2>&1 || fail "openssl req"
echo team-secret >"$etc/hub.pw"
echo oper-secret >"$etc/admin.pw"
echo "Welcome to the samples hub" >"$etc/motd"

# The SHA-256 fingerprint of a certificate, as the client takes it.
fingerprint() {
	openssl x509 -noout -fingerprint -sha256 -in "$1" | sed 's/.*=//'
}

# chatroom.conf.sample holds every hub key chatroom.conf(5) documents.
keys=$(sed -n '/^\.Ss Hub settings/,/^\.Ss Client settings/p' \
    "$top_srcdir/man/chatroom.conf.5" |
    sed -n 's/^\.It Cm \([A-Z_]*\) Ns =.*/\1/p')
[ -n "$keys" ] || fail "no hub keys found in chatroom.conf(5)"
for k in $keys; do
	grep -q "^#*$k=" "$top_srcdir/data/chatroom.conf.sample" ||
	    fail "chatroom.conf.sample lacks $k"
done
ok "chatroom.conf.sample has all $(wc -w <<<"$keys") hub keys"

# The installed config and the unit tell the admin the same way to apply
# a change: a reload, which disconnects no one.
for f in chatroom.conf chatroom.service; do
	grep -q 'systemctl reload chatroom' "$top_srcdir/data/$f" ||
	    fail "data/$f does not say to reload after a change"
done
! grep -q '^# *systemctl restart chatroom$' "$top_srcdir/data/chatroom.conf" ||
    fail "data/chatroom.conf says to restart after a change"
ok "chatroom.conf and chatroom.service agree on reload"

# The sample's LOG_FILE is the file logrotate.sample rotates.
log=$(sed -n 's/^#LOG_FILE=//p' "$top_srcdir/data/chatroom.conf.sample")
[ -n "$log" ] && grep -q "^$log {" "$top_srcdir/data/logrotate.sample" ||
    fail "chatroom.conf.sample's LOG_FILE $log is not logrotate.sample's"
ok "chatroom.conf.sample and logrotate.sample name the same log file"

# The test hub, which may run beside production, keeps its own history.
prod=$(sed -n 's/^HISTORY=//p' "$top_srcdir/data/chatroom.conf")
for f in hub-test.conf.sample; do
	h=$(sed -n 's/^HISTORY=//p' "$top_srcdir/data/$f")
	[ -n "$h" ] && [ "$h" != "$prod" ] ||
	    fail "data/$f shares production's history $prod"
done
ok "hub-test.conf.sample has a history of its own"

for f in chatroom.conf chatroom.conf.sample hub-laptop.conf.sample \
    hub-test.conf.sample hub-production.conf.sample; do
	src=$top_srcdir/data/$f
	[ -f "$src" ] || fail "data/$f is missing"
	dir=$T/$f
	mkdir -p "$dir"
	# The port and the history come from start_hub's options, which win
	# over LISTEN and HISTORY; every other file named is made above.
	sed -e "s|/etc/chatroom/|$etc/|g" "$src" >"$dir/hub.conf"
	! grep -q '^[A-Z_]*=/etc/' "$dir/hub.conf" ||
	    fail "$f names a file this test does not make"
	INSECURE=
	[ "$f" = hub-laptop.conf.sample ] && INSECURE=--insecure
	# A sample's metrics port moves to a free one, as its LISTEN does.
	metrics=
	grep -q '^METRICS=' "$dir/hub.conf" &&
	    metrics="--metrics 127.0.0.1:$(pick_port)"
	# shellcheck disable=SC2086	# the option and its value are words
	HUB_NAME=${f%%.*} start_hub --config "$dir/hub.conf" \
	    --history "$dir/history.json" $metrics
	BATCH_OPTS=
	if [ -z "$INSECURE" ]; then
		cert=$dir/hub-cert.pem
		grep -q '^TLS_CERT=' "$dir/hub.conf" && cert=$etc/fullchain.pem
		[ -f "$cert" ] || fail "$f: no certificate $cert"
		BATCH_OPTS="--trust $(fingerprint "$cert")"
	fi
	grep -q '^PASSWORD_FILE=' "$dir/hub.conf" &&
	    BATCH_OPTS="$BATCH_OPTS --password-file $etc/hub.pw"
	run_batch "${f%%.*}-client" alice "hello from $f"
	[ "$BATCH_RC" -eq 0 ] || fail "$f: the client failed ($BATCH_RC)"
	grep -qF "<alice> hello from $f" "$T/${f%%.*}-client.out" ||
	    fail "$f: the message did not come back"
	if grep -q '^MOTD_FILE=' "$dir/hub.conf"; then
		grep -qF "Welcome to the samples hub" \
		    "$T/${f%%.*}-client.out" || fail "$f: no MOTD"
	fi
	stop_hub TERM
	[ "$HUB_RC" -eq 0 ] || fail "$f: the hub exited with $HUB_RC"
	ok "data/$f: a hub serves a client with it"
done
exit 0
