#!/bin/bash
# SPDX-License-Identifier: ISC
# A flooder thrown out of a TLS listener reads its ERROR and the hub's
# close_notify, and meets no reset: the hub drains what it still sends
# before it closes (tests/hub-linger.sh has the plain text cases).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
command -v openssl >/dev/null || { echo "no openssl"; exit 77; }

INSECURE=
start_irc_hub --login-burst 1000

# Registration, then far more than the hub reads before it throws the
# client out, all in one write (socat reads its input in one block).
flood() {
	local i
	printf 'NICK tf%d\r\nUSER tf 0 * :tf\r\nJOIN #lobby\r\n' "$1"
	for i in $(seq 4000); do
		printf 'PRIVMSG #lobby :flood %d\r\n' "$i"
	done
}

for try in $(seq "${LINGER_TRIES:-10}"); do
	flood "$try" >"$T/flood.txt"
	socat -t 5 -b 262144 - "OPENSSL:127.0.0.1:$IRC_PORT,verify=0" \
	    <"$T/flood.txt" >"$T/tls.$try" 2>"$T/tls.$try.err" &
	pid=$!
	PIDS="$PIDS $pid"
	wait_until 30 eval "! kill -0 $pid" || fail "try $try: socat hangs"
	wait $pid
	rc=$?
	grep -q '^ERROR :Closing link: Excess Flood' "$T/tls.$try" ||
	    fail "try $try: no ERROR over TLS: $(tail -n 2 "$T/tls.$try")"
	[ "$rc" -eq 0 ] && ! grep -q "reset" "$T/tls.$try.err" ||
	    fail "try $try: socat failed ($rc): $(cat "$T/tls.$try.err")"
done
ok "a TLS flooder gets its ERROR and no reset"
