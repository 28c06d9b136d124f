#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a nick change whose answer comes after its wait was
# given up (10 seconds) must not end the wait of a later nick change:
# the answer carries its own wait.  Hub a acts on the answer to its first
# nick change 12 seconds late (CHATROOM_TEST_NICK_LAG), and Redis answers
# the second one late (CLIENT PAUSE), so that the first answer comes while
# the second waits; the PONG sent after the second comes after its NICK.
. "$top_srcdir/tests/lib.sh"
# (Redis paused for 4 seconds is not Redis lost)
CLUSTER_TTL=30
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
need_redis_cli

IRC_A=$(pick_port)
CHATROOM_TEST_NICK_LAG=12000 \
    start_member a --irc-listen "127.0.0.1:$IRC_A" --irc-server-name a.test
irc_on a
irc_open c
irc_register c carol

irc_send c "NICK carla"
wait_for "$T/a.log" "no answer from the cluster in 10 seconds" 30 ||
    fail "the first nick change's wait was not given up"
rcli CLIENT PAUSE 4000 ALL >/dev/null || fail "CLIENT PAUSE"
irc_send c "NICK carlotta" "PING :after-second"
irc_wait c "NICK :carla" 30
irc_wait c "PONG a.test :after-second" 40
a=$(grep -n "NICK :carlotta" "$T/c.irc" | head -1 | cut -d: -f1)
b=$(grep -n "PONG a.test :after-second" "$T/c.irc" | head -1 | cut -d: -f1)
[ -n "$a" ] && [ "$a" -lt "$b" ] ||
    fail "the PONG came before the second NICK: $(tail -n 5 "$T/c.irc")"
ok "a late answer to a nick change does not end a later one's wait"
exit 0
