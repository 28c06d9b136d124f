#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: WHO with a mask, ISON and USERHOST know the users of the
# other hubs too, as an IRC network's servers do: WHO b* and WHO * list
# those a room here lists, once each; ISON and USERHOST find also a
# user who shares no room with anyone (looked up in Redis), with that
# user's hub as its host.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_members

# On hub b: dave on IRC and bob on the terminal in #dev, ron on IRC in
# no room.
irc_on b
irc_join_dev d dave
member_client b bob
client_say bob "/join #dev"
wait_for "$T/bob.out" "you joined #dev"
irc_open r
irc_register r ron

# On hub a: carol and bea on IRC, carol in #dev.
irc_on a
irc_join_dev c carol
irc_open e
irc_register e bea
irc_names_until c carol '#dev' bob
irc_names_until c carol '#dev' dave

# Hub a learns hub b's server name at its next heartbeat.
wait_until 10 irc_who_host c dave carol b.test ||
    fail "WHO dave: no 352 with hub b's name"

irc_send c "WHO b*" "PING :who1"
irc_wait c "who1"
grep -qF " 352 carol * bob b.test b.test bob H :1 bob" "$T/c.irc" ||
    fail "WHO b*: no bob of hub b"
grep -qF " 352 carol * bea a.test a.test bea H :0 bea" "$T/c.irc" ||
    fail "WHO b*: no bea of hub a"
grep -q " 352 carol \* dave " <(sed -n '/probe'$IRC_PROBE'/,/who1/p' "$T/c.irc") &&
    fail "WHO b*: dave"
irc_wait c " 315 carol b* :End of WHO list"
ok "WHO b* lists the users of the other hub that rooms here list"

irc_send c "WHO *" "PING :who2"
irc_wait c "who2"
sed -n '/who1/,/who2/p' "$T/c.irc" >"$T/who2"
for nick in dave bob carol bea; do
	[ "$(grep -c " 352 carol \* $nick " "$T/who2")" = 1 ] ||
	    fail "WHO *: $nick not listed once"
done
ok "WHO * lists each user of both hubs once"

# (The reply comes when Redis has said where ron is.)
irc_send c "ISON dave ron nobody carol"
irc_wait c " 303 carol :"
grep -qF " 303 carol :dave ron carol" "$T/c.irc" ||
    fail "ISON: $(grep -a ' 303 ' "$T/c.irc")"
ok "ISON finds the users of the other hub, in rooms or not"

irc_send c "USERHOST dave ron nobody carol"
irc_wait c " 302 carol :"
grep -qF " 302 carol :dave=+dave@b.test ron=+ron@b.test carol=+carol@a.test" \
    "$T/c.irc" || fail "USERHOST: $(grep -a ' 302 ' "$T/c.irc")"
ok "USERHOST gives the users of the other hub, on their hub's host"

irc_send r "AWAY :out"
irc_wait r " 306 ron "
m=0
got_302s() {
	[ "$(grep -c ' 302 carol :' "$T/c.irc")" -gt "$m" ]
}
userhost_ron() {
	m=$((m + 1))	# (one 302 came before)
	irc_send c "USERHOST ron"
	wait_until 10 got_302s
	grep -qF ' 302 carol :ron=-ron@b.test' "$T/c.irc"
}
wait_until 10 userhost_ron ||
    fail "USERHOST ron: not away"
ok "USERHOST of an away user of the other hub in no room: -"

client_stop bob
exit 0
