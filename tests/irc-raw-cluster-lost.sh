#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a lost Redis is told to IRC users with server NOTICEs, and
# a DM or CTCP to a user of the other hub meanwhile is refused with the
# truth ("on another hub, which cannot be reached now"), for IRC and
# native users, not "no such nick"; IRC users read it in a NOTICE too,
# since clients print their own words for 401.  WHOIS of a nick not here
# says the other hubs cannot be reached.  Users are not told Redis's
# address.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_members

IRC_PORT=$IRC_B
irc_open d
irc_register d davey
irc_send d "JOIN #lobby"
irc_wait d " 366 davey #lobby "
IRC_PORT=$IRC_A
irc_open x
irc_register x xena
irc_send x "JOIN #lobby"
irc_wait x " 366 xena #lobby "
wait_for "$T/d.irc" ":xena!"

on a
member_client a alice
lose_redis KILL 10 a b
irc_wait x "NOTICE xena :The hub lost contact with the other hubs"
irc_wait d "NOTICE davey :The hub lost contact with the other hubs"
wait_for "$T/alice.err" "the hub lost contact with the other hubs"
ok "a lost Redis is told to IRC users with a server NOTICE"

irc_send x "PRIVMSG davey :are you there" "PING :dm"
irc_wait x "PONG a.test :dm"
grep -qF " 401 xena davey :davey is on another hub, which cannot be reached now: not sent" \
    "$T/x.irc" || fail "no true 401 for a DM to davey"
# irssi prints its own "No such nick/channel" for any 401: a NOTICE too.
grep -qF "NOTICE xena :davey is on another hub, which cannot be reached now: not sent" \
    "$T/x.irc" || fail "no NOTICE with the truth for a DM to davey"
client_say alice "/msg davey hello from alice"
wait_for "$T/alice.err" "davey is on another hub, which cannot be reached now"
grep -q "no such nick" "$T/alice.err" && fail "alice told no such nick"
irc_send x $'PRIVMSG davey :\001VERSION\001' "PING :ctcp"
irc_wait x "PONG a.test :ctcp"
[ "$(grep -c " 401 xena davey :davey is on another hub" "$T/x.irc")" = 2 ] ||
    fail "no true 401 for a CTCP to davey"
ok "a DM to a user of the unreachable hub is refused with the truth"

# WHOIS of a nick no room here lists cannot be answered: 401 says why.
irc_send x "WHOIS ghost"
irc_wait x " 318 xena ghost :End of /WHOIS list"
grep -qF " 401 xena ghost :ghost is not on this hub, and the other hubs cannot be reached now" \
    "$T/x.irc" || fail "WHOIS ghost: $(grep -a ghost "$T/x.irc")"
grep -qF "NOTICE xena :ghost is not on this hub, and the other hubs cannot be reached now" \
    "$T/x.irc" || fail "WHOIS ghost: no NOTICE"
ok "WHOIS of a nick not here while split: 401 and a NOTICE say why"

heal_redis 20 a b
irc_wait x "NOTICE xena :The hub is back in contact with the other hubs" 20
irc_wait d "NOTICE davey :The hub is back in contact with the other hubs" 20
ok "the return of Redis is told to IRC users too"

# Users are told of the split, never where Redis is: that is the log's.
wait_for "$T/alice.out" "the hub is back in contact with the other hubs" 20
grep -q "redis://" "$T/x.irc" "$T/d.irc" "$T/alice.err" "$T/alice.out" &&
    fail "a user was told the Redis address: $(grep -h "redis://" \
    "$T/x.irc" "$T/d.irc" "$T/alice.err" "$T/alice.out" | head -n 2)"
grep -q "lost Redis at redis://" "$T/a.log" ||
    fail "the hub's log does not name Redis's address"
ok "the Redis address is in the hub's log, not told to users"
exit 0
