#!/bin/bash
# SPDX-License-Identifier: ISC
# CTCP other than ACTION: relayed between IRC users, to a nick or to a
# channel's IRC members, requests and replies, without control
# characters; a request to a native user is answered by the hub
# (VERSION, PING, TIME, CLIENTINFO) or the sender is told it cannot be.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

C=$'\001'
start_irc_hub --irc-server-name irc.test -v

client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"
irc_open a
irc_register a irs
irc_open b
irc_register b wee
irc_send a "JOIN #lobby"
irc_wait a " 366 irs #lobby "
irc_send b "JOIN #lobby"
irc_wait b " 366 wee #lobby "

# Between two IRC users, both ways, as it came.
irc_send a "PRIVMSG wee :${C}VERSION${C}"
irc_wait b ":irs!irs@irc.test PRIVMSG wee :${C}VERSION${C}"
irc_send b "NOTICE irs :${C}VERSION WeeChat 3.8${C}"
irc_wait a ":wee!wee@irc.test NOTICE irs :${C}VERSION WeeChat 3.8${C}"
irc_send a "PRIVMSG wee :${C}PING 1700000000 x"$'\033'"[2Jy${C}"
irc_wait b ":irs!irs@irc.test PRIVMSG wee :${C}PING 1700000000 x[2Jy${C}"
ok "CTCP requests and replies relayed between IRC users, controls gone"

# To a channel: its IRC members get it, not the sender.
irc_send a "PRIVMSG #lobby :${C}CLIENTINFO${C}"
irc_wait b ":irs!irs@irc.test PRIVMSG #lobby :${C}CLIENTINFO${C}"
grep -qF "PRIVMSG #lobby :${C}CLIENTINFO" "$T/a.irc" &&
    fail "the sender got its own CTCP without echo-message"
ok "CTCP to a channel reaches its IRC members"

# To a native user: the hub answers for it, or says it cannot.
irc_send a "PRIVMSG alice :${C}VERSION${C}"
irc_wait a ":alice!alice@irc.test NOTICE irs :${C}VERSION chatroom"
grep -F ":alice!alice@irc.test NOTICE irs :${C}VERSION" "$T/a.irc" |
    grep -qF "native client (the hub answers for it)${C}" ||
    fail "the VERSION answer does not say the hub gave it"
irc_send a "PRIVMSG alice :${C}PING 12345${C}"
irc_wait a ":alice!alice@irc.test NOTICE irs :${C}PING 12345${C}"
irc_send a "PRIVMSG alice :${C}TIME${C}"
irc_wait a ":alice!alice@irc.test NOTICE irs :${C}TIME "
irc_send a "PRIVMSG alice :${C}FINGER${C}"
irc_wait a ":irc.test NOTICE irs :CTCP FINGER to alice: a native client, \
which cannot answer it"
irc_send a "PRIVMSG nobody :${C}VERSION${C}"
irc_wait a " 401 irs nobody :"
client_say alice "after the CTCP"
irc_wait a ":alice!alice@irc.test PRIVMSG #lobby :after the CTCP"
grep -qE "VERSION|PING|FINGER|CLIENTINFO" "$T/alice.out" &&
    fail "the native user was shown a CTCP request"
ok "CTCP to a native user: the hub answers VERSION, PING, TIME, or says no"
