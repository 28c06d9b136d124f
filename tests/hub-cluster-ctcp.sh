#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: CTCP from an IRC user on hub b to a native user on hub a
# is answered for it (VERSION, PING) or refused as on one hub, and CTCP
# to an IRC user on hub a is relayed to it, request and reply, without
# the native user ever being shown a request.  Not done yet: the hub
# says "not relayed to users of other hubs" (XFAIL_TESTS in Makefile.am;
# take it out of there once this passes).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

C=$'\001'
IRC_A=$(pick_port)
start_member a --irc-listen "127.0.0.1:$IRC_A" --irc-server-name a.test
IRC_B=$(pick_port)
start_member b --irc-listen "127.0.0.1:$IRC_B" --irc-server-name b.test

on a; client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"
IRC_PORT=$IRC_A; irc_open w; irc_register w wee
irc_send w "JOIN #lobby"
irc_wait w " 366 wee #lobby "
IRC_PORT=$IRC_B; irc_open i; irc_register i ian
irc_send i "JOIN #lobby"
irc_wait i " 366 ian #lobby "
irc_wait w ":ian!"
wait_for "$T/alice.out" "ian joined #lobby"

# To the native user on the other hub: answered for it.
irc_send i "PRIVMSG alice :${C}VERSION${C}"
irc_wait i ":alice!alice@b.test NOTICE ian :${C}VERSION chatroom"
irc_send i "PRIVMSG alice :${C}PING 12345${C}"
irc_wait i ":alice!alice@b.test NOTICE ian :${C}PING 12345${C}"
irc_send i "PRIVMSG alice :${C}FINGER${C}"
irc_wait i ":b.test NOTICE ian :CTCP FINGER to alice: a native client, \
which cannot answer it"
ok "CTCP to a native user on the other hub is answered for it"

# To the IRC user on the other hub: relayed, and the reply back.
irc_send i "PRIVMSG wee :${C}VERSION${C}"
irc_wait w ":ian!ian@a.test PRIVMSG wee :${C}VERSION${C}"
irc_send w "NOTICE ian :${C}VERSION WeeChat 3.8${C}"
irc_wait i ":wee!wee@b.test NOTICE ian :${C}VERSION WeeChat 3.8${C}"
ok "CTCP between IRC users on two hubs, request and reply"

client_say alice "after the CTCP"
irc_wait i ":alice!alice@b.test PRIVMSG #lobby :after the CTCP"
grep -qE "VERSION|PING|FINGER" "$T/alice.out" &&
    fail "the native user was shown a CTCP request"
ok "the native user on the other hub is shown no CTCP"
