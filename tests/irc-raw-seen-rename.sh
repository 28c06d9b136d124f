#!/bin/bash
# SPDX-License-Identifier: ISC
# A client that changed its nick and comes back with the nick it had
# first (a bouncer or a bot after a hub restart, with its configured nick)
# is replayed only what it missed, not what it had under the other nick.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --replay 50 --flood-rate 0
irc_join_dev s sam
irc_join_dev z zbot
irc_send s "PRIVMSG #dev :line one"
irc_wait z "PRIVMSG #dev :line one"
irc_send z "NICK zbot_"
irc_wait z " NICK "
irc_send s "PRIVMSG #dev :line two"
irc_wait z "PRIVMSG #dev :line two"
irc_sync z
irc_send z "QUIT :bye"
irc_closed z || fail "zbot_ not closed"
irc_send s "PRIVMSG #dev :line three"
irc_sync s

irc_join_dev z2 zbot
[ "$(irc_got z2 'line three')" = 1 ] ||
    fail "the line missed not replayed: $(cat "$T/z2.irc")"
[ "$(irc_got z2 'line one')" = 0 ] && [ "$(irc_got z2 'line two')" = 0 ] ||
    fail "lines seen before or after the rename replayed: $(cat "$T/z2.irc")"
ok "a reconnection with the first nick is replayed only what it missed"

# The same across a hub restart.
irc_send z2 "NICK zbot2"
irc_wait z2 " NICK "
irc_send s "PRIVMSG #dev :line four"
irc_wait z2 "PRIVMSG #dev :line four"
irc_sync z2
irc_send z2 "QUIT :bye"
irc_closed z2 || fail "zbot2 not closed"
irc_send s "QUIT :bye"
irc_closed s || fail "sam not closed"
stop_hub TERM
start_irc_hub --replay 50 --flood-rate 0
irc_join_dev s2 sam
irc_send s2 "PRIVMSG #dev :line five"
irc_sync s2
irc_join_dev z3 zbot
[ "$(irc_got z3 'line five')" = 1 ] ||
    fail "the line missed not replayed after a restart: $(cat "$T/z3.irc")"
[ "$(irc_got z3 'line four')" = 0 ] ||
    fail "a line seen as zbot2 replayed after a restart: $(cat "$T/z3.irc")"
ok "and so after a hub restart"
