# SPDX-License-Identifier: ISC
# tests/irc-raw-lib.sh: raw IRC connections to the hub's IRC listener,
# for the tests/irc-raw-*.sh black-box tests (sourced after lib.sh).
#
# Each connection is a socat process reading a FIFO the test writes to
# and appending what the hub sends to $T/NAME.irc; waits poll that file.

command -v socat >/dev/null || { echo "no socat"; exit 77; }
declare -A IRC_PID
IRC_PORT=

# Start a hub with an IRC listener on a second port of its own.
start_irc_hub() {
	start_hub --irc-listen "127.0.0.1:%PORT%" "$@"
	IRC_PORT=${HUB_PORTS[0]}
	wait_until 10 eval "ss -Hltn \"sport = :$IRC_PORT\" | grep -q ." ||
	    fail "no IRC listener"
}

# Open a connection: irc_open NAME [tls | from=127.0.0.N], the last from
# another loopback address (for the address bans of KLINE).
irc_open() {
	local name=$1 fd addr="TCP:127.0.0.1:$IRC_PORT"
	[ "${2:-}" = tls ] && addr="OPENSSL:127.0.0.1:$IRC_PORT,verify=0"
	case ${2:-} in from=*) addr="$addr,bind=${2#from=}" ;; esac
	rm -f "$T/$name.in" "$T/$name.irc"
	mkfifo "$T/$name.in"
	(
		close_client_fds
		exec socat -t 5 - "$addr" <"$T/$name.in" >"$T/$name.irc" \
		    2>"$T/$name.err"
	) &
	IRC_PID[$name]=$!
	PIDS="$PIDS $!"
	exec {fd}>"$T/$name.in"
	RAW_FD[$name]=$fd
}

# Send lines, each ending in CR LF.
irc_send() {
	local name=$1
	shift
	printf '%s\r\n' "$@" >&"${RAW_FD[$name]}"
}

# Wait for a fixed string in what the hub sent a connection.
irc_wait() {
	wait_for "$T/$1.irc" "$2" "${3:-10}"
}

# Register with NICK and USER and wait for 001.
irc_register() {
	local name=$1 nick=$2
	irc_send "$name" "NICK $nick" "USER $nick 0 * :$nick here"
	irc_wait "$name" " 001 $nick "
}

# The AUTHENTICATE line of SASL PLAIN for authzid, authcid and password.
sasl_plain() {
	printf 'AUTHENTICATE %s' \
	    "$(printf '%s\0%s\0%s' "$1" "$2" "$3" | base64 -w0)"
}

# Register NICK with SASL PLAIN and PASS on connection NAME and wait
# for 903: sasl_register NAME NICK PASS.
sasl_register() {
	local name=$1 nick=$2 pass=$3
	irc_send "$name" "CAP LS 302" "NICK $nick" "USER $nick 0 * :$nick" \
	    "CAP REQ :sasl" "AUTHENTICATE PLAIN"
	irc_wait "$name" "AUTHENTICATE +"
	irc_send "$name" "$(sasl_plain "" "$nick" "$pass")" "CAP END"
	irc_wait "$name" " 903 $nick :"
}

# Has the hub closed the connection (socat exited)?
irc_closed() {
	wait_until "${2:-10}" eval "! kill -0 ${IRC_PID[$1]}"
}

IRC_SYNC=0

# Wait until connection NAME has had everything the hub queued for it
# before now (a PING's PONG comes after a JOIN's replay).
irc_sync() {
	IRC_SYNC=$((IRC_SYNC + 1))
	irc_send "$1" "PING :sync$IRC_SYNC"
	irc_wait "$1" "sync$IRC_SYNC"
}

# How many times a line with TEXT in #dev reached connection NAME:
# irc_got NAME TEXT.
irc_got() {
	grep -c "PRIVMSG #dev :.*$2" "$T/$1.irc"
}

# Connection NAME, nick NICK, joins #dev and has the replay:
# irc_join_dev NAME NICK [from=ADDR].
irc_join_dev() {
	irc_open "$1" "${3:-}"
	irc_register "$1" "$2"
	irc_send "$1" "JOIN #dev"
	irc_wait "$1" " 366 $2 #dev "
	irc_sync "$1"
}
