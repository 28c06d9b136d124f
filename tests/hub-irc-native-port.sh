#!/bin/bash
# SPDX-License-Identifier: ISC
# An IRC client pointed at the native port is told, in one IRC ERROR
# line, that this is not the IRC port and which port is, then closed,
# rather than answered in JSON; with no IRC port, it is told there is
# none.  A native client on the same hub is not affected.
. "$top_srcdir/tests/lib.sh"

start_hub --irc-listen "127.0.0.1:%PORT%"
IRC_PORT=${HUB_PORTS[0]}

raw_open irc
printf 'CAP LS 302\r\nNICK zed\r\nUSER zed 0 * :Z\r\n' >&"${RAW_FD[irc]}"
raw_expect irc "ERROR :"
case $RAW_LINE in
*"IRC clients use port $IRC_PORT"*) ;;
*) fail "the ERROR line does not name port $IRC_PORT: $RAW_LINE" ;;
esac
raw_closed irc || fail "the hub kept the IRC client's connection"
ok "an IRC client on the native port is sent to port $IRC_PORT"

# Only one answer, and no JSON error after the challenge.
raw_open irc2
printf 'nick amy\r\nUSER amy 0 * :A\r\n' >&"${RAW_FD[irc2]}"
n=0 json=0
while IFS= read -r -t 10 line <&"${RAW_FD[irc2]}"; do
	case $line in
	ERROR*) n=$((n + 1)) ;;
	*'"type":"error"'*) json=$((json + 1)) ;;
	esac
done
[ "$n" -eq 1 ] && [ "$json" -eq 0 ] ||
    fail "expected one ERROR line and no JSON error, got $n and $json"
ok "one ERROR line, no JSON errors"
wait_for "$HUB_LOG" "an IRC client on the native port"

# A native client still works beside it.
run_batch native alice "hello"
[ "$BATCH_RC" -eq 0 ] || fail "the native client failed ($BATCH_RC)"
stop_hub TERM

# No IRC port: the IRC client is told so.
start_hub
raw_open irc3
printf 'NICK zed\r\n' >&"${RAW_FD[irc3]}"
raw_expect irc3 "ERROR :"
case $RAW_LINE in
*"takes no IRC clients"*) ;;
*) fail "no IRC port, yet: $RAW_LINE" ;;
esac
raw_closed irc3 || fail "the hub kept the IRC client's connection"
ok "with no IRC port, an IRC client is told the hub takes none"
stop_hub TERM
exit 0
