#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: the replies that wait for Redis (ISON, USERHOST, WHOIS
# and WHO of a user of another hub in no room here) still come before
# those of the commands sent after them, as IRC clients match replies
# to commands by their order; with Redis lost, the "cannot be reached"
# answer comes in order too, and the connection goes on.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
need_redis_cli

IRC_A=$(pick_port)
start_member a --irc-listen "127.0.0.1:$IRC_A" --irc-server-name a.test
IRC_B=$(pick_port)
start_member b --irc-listen "127.0.0.1:$IRC_B" --irc-server-name b.test

# On hub b: ron on IRC, in no room.  On hub a: carol on IRC.
on b
IRC_PORT=$IRC_B
irc_open r
irc_register r ron
on a
IRC_PORT=$IRC_A
irc_open c
irc_register c carol

# Hub a finds ron through Redis once hub b has put him there.
n=0
got_303s() {
	[ "$(grep -c ' 303 carol :' "$T/c.irc")" -ge "$n" ]
}
ison_ron() {
	n=$((n + 1))
	irc_send c "ISON ron"
	wait_until 10 got_303s
	grep -qF ' 303 carol :ron' "$T/c.irc"
}
wait_until 10 ison_ron || fail "ISON ron: never found"

# The replies compared are connection c's (in_order, cluster-lib.sh).
ORDER_IRC=c

mark=$(($(wc -l <"$T/c.irc") + 1))
slow_redis
irc_send c "ISON x ron" "PING :tok1"
in_order "ISON then PING" " 303 carol :" "PONG a.test :tok1"
ok "ISON of a user in no room here: 303 before the next PONG"

mark=$(($(wc -l <"$T/c.irc") + 1))
slow_redis
irc_send c "USERHOST ron" "PING :tok2"
in_order "USERHOST then PING" " 302 carol :" "PONG a.test :tok2"
ok "USERHOST: 302 before the next PONG"

mark=$(($(wc -l <"$T/c.irc") + 1))
slow_redis
irc_send c "WHOIS ron" "LUSERS"
in_order "WHOIS then LUSERS" " 318 carol ron :End of /WHOIS list" \
    " 251 carol :"
ok "WHOIS of a user in no room here: 318 before the next 251"

mark=$(($(wc -l <"$T/c.irc") + 1))
slow_redis
irc_send c "WHO ron" "WHOIS ron" "PING :tok3" "QUIT :later"
in_order "WHO then WHOIS" " 315 carol ron :End of WHO list" \
    " 318 carol ron :End of /WHOIS list"
in_order "WHOIS then PING" " 318 carol ron :End of /WHOIS list" \
    "PONG a.test :tok3"
in_order "PING then QUIT" "PONG a.test :tok3" "ERROR :"
irc_closed c || fail "QUIT after held commands: not closed"
ok "WHO, WHOIS, PING and QUIT: the replies in the order asked"

# Redis lost: the answer says the other hubs cannot be reached, in order.
irc_open e
irc_register e erin
lose_redis KILL 20 a
mark=$(($(wc -l <"$T/e.irc") + 1))
irc_send e "WHOIS ron" "PING :tok4"
wait_for "$T/e.irc" " 318 erin ron :End of /WHOIS list"
wait_for "$T/e.irc" "PONG a.test :tok4"
a=$(awk -v from="$mark" 'NR >= from && / 318 erin ron / { print NR; exit }' \
    "$T/e.irc")
b=$(awk -v from="$mark" 'NR >= from && /:tok4/ { print NR; exit }' \
    "$T/e.irc")
[ "$a" -lt "$b" ] || fail "Redis lost: PONG before the WHOIS answer"
grep -q " 401 erin ron " "$T/e.irc" || fail "Redis lost: no 401"
irc_sync e
ok "Redis lost: the WHOIS answer in order, and the connection goes on"

exit 0
