#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: an IRC user on one hub and a native user on another share
# rooms: messages, joins, DMs, nick changes and quits cross the hubs,
# the native user on hub a's host; INVITE does not (504).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_member a --irc-server-name a.test
IRC_PORT=$(pick_port)
start_member b --irc-listen "127.0.0.1:$IRC_PORT" --irc-server-name b.test

member_client a alice
client_say alice "said before"
wait_for "$T/alice.out" "<alice> said before"

irc_open i
irc_register i ian
irc_send i "JOIN #lobby"
irc_wait i "PRIVMSG #lobby :["
irc_wait i "said before"
wait_for "$T/alice.out" "ian joined #lobby"
ok "an IRC user on hub b joins a room of hub a's user, with its history"

# Hub b hears hub a's name, which its users are on, at a heartbeat.
wait_until 10 eval "irc_send i LINKS; irc_sync i;
    grep -q ' 364 ian a.test b.test ' '$T/i.irc'" || fail "b: no name for a"

client_say alice "hello from hub a"
irc_wait i ":alice!alice@a.test PRIVMSG #lobby :hello from hub a"
irc_send i "PRIVMSG #lobby :hello from irc on b"
wait_for "$T/alice.out" "<ian> hello from irc on b"
client_say alice "/msg ian a secret"
irc_wait i ":alice!alice@a.test PRIVMSG ian :a secret"
irc_send i "PRIVMSG alice :and back"
wait_for "$T/alice.out" "*ian* and back"
ok "room messages and DMs cross the hubs"

irc_send i "NOTICE #lobby :a notice from b" "NOTICE alice :a private notice"
wait_for "$T/alice.out" "-ian- a notice from b"
wait_for "$T/alice.out" "-ian- a private notice"
ok "notices cross the hubs"

# INVITE does not cross hubs: 443 for alice, in #lobby, 504 for another
# room, 401 for a nick no hub has.
irc_send i "INVITE alice #lobby" "JOIN #far"
irc_wait i " 366 ian #far :"
irc_send i "INVITE alice #far" "INVITE nobody #far" "PING :inv"
irc_wait i "PONG b.test :inv"
for want in " 443 ian alice #lobby :is already on channel" \
    " 504 ian alice :User is not on this server" \
    " 401 ian nobody :No such nick/channel"; do
	grep -qF -- "$want" "$T/i.irc" || fail "no '$want'"
done
grep -q "invites you" "$T/alice.out" && fail "alice invited across hubs"
ok "INVITE stays on its hub: 443, 504, 401"

client_say alice "/nick alicia"
irc_wait i ":alice!alice@a.test NICK :alicia"
client_say alice "/topic across"
irc_wait i ":alicia!alicia@a.test TOPIC #lobby :across"
client_stop alice
irc_wait i ":alicia!alicia@a.test QUIT"
ok "nick, topic and quit cross the hubs"
exit 0
