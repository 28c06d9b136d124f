#!/bin/bash
# SPDX-License-Identifier: ISC
# ADMIN: 256 to 259 about the one server, 259 with the operators' contact
# of ADMIN_EMAIL (--admin-email), which a reload changes; without one, 259
# says none is given.  A target is the server's name or a nick; another
# server gets 402.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

# Send lines and wait for all they bring (a PING behind them); the lines
# are in $T/answer.
n=0
request() {
	local before
	before=$(wc -l <"$T/a.irc")
	n=$((n + 1))
	irc_send a "$@" "PING :done$n"
	irc_wait a "PONG irc.test :done$n"
	tail -n +"$((before + 1))" "$T/a.irc" | tr -d '\r' >"$T/answer"
}

# The answer holds this line.
has() {
	grep -qxF "$1" "$T/answer" || fail "no '$1' in: $(cat "$T/answer")"
}

printf 'ADMIN_EMAIL = ops@example.org\n' >"$T/hub.conf"
start_irc_hub --irc-server-name irc.test --config "$T/hub.conf"
irc_open a
irc_register a amy

for ask in "ADMIN" "ADMIN irc.test" "ADMIN IRC.TEST" "ADMIN amy"; do
	request "$ask"
	has ":irc.test 256 amy irc.test :Administrative info"
	grep -q "^:irc.test 257 amy :irc.test: a chatroom hub" "$T/answer" ||
	    fail "$ask: no 257: $(cat "$T/answer")"
	grep -q "^:irc.test 258 amy :chatroom " "$T/answer" ||
	    fail "$ask: no 258: $(cat "$T/answer")"
	has ":irc.test 259 amy :ops@example.org"
done
ok "ADMIN, for the server or a nick on it: 256 to 259, ADMIN_EMAIL in 259"

request "ADMIN irc.example.org"
has ":irc.test 402 amy irc.example.org :No such server"
grep -q " 25[6-9] " "$T/answer" && fail "402 and ADMIN lines"
ok "ADMIN of another server: 402"

# A reload changes it; without it, 259 says none is given.
printf 'ADMIN_EMAIL = help@example.org\n' >"$T/hub.conf"
hup_reload
request "ADMIN"
has ":irc.test 259 amy :help@example.org"
: >"$T/hub.conf"
hup_reload
request "ADMIN"
has ":irc.test 259 amy :No contact address given"
ok "a reload changes ADMIN_EMAIL; without it, 259 says so"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
