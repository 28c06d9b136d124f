#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a user of another hub who shares no room with this hub (a
# DM spammer who joins nothing) is found through the cluster's nick
# table: an operator here may /mute and /kick him, /whois says he is on
# another hub, and IRC's WHOIS and WHO answer for him (311, 312 with his
# hub's name, 318; 352, 315), not 401.  A nick no hub has is still "no
# such nick"; split from Redis, the operator is told the other hubs
# cannot be reached.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

printf 's3cret\n' >"$T/admin.pw"
A_IRC=$(pick_port)
start_member a --admin-password-file "$T/admin.pw" \
    --irc-listen "127.0.0.1:$A_IRC" --irc-server-name a.test
B_IRC=$(pick_port)
start_member b --irc-listen "127.0.0.1:$B_IRC" --irc-server-name b.test

# ivan and hank on hub b, in no room.
IRC_PORT=$B_IRC
irc_open i
irc_register i ivan
irc_open h
irc_register h hank

# carol, an IRC user of hub a, in no room either; alice, an operator.
IRC_PORT=$A_IRC
irc_open c
irc_register c carol
member_oper a alice

# ivan's DM reaches alice: the hubs know each other's nicks.
irc_send i "PRIVMSG alice :spam from ivan"
wait_for "$T/alice.out" "spam from ivan"

# Hub a learns hub b's server name at its next heartbeat.
n=0
probe() {
	n=$((n + 1))
	irc_send c "WHOIS ivan"
	irc_wait c " 318 carol ivan :End of /WHOIS list"
	irc_sync c
	grep -q " 312 carol ivan b.test " "$T/c.irc" || {
		: >"$T/c.irc"
		false
	}
}
wait_until 10 probe || fail "WHOIS ivan: $(grep -a ' ivan ' "$T/c.irc")"
for want in " 311 carol ivan ivan b.test * :ivan" \
    " 312 carol ivan b.test :another hub of this chatroom cluster"; do
	grep -qF -- "$want" "$T/c.irc" || fail "WHOIS ivan: no '$want'"
done
grep -q " 401 carol ivan " "$T/c.irc" && fail "WHOIS ivan: 401"
ok "WHOIS of a roomless user of another hub: 311, 312, 318"

irc_send c "WHO ivan"
irc_wait c " 315 carol ivan :End of WHO list"
grep -qF " 352 carol * ivan b.test b.test ivan H :1 ivan" "$T/c.irc" ||
    fail "WHO ivan: $(grep -a ' ivan ' "$T/c.irc")"
ok "WHO of a roomless user of another hub: 352 with his hub's name"

irc_send c "WHOIS nobody-here" "WHO nobody-here"
irc_wait c " 318 carol nobody-here :End of /WHOIS list"
irc_wait c " 315 carol nobody-here :End of WHO list"
grep -qF " 401 carol nobody-here :No such nick/channel" "$T/c.irc" ||
    fail "WHOIS of a nick no hub has: no 401"
grep -q " 352 carol \* nobody-here " "$T/c.irc" && fail "352 for nobody"
ok "a nick no hub has: 401, and no 352"

client_say alice "/whois ivan"
wait_for "$T/alice.err" "ivan is on another hub of the cluster: whois knows this hub's users only"
grep -q "no such nick: ivan" "$T/alice.err" && fail "/whois ivan: no such nick"
ok "/whois of a roomless user of another hub says he is on another hub"

client_say alice "/mute ivan 5m dm spam"
wait_for "$T/alice.out" "ivan is muted until"
irc_wait i "alice muted you"
irc_send i "PRIVMSG alice :more spam"
irc_wait i "you are muted"
grep -q "more spam" "$T/alice.out" && fail "a muted ivan still reached alice"
ok "an operator mutes a roomless user of another hub"

client_say alice "/kick hank dm spam"
wait_for "$T/b.log" "alice (on another hub) kicked hank: dm spam"
irc_closed h 20 || fail "hank stayed on hub b after a kick from hub a"
wait_for "$T/alice.out" "hank was kicked by alice (dm spam)"
ok "an operator kicks a roomless user of another hub"

client_say alice "/mute nobody-here 1m" "/kick nobody-else"
wait_for "$T/alice.err" "no such nick: nobody-here"
wait_for "$T/alice.err" "no such nick: nobody-else"
ok "a nick no hub has is still no such nick to /mute and /kick"

# Split from Redis, hub a cannot tell where a nick not here is.
lose_redis KILL 10 a b
client_say alice "/kick ivan spam" "/mute ghost 1m"
wait_for "$T/alice.err" "ivan is not on this hub, and the other hubs cannot be reached now"
wait_for "$T/alice.err" "ghost is not on this hub, and the other hubs cannot be reached now"
ok "split from the other hubs, a kick or a mute of a nick not here says so"

client_stop alice
exit 0
