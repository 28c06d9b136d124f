#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: IRC's WHOIS and WHO of a user of another hub (an IRC user
# and a terminal user, both in a room with the asker) answer what the
# hub knows, as servers of an IRC network do: 311, 319, 312 with the
# other hub's server name, 318, and 352 (WHOX 354); never 401.  A nick no
# hub has is still 401.  LUSERS counts the live hubs as servers.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_members

# On hub b: dave on IRC and bob on the terminal, both in #dev.
irc_on b
irc_join_dev d dave
member_client b bob
client_say bob "/join #dev"
wait_for "$T/bob.out" "you joined #dev"

# On hub a: carol on IRC, in #dev with them.
irc_on a
irc_join_dev c carol
irc_wait c " 353 carol = #dev :"
irc_names_until c carol '#dev' dave
irc_names_until c carol '#dev' bob

# Hub a learns hub b's server name at its next heartbeat.
wait_until 10 irc_who_host c dave carol b.test ||
    fail "WHO dave: no 352 with hub b's name"
grep -qF " 352 carol * dave b.test b.test dave H :1 dave" "$T/c.irc" ||
    fail "WHO dave: not the 352 WHO #dev gives"
irc_wait c " 315 carol dave :End of WHO list"
ok "WHO of an IRC user of another hub: 352 with that hub's name"

irc_send c "WHOIS dave" "PING :whois1"
irc_wait c "whois1"
for want in " 311 carol dave dave b.test * :dave" \
    " 319 carol dave :#dev" \
    " 312 carol dave b.test :another hub of this chatroom cluster" \
    " 318 carol dave :End of /WHOIS list"; do
	grep -qF -- "$want" "$T/c.irc" || fail "WHOIS dave: no '$want'"
done
grep -q " 401 carol dave " "$T/c.irc" && fail "WHOIS dave: 401"
ok "WHOIS of an IRC user of another hub: 311, 319, 312, 318, no 401"

irc_send c "WHOIS bob" "WHO bob" "PING :whois2"
irc_wait c "whois2"
for want in " 311 carol bob bob b.test * :bob" \
    " 319 carol bob :#lobby #dev" \
    " 312 carol bob b.test :another hub of this chatroom cluster" \
    " 318 carol bob :End of /WHOIS list" \
    " 352 carol * bob b.test b.test bob H :1 bob" \
    " 315 carol bob :End of WHO list"; do
	grep -qF -- "$want" "$T/c.irc" || fail "WHOIS/WHO bob: no '$want'"
done
grep -q " 401 carol bob " "$T/c.irc" && fail "WHOIS bob: 401"
ok "WHOIS and WHO of a terminal user of another hub"

# WHOX, and WHO #dev: the other hub's users on their hub.
irc_send c "WHO dave %tcnsud,42" "WHO #dev" "PING :who3"
irc_wait c "who3"
for want in " 354 carol 42 * dave b.test dave 1" \
    " 352 carol #dev dave b.test b.test dave H :1 dave" \
    " 352 carol #dev bob b.test b.test bob H :1 bob" \
    " 352 carol #dev carol a.test a.test carol H :0 carol"; do
	grep -qF -- "$want" "$T/c.irc" || fail "WHOX/WHO #dev: no '$want'"
done
ok "WHOX of a user of another hub; WHO #dev names each user's hub"

# A nick that no hub has is still no such nick.
irc_send c "WHOIS nobody-here" "WHO nobody-here"
irc_wait c " 318 carol nobody-here :End of /WHOIS list"
irc_wait c " 315 carol nobody-here :End of WHO list"
grep -qF " 401 carol nobody-here :No such nick/channel" "$T/c.irc" ||
    fail "WHOIS of a nick no hub has: no 401"
grep -q " 311 carol nobody-here " "$T/c.irc" && fail "311 for nobody"
grep -q " 352 carol \* nobody-here " "$T/c.irc" && fail "352 for nobody"
ok "a nick no hub has: 401"

# LUSERS: two servers, and 251 counts the users of both; LINKS both.
irc_send c "LUSERS" "LINKS"
irc_wait c " 251 carol :There are 3 users and 0 invisible on 2 servers"
irc_wait c " 365 carol * :End of /LINKS list"
grep -qF " 364 carol a.test a.test :0 chatroom hub" "$T/c.irc" ||
    fail "LINKS: no 364 for hub a"
grep -qF " 364 carol b.test a.test :1 chatroom hub" "$T/c.irc" ||
    fail "LINKS: no 364 for hub b"
ok "LUSERS and LINKS count the live hubs as servers"

client_stop bob
exit 0
