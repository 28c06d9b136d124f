#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: WHO with a mask lists also the users of other hubs who
# share no room with this hub (found in Redis's nick table), on their
# hub's server and host, away or not, once each and at most 200 as for
# the users here; a mask nick!user@host matches the users' prefixes (WHO
# *!*@b.test lists hub b's users); the reply, which waits for Redis,
# comes before those of the commands sent after it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
need_redis_cli

start_irc_members

# On hub b: ron and rick on IRC, in no room, rick away.  On hub a: carol
# on IRC, in no room either.
irc_on b
irc_open r
irc_register r ron
irc_open k
irc_register k rick
irc_send k "AWAY :lunch"
irc_wait k " 306 rick "
irc_on a
irc_open c
irc_register c carol

# WHO r* and PING on carol's connection: the 352s of that answer go to
# $T/who (hub a learns hub b's server name at its next heartbeat).
probe=0
who_of() {
	local from
	probe=$((probe + 1))
	from=$(($(wc -l <"$T/c.irc") + 1))
	irc_send c "WHO $1" "PING :who$probe"
	irc_wait c "who$probe"
	sed -n "$from,\$p" "$T/c.irc" | sed "/who$probe/q" >"$T/who"
}
ron_found() {
	who_of 'r*'
	grep -qF " 352 carol * ron b.test b.test ron H :1 ron" "$T/who"
}
wait_until 10 ron_found || fail "WHO r*: no ron of hub b: $(cat "$T/who")"
grep -qF " 352 carol * rick b.test b.test rick G :1 rick" "$T/who" ||
    fail "WHO r*: no rick, away: $(cat "$T/who")"
grep -qF " 315 carol r* :End of WHO list" "$T/who" || fail "WHO r*: no 315"
[ "$(grep -c ' 352 ' "$T/who")" = 2 ] || fail "WHO r*: $(cat "$T/who")"
ok "WHO r* lists the users of the other hub in no room here, away or not"

who_of '*ON'
grep -qF " 352 carol * ron b.test b.test ron H :1 ron" "$T/who" ||
    fail "WHO *ON: no ron: $(cat "$T/who")"
[ "$(grep -c ' 352 ' "$T/who")" = 1 ] || fail "WHO *ON: $(cat "$T/who")"
ok "WHO *ON matches in any case"

who_of '*!*@b.test'
for nick in ron rick; do
	grep -q " 352 carol \* $nick b.test b.test $nick " "$T/who" ||
	    fail "WHO *!*@b.test: no $nick: $(cat "$T/who")"
done
grep -q " 352 carol \* carol " "$T/who" && fail "WHO *!*@b.test: carol"
grep -qF " 315 carol *!*@b.test :End of WHO list" "$T/who" ||
    fail "WHO *!*@b.test: no 315"
who_of 'rick@B.TEST'
grep -qF " 352 carol * rick b.test b.test rick G :1 rick" "$T/who" ||
    fail "WHO rick@B.TEST: no rick: $(cat "$T/who")"
[ "$(grep -c ' 352 ' "$T/who")" = 1 ] ||
    fail "WHO rick@B.TEST: $(cat "$T/who")"
who_of '*!*@a.test'
grep -qF " 352 carol * carol a.test a.test carol H :0 carol" "$T/who" ||
    fail "WHO *!*@a.test: no carol: $(cat "$T/who")"
grep -q " 352 carol \* r" "$T/who" && fail "WHO *!*@a.test: $(cat "$T/who")"
ok "WHO *!*@HUB and NICK@HUB list that hub's users"

# Once each, though a room here lists ron too.
irc_send r "JOIN #dev"
irc_wait r " 366 ron #dev "
irc_send c "JOIN #dev"
irc_wait c " 366 carol #dev "
irc_names_until c carol '#dev' ron
who_of 'r*'
[ "$(grep -c ' 352 carol \* ron ' "$T/who")" = 1 ] ||
    fail "WHO r*: ron not once: $(cat "$T/who")"
ok "a user of the other hub that a room here lists comes once"

# At most 200, as for the users here: 250 more sessions of hub b.
owner=$(rcli HGET chatroom:nicks ron | cut -f1)
[ -n "$owner" ] || fail "no entry of ron in Redis"
for i in $(seq 1 250); do
	printf 'HSET chatroom:nicks zed%03d "%s\\tx\\tzed%03d"\n' \
	    "$i" "$owner" "$i"
done | rcli >/dev/null
who_of 'zed*'
[ "$(grep -c ' 352 carol \* zed' "$T/who")" = 200 ] ||
    fail "WHO zed*: $(grep -c ' 352 ' "$T/who") 352s"
grep -qF " 315 carol zed* :End of WHO list" "$T/who" ||
    fail "WHO zed*: no 315"
ok "WHO zed* lists at most 200 users"

# Redis answers late: the 315 still comes before the next PONG.
rcli CLIENT PAUSE 500 ALL >/dev/null || fail "CLIENT PAUSE"
who_of 'ri*'
a=$(grep -n " 315 carol ri\* " "$T/who" | cut -d: -f1)
[ -n "$a" ] || fail "WHO ri* then PING: no 315: $(cat "$T/who")"
grep -qF " 352 carol * rick b.test " "$T/who" ||
    fail "WHO ri*: no rick: $(cat "$T/who")"
ok "WHO with a mask, with Redis late: the answer before the next PONG"

exit 0
