#!/bin/bash
# SPDX-License-Identifier: ISC
# Written is not read: an IRC client that stops reading (frozen, or its
# network gone) until its ping timeout is replayed, when it comes back,
# what the hub wrote to it meanwhile; what it proved read (a PONG to the
# hub's own PING behind the lines) is not replayed again.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --replay 50 --flood-rate 0 --ping-timeout 10
irc_join_dev s sam
irc_join_dev a1 ana
irc_send s "PRIVMSG #dev :proven one"
irc_wait a1 "PRIVMSG #dev :proven one"

# ana's next line has the hub send its PING behind what ana was sent
# (the first: nothing was sent her before); her PONG proves she read
# "proven one".
irc_sync a1
irc_wait a1 "PING :chatroom-seen-"
TOKEN=$(grep -o 'PING :chatroom-seen-[0-9]*' "$T/a1.irc" | tail -n 1)
irc_send a1 "PONG ${TOKEN#PING :}"
irc_sync a1

# ana's client stops reading and never answers; sam goes on talking.
kill -STOP "${IRC_PID[a1]}"
irc_send s "PRIVMSG #dev :missed one" "PRIVMSG #dev :missed two"
# sam keeps answering while the hub times ana out.
ana_gone() {
	irc_send s "PING :keep"
	grep -q ":ana![^ ]* QUIT " "$T/s.irc"
}
wait_until 40 ana_gone || fail "ana was never timed out"
kill -KILL "${IRC_PID[a1]}"
kill -CONT "${IRC_PID[a1]}" 2>/dev/null
[ "$(irc_got a1 'missed one')" = 0 ] || fail "the frozen client read the lines"

irc_join_dev a2 ana
[ "$(irc_got a2 'missed one')" = 1 ] ||
    fail "back after a ping timeout: 'missed one' not replayed once"
[ "$(irc_got a2 'missed two')" = 1 ] ||
    fail "back after a ping timeout: 'missed two' not replayed once"
[ "$(irc_got a2 'proven one')" = 0 ] ||
    fail "back after a ping timeout: 'proven one' replayed again"
ok "a client timed out gets what it never read, and only that"

# A QUIT is a clean end: nothing is replayed after it.
irc_send s "PRIVMSG #dev :seen live"
irc_wait a2 "PRIVMSG #dev :seen live"
irc_send a2 "QUIT :bye"
irc_closed a2
irc_join_dev a3 ana
[ "$(irc_got a3 'seen live')" = 0 ] || fail "after a QUIT: 'seen live' replayed"
ok "after a QUIT nothing is replayed"

# The AUTHENTICATE line of SASL PLAIN for authzid, authcid and password.
sasl_plain() {
	printf 'AUTHENTICATE %s' \
	    "$(printf '%s\0%s\0%s' "$1" "$2" "$3" | base64 -w0)"
}
sasl_register() {
	irc_send "$1" "CAP LS 302" "NICK $2" "USER $2 0 * :$2" \
	    "CAP REQ :sasl" "AUTHENTICATE PLAIN"
	irc_wait "$1" "AUTHENTICATE +"
	irc_send "$1" "$(sasl_plain "" "$2" "$3")" "CAP END"
	irc_wait "$1" " 001 $2 "
}

# A takeover: carol proves her nick while her frozen connection is still
# open; the new connection's channel replays what the old never read.
irc_open c1
sasl_register c1 carol "carol password"
irc_send c1 "JOIN #dev"
irc_wait c1 " 366 carol #dev "
irc_send s "PRIVMSG #dev :carol proven"
irc_wait c1 "PRIVMSG #dev :carol proven"
irc_sync c1
irc_wait c1 "PING :chatroom-seen-"
TOKEN=$(grep -o 'PING :chatroom-seen-[0-9]*' "$T/c1.irc" | tail -n 1)
irc_send c1 "PONG ${TOKEN#PING :}"
irc_sync c1
kill -STOP "${IRC_PID[c1]}"
irc_send s "PRIVMSG #dev :carol missed"
irc_sync s
irc_open c2
sasl_register c2 carol "carol password"
irc_wait c2 " 366 carol #dev "
irc_sync c2
kill -KILL "${IRC_PID[c1]}"
kill -CONT "${IRC_PID[c1]}" 2>/dev/null
[ "$(irc_got c2 'carol missed')" = 1 ] ||
    fail "taken over: 'carol missed' not replayed once"
[ "$(irc_got c2 'carol proven')" = 0 ] ||
    fail "taken over: 'carol proven' replayed again"
ok "a takeover replays what the stale connection never read"
stop_hub
