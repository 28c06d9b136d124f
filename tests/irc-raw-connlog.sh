#!/bin/bash
# SPDX-License-Identifier: ISC
# A flood of connections from one address does not fill the log: the
# first ten of a minute are logged in full ("connection from", "closing",
# "disconnected"), the others are counted, the log says so once, and a
# client that registers from that address is still logged.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test

# 40 connections that say nothing and go.
for i in $(seq 40); do
	exec {fd}<>"/dev/tcp/127.0.0.1/$IRC_PORT" || fail "connect $i"
	exec {fd}>&-
done
wait_until 20 eval '[ "$(count_in "$HUB_LOG" "connection from 127.0.0.1") \
    " != "" ] && grep -q "more than 10 connections from 127.0.0.1 in a minute" \
    "$HUB_LOG"' || fail "no word of the flood in the log"
# Let every one of them be closed by the hub.
wait_until 20 eval '[ "$(ss -Htn state established \
    "sport = :$IRC_PORT" | wc -l)" = 0 ]' || fail "the connections stay"

n=$(count_in "$HUB_LOG" "connection from 127.0.0.1")
[ "$n" -le 10 ] || fail "$n connections logged one by one, not at most 10"
[ "$n" -ge 10 ] || fail "only $n of the first connections were logged"
d=$(grep -c ": disconnected: \|: closing: " "$HUB_LOG")
[ "$d" -le 10 ] || fail "$d closing/disconnected lines for 40 connections"
ok "40 connections: the first 10 logged, the flood said once"

# A client that registers from the flooding address is logged as usual.
irc_open a
irc_register a ann
wait_for "$HUB_LOG" "registered as ann"
irc_send a "QUIT :bye"
irc_closed a || fail "QUIT did not close"
wait_until 10 eval 'grep -Eq "127.0.0.1:[0-9]+: (disconnected|closing)" \
    "$HUB_LOG" && [ "$(grep -c ": disconnected: \|: closing: " \
    "$HUB_LOG")" -gt "$d" ]' || fail "ann's leaving was not logged"
ok "a registered client from that address is still logged"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
