#!/bin/bash
# SPDX-License-Identifier: ISC
# A client that proves its nick with SASL while its old IRC connection is
# still open (a stale one, left behind by a network loss) takes the nick
# over: the old connection is closed with an ERROR saying so, and the new
# one gets its channels.  Without SASL, or over a native client, 433.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test -v

irc_open old
sasl_register old irs "irs password"
irc_wait old " 001 irs "
irc_send old "JOIN #dev"
irc_wait old " 366 irs #dev "
irc_open w
irc_register w wee
irc_send w "JOIN #dev"
irc_wait w " 366 wee #dev "
irc_send w "PRIVMSG #dev :said before the takeover"
irc_wait old ":wee!wee@irc.test PRIVMSG #dev :said before the takeover"

# Without SASL the nick is refused, and the old connection stays.
irc_open x
irc_send x "NICK irs" "USER irs 0 * :irs"
irc_wait x " 433 * irs :"
irc_send old "PING :still-here"
irc_wait old "PONG irc.test :still-here"
# It answers the hub's PING behind the line, as clients do: proved read.
PROOF=$(grep -o 'PING :chatroom-seen-[0-9]*' "$T/old.irc" | tail -n 1)
[ -n "$PROOF" ] || fail "no PING from the hub behind the line"
irc_send old "PONG ${PROOF#PING :}" "PING :proved"
irc_wait old "PONG irc.test :proved"
ok "433 without SASL; the connection holding the nick stays"

# The owner comes back with SASL while the old connection is open.
irc_open new
sasl_register new irs "irs password"
irc_wait new " 001 irs "
grep -q " 433 " "$T/new.irc" && fail "the proved owner got 433"
irc_wait old "ERROR :"
grep -qF "ERROR :Closing link: your nick was taken over by a new login \
from 127.0.0.1" "$T/old.irc" ||
    fail "the old connection was not told it was taken over"
irc_closed old || fail "the old connection stays open"
wait_for "$HUB_LOG" "irs resumed"
irc_wait new ":irs!irs@irc.test JOIN #dev"
irc_wait new " 366 irs #dev "
grep -q "said before the takeover" "$T/new.irc" &&
    fail "the takeover replayed what the old connection was sent"
irc_send new "PRIVMSG #dev :said after the takeover"
irc_wait w ":irs!irs@irc.test PRIVMSG #dev :said after the takeover"
grep -q ":irs!.* QUIT" "$T/w.irc" && fail "the channel saw irs quit"
ok "SASL takes over an open IRC connection of its nick, with its channels"

# A wrong password takes nothing over.
irc_open bad
irc_send bad "CAP LS 302" "NICK irs" "USER irs 0 * :irs" \
    "CAP REQ :sasl" "AUTHENTICATE PLAIN"
irc_wait bad "AUTHENTICATE +"
irc_send bad "$(sasl_plain "" irs "not the password")" "CAP END"
irc_wait bad " 904 "
irc_wait bad " 433 * irs :"
irc_send new "PING :kept"
irc_wait new "PONG irc.test :kept"
ok "a wrong password gets 433 and leaves the connection alone"
