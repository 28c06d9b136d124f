#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a PRIVMSG to a nick not on this hub asks Redis; what the
# IRC client sends after it waits for the answer, so that its 401 (naming
# that nick; none for a NOTICE) or the notice that the message is kept
# comes before the replies to the later commands, as on one hub.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
need_redis_cli

start_irc_members
irc_on b
irc_open d
irc_register d davey
irc_on a
irc_join_dev c carol

# The replies compared are connection c's (in_order, cluster-lib.sh).
ORDER_IRC=c

mark=$(($(wc -l <"$T/c.irc") + 1))
slow_redis
irc_send c "PRIVMSG nobody :anyone there" "PING :tok1"
in_order "401 then PONG" " 401 carol nobody " "PONG a.test :tok1"
ok "PRIVMSG to a nick nowhere: 401 before the next PONG"

# A NOTICE gets no automatic reply, late or not.
mark=$(($(wc -l <"$T/c.irc") + 1))
slow_redis
irc_send c "NOTICE nobody :anyone there" "PING :tok2"
wait_until 20 both_came "PONG a.test :tok2" "PONG a.test :tok2" ||
    fail "no PONG tok2"
irc_sync c
[ "$(grep -c ' 401 ' "$T/c.irc")" = 1 ] ||
    fail "a 401 for a NOTICE: $(grep -a ' 401 ' "$T/c.irc")"
ok "NOTICE to a nick nowhere: no 401"

slow_redis
irc_send c "PRIVMSG davey :over there" "PING :tok3"
irc_wait d "PRIVMSG davey :over there"
irc_wait c "PONG a.test :tok3"
ok "PRIVMSG to a nick on the other hub: delivered, PING answered"

stop_member b a
mark=$(($(wc -l <"$T/c.irc") + 1))
slow_redis
irc_send c "PRIVMSG davey :kept for davey" "PING :tok4"
in_order "kept notice then PONG" "NOTICE carol :davey is disconnected" \
    "PONG a.test :tok4"
ok "PRIVMSG to a nick whose hub stopped: the kept notice before the PONG"
exit 0
