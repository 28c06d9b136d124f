#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a nick change waits for Redis to say the nick is free
# across the cluster; what the client sends after it waits too, so that
# its messages go out under the new nick and its replies come after the
# NICK (or the 433), as on one hub.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
need_redis_cli

start_irc_members

# On hub b: ron on IRC.  On hub a: carol and dave on IRC, in #dev.
irc_on b
irc_open r
irc_register r ron
irc_on a
irc_join_dev c carol
irc_join_dev d dave

# The replies compared are connection c's (in_order, cluster-lib.sh).
ORDER_IRC=c

mark=$(($(wc -l <"$T/c.irc") + 1))
slow_redis
irc_send c "NICK carla" "PRIVMSG #dev :hello as carla" "PING :tok1"
in_order "NICK then PING" ":carol!carol@a.test NICK :carla" \
    "PONG a.test :tok1"
irc_wait d "PRIVMSG #dev :hello as carla"
grep -q "^:carla![^ ]* PRIVMSG #dev :hello as carla" "$T/d.irc" ||
    fail "the message after NICK: $(grep -a 'hello as carla' "$T/d.irc")"
ok "NICK, then a message and PING: the NICK first, the message under it"

# A nick in use on the other hub: 433 before the next PONG.
n=0
got_303s() {
	[ "$(grep -c ' 303 carla :' "$T/c.irc")" -ge "$n" ]
}
ison_ron() {
	n=$((n + 1))
	irc_send c "ISON ron"
	wait_until 10 got_303s
	grep -qF ' 303 carla :ron' "$T/c.irc"
}
wait_until 10 ison_ron || fail "ISON ron: never found"
mark=$(($(wc -l <"$T/c.irc") + 1))
slow_redis
irc_send c "NICK ron" "PING :tok2"
in_order "NICK ron then PING" " 433 carla ron :" "PONG a.test :tok2"
ok "NICK to a nick of the other hub: 433 before the next PONG"

exit 0
