#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode, for IRC users: a nick in use on the other hub is refused
# as one in use here (433 *, the connection stays, another nick works),
# before registration and after; one that lost its nick to the other hub
# in a split is told why with an ERROR, and connecting again with that
# nick gets 433 *, so that the client falls back to its alternate nick.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_members

IRC_PORT=$IRC_B
irc_open d
irc_register d davey
irc_send d "JOIN #lobby"
irc_wait d " 366 davey #lobby "

# Registration on hub a with davey, in use on hub b: 433 * and the
# connection stays for another NICK.
IRC_PORT=$IRC_A
irc_open x
irc_send x "NICK davey" "USER xx 0 * :x here"
irc_wait x " 433 * davey :Nickname is already in use"
irc_send x "PING :still"
irc_wait x "PONG a.test :still"
kill -0 "${IRC_PID[x]}" || fail "the connection was closed"
irc_send x "NICK davey_"
irc_wait x " 001 davey_ "
ok "a nick in use on the other hub: 433 *, then another nick registers"

# After registration, a change to a nick in use on the other hub.
irc_send x "NICK davey"
irc_wait x " 433 davey_ davey :Nickname is already in use"
irc_send x "JOIN #lobby"
irc_wait x " 366 davey_ #lobby "
wait_for "$T/d.irc" ":davey_!"
ok "NICK to a nick in use on the other hub: 433 with the usual text"

# The same nick taken on both hubs while Redis is away: at the heal one
# hub closes its user's connection with an ERROR that says why.
lose_redis KILL 20 a b
irc_send x "NICK zed"
irc_wait x ":davey_!davey_@a.test NICK :zed"
irc_send d "NICK zed"
irc_wait d ":davey!davey@b.test NICK :zed"
start_redis
wait_until 30 grep -q "zed was taken on another hub during the split" \
    "$T/a.log" "$T/b.log" || fail "no hub gave zed up after the split"
if grep -q "zed was taken" "$T/a.log"; then
	lost=x port=$IRC_A
else
	lost=d port=$IRC_B
fi
irc_wait $lost "ERROR :Closing link: while the cluster was split, another hub gave this nick away"
irc_closed $lost || fail "the loser's connection stays open"
grep -q " 433 [^ ]* zed " "$T/$lost.irc" &&
    fail "a 433 for a NICK the client did not send"
ok "a nick lost in a split: ERROR with the reason, then closed"

# Connecting again with that nick (irssi does): 433 *, and another nick.
IRC_PORT=$port
irc_open again
irc_send again "NICK zed" "USER zed 0 * :zed here"
irc_wait again " 433 * zed :Nickname is already in use"
irc_send again "NICK zed_"
irc_wait again " 001 zed_ "
ok "connecting again with the lost nick: 433 *, then the alternate nick"
exit 0
