#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: if Redis stops answering while a CTCP is on its way to a
# nick of another hub, the IRC sender is told (a NOTICE), as the sender
# of a DM is told with an error.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

C=$'\001'
start_member a
IRC_B=$(pick_port)
start_member b --irc-listen "127.0.0.1:$IRC_B" --irc-server-name b.test

on a; raw_login a alice
IRC_PORT=$IRC_B; irc_open i; irc_register i ian
irc_send i "PRIVMSG alice :${C}VERSION${C}"
# (alice is on hub a's host, whatever name hub b has heard for it.)
wait_until 10 grep -qE ":alice!alice@[^ ]+ NOTICE ian :${C}VERSION chatroom" \
    "$T/i.irc" || fail "no answer for alice"

# Redis freezes just before the CTCP: hub b gives it up, the CTCP with it.
kill -STOP "$REDIS_PID"
irc_send i "PRIVMSG alice :${C}PING 4242${C}"
irc_wait i ":b.test NOTICE ian :CTCP PING to alice: the cluster was lost; \
it may not have been sent" 30 ||
    fail "ian was not told his CTCP may not have been sent"
kill -CONT "$REDIS_PID"
grep -q "Redis stopped answering" "$T/b.log" ||
    fail "hub b did not give Redis up"
ok "the sender of a CTCP is told when the cluster is lost on its way"
exit 0
