#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: CTCP from an IRC user on hub b to a native user on hub a
# is answered for it (VERSION, PING) or refused as on one hub, and CTCP
# to an IRC user on hub a is relayed to it, request and reply, without
# the native user ever being shown a request; to a channel it reaches
# the IRC members of both hubs; echo-message echoes it once relayed; a
# nick on no hub gets 401, one waiting for its resume a NOTICE.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

C=$'\001'
IRC_A=$(pick_port)
start_member a --irc-listen "127.0.0.1:$IRC_A" --irc-server-name a.test
IRC_B=$(pick_port)
start_member b --irc-listen "127.0.0.1:$IRC_B" --irc-server-name b.test

member_client a alice
IRC_PORT=$IRC_A; irc_open w; irc_register w wee
irc_send w "JOIN #lobby"
irc_wait w " 366 wee #lobby "
IRC_PORT=$IRC_B; irc_open i; irc_register i ian
irc_send i "JOIN #lobby"
irc_wait i " 366 ian #lobby "
irc_wait w ":ian!"
wait_for "$T/alice.out" "ian joined #lobby"
# Each hub has heard the other's name (users of the other hub are on it).
wait_until 10 eval "irc_send i LINKS; irc_sync i;
    grep -q ' 364 ian a.test b.test ' '$T/i.irc'" || fail "b: no name for a"
wait_until 10 eval "irc_send w LINKS; irc_sync w;
    grep -q ' 364 wee b.test a.test ' '$T/w.irc'" || fail "a: no name for b"

# To the native user on the other hub: answered for it.
irc_send i "PRIVMSG alice :${C}VERSION${C}"
irc_wait i ":alice!alice@a.test NOTICE ian :${C}VERSION chatroom"
irc_send i "PRIVMSG alice :${C}PING 12345${C}"
irc_wait i ":alice!alice@a.test NOTICE ian :${C}PING 12345${C}"
irc_send i "PRIVMSG alice :${C}FINGER${C}"
irc_wait i ":b.test NOTICE ian :CTCP FINGER to alice: a native client, \
which cannot answer it"
ok "CTCP to a native user on the other hub is answered for it"

# To the IRC user on the other hub: relayed, and the reply back.
irc_send i "PRIVMSG wee :${C}VERSION${C}"
irc_wait w ":ian!ian@b.test PRIVMSG wee :${C}VERSION${C}"
irc_send w "NOTICE ian :${C}VERSION WeeChat 3.8${C}"
irc_wait i ":wee!wee@a.test NOTICE ian :${C}VERSION WeeChat 3.8${C}"
ok "CTCP between IRC users on two hubs, request and reply"

client_say alice "after the CTCP"
irc_wait i ":alice!alice@a.test PRIVMSG #lobby :after the CTCP"
grep -qE "VERSION|PING|FINGER" "$T/alice.out" &&
    fail "the native user was shown a CTCP request"
ok "the native user on the other hub is shown no CTCP"

# To the channel: its IRC members on the other hub get it too.
irc_send i "PRIVMSG #lobby :${C}CLIENTINFO${C}"
irc_wait w ":ian!ian@b.test PRIVMSG #lobby :${C}CLIENTINFO${C}"
ok "CTCP to a channel reaches its IRC members on the other hub"

# echo-message: the request comes back to the sender once relayed there.
IRC_PORT=$IRC_B; irc_open e
irc_send e "CAP LS 302" "CAP REQ :echo-message"
irc_wait e "ACK"
irc_send e "CAP END"
irc_register e eve
irc_send e "PRIVMSG wee :${C}TIME${C}"
irc_wait w ":eve!eve@b.test PRIVMSG wee :${C}TIME${C}"
irc_wait e ":eve!eve@b.test PRIVMSG wee :${C}TIME${C}"
irc_send i "PRIVMSG wee :${C}TIME${C}"
irc_wait w ":ian!ian@b.test PRIVMSG wee :${C}TIME${C}"
irc_sync i
grep -qF "PRIVMSG wee :${C}TIME" "$T/i.irc" &&
    fail "the sender got its own CTCP without echo-message"
ok "echo-message echoes a CTCP relayed on the other hub"

# A nick on no hub; a native user whose session waits for its resume.
irc_send i "PRIVMSG nobody :${C}VERSION${C}"
irc_wait i " 401 ian nobody "
gone=$(count_in "$T/a.log" ": disconnected")
kill -KILL "${CLIENT_PID[alice]}"
wait_until 10 eval '[ "$(count_in "$T/a.log" ": disconnected")" -gt $gone ]' ||
    fail "hub a did not see alice go"
irc_send i "PRIVMSG alice :${C}VERSION${C}"
irc_wait i ":b.test NOTICE ian :CTCP VERSION to alice: not connected now"
ok "CTCP to no one, or to a session waiting for its resume, is told"
