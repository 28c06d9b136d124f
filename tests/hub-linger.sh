#!/bin/bash
# SPDX-License-Identifier: ISC
# A client the hub throws out reads why, even one that was still writing
# when the hub closed: the hub shuts its side after the error, reads and
# drops what still comes for a while, and only then closes, so the
# client's kernel meets no reset.  A client stops at a failed write (as
# socat does, and irssi): after a reset it never read its ERROR.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

TRIES=${LINGER_TRIES:-20}

# Many logins from one address, in a row.
start_irc_hub --login-burst 1000

# N lines of FMT (with one %d) in one string: many N FMT.
many() {
	local i out=
	for i in $(seq "$1"); do
		out+=$(printf "$2" "$i")$'\n'
	done
	printf '%s' "$out"
}
# More than the hub reads before it throws the flooder out.
irc_flood=$(many 4000 'PRIVMSG #lobby :flood %d\r')
raw_flood=$(many 2000 '{"type":"msg","room":"lobby","text":"flood %d"}')

# Connect to port $1, say line(s) $2, read to a line with $3: the fd in
# FD.
connect() {
	exec {FD}<>"/dev/tcp/127.0.0.1/$1" || fail "cannot connect"
	printf '%s\n' "$2" >&$FD
	while IFS= read -r -t 20 line <&$FD; do
		[[ $line == *"$3"* ]] && return 0
	done
	fail "no '$3' on connecting: $line"
}

# Is no connection to port $1 open both ways any more (only this test
# connects there)?
half_closed() {
	[ -z "$(ss -Htn state established "( dport = :$1 )")" ]
}

# Flood connection FD to port $1 without reading, until the hub has
# ended its side; then write more, as a client that has not looked yet
# does, and read all that came into $2.  Fails if that write meets a
# reset: the hub closed with input unread.
flood_then_read() {
	local port=$1 out=$2 secs=20 line
	[ -n "$VG" ] && secs=60
	printf '%s' "$3" >&$FD 2>/dev/null
	wait_until 20 half_closed "$port" ||
	    fail "$out: the flooder was not thrown out"
	printf 'more\n' >&$FD 2>"$out.err" ||
	    fail "$out: a write after the hub's end failed: $(cat "$out.err")"
	while IFS= read -r -t "$secs" line <&$FD; do
		printf '%s\n' "$line"
	done >"$out" 2>>"$out.err"
	exec {FD}<&-
}

# An IRC client floods without reading, then reads: ERROR comes.
for try in $(seq "$TRIES"); do
	connect "$IRC_PORT" "$(printf 'NICK if%d\r\nUSER if 0 * :if\r\nJOIN #lobby\r' \
	    "$try")" " 366 "
	flood_then_read "$IRC_PORT" "$T/irc.$try" "$irc_flood"
	grep -q '^ERROR :Closing link: Excess Flood' "$T/irc.$try" ||
	    fail "try $try: the IRC flooder got no ERROR: $(tail -n 2 "$T/irc.$try")"
done
ok "an IRC flooder that reads late gets its ERROR ($TRIES of $TRIES)"

# The same in the native protocol: the error frame comes.
for try in $(seq "$TRIES"); do
	connect "$HUB_PORT" "{\"type\":\"hello\",\"version\":1,\"nick\":\"nf$try\"}" '"type":"welcome"'
	flood_then_read "$HUB_PORT" "$T/raw.$try" "$raw_flood"
	grep -q '"code":"flood"' "$T/raw.$try" ||
	    fail "try $try: the flooder got no error frame: $(tail -n 2 "$T/raw.$try")"
done
ok "a native flooder that reads late gets its error frame ($TRIES of $TRIES)"

# A frame too long, with more behind it: its error frame comes.
big=$(head -c 40000 /dev/zero | tr '\0' 'x')
for try in $(seq 5); do
	connect "$HUB_PORT" "{\"type\":\"hello\",\"version\":1,\"nick\":\"nl$try\"}" '"type":"welcome"'
	flood_then_read "$HUB_PORT" "$T/long.$try" \
	    "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"$big\"}
$raw_flood"
	grep -q '"code":"line_too_long"' "$T/long.$try" ||
	    fail "try $try: no line_too_long error: $(tail -n 2 "$T/long.$try")"
done
ok "a sender of a frame too long that reads late gets its error frame"
