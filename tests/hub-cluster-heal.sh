#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: nick changes and departures made while Redis was away
# reach the other hub's clients once it is back, so that their member
# lists agree with /names (a rename as a nick change: the same session);
# a session that lost its nick to another hub is seen to quit.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

start_member a
start_member b
member_client a alice
member_client a fay
member_client b carol
member_client b dave
on b; client_start erin erin
wait_for "$T/alice.out" "erin joined #lobby"
wait_for "$T/alice.out" "dave joined #lobby"

lose_redis KILL 20 a b
client_say alice "/nick alicia"
wait_for "$T/alice.out" "you are now known as alicia"
client_say carol "/nick carla"
wait_for "$T/dave.out" "carol is now known as carla"
client_stop erin
wait_for "$T/dave.out" "erin quit"
heal_redis 20 a b

wait_for "$T/dave.out" "alice is now known as alicia" 20
wait_for "$T/alice.out" "carol is now known as carla" 20
wait_for "$T/alice.out" "erin left #lobby"
# The same session: a nick change, not one leaving and another joining.
grep -qE "alicia joined|alice left" "$T/dave.out" &&
    fail "alice's rename in the split was shown as left and joined"
grep -qE "carla joined|carol left" "$T/alice.out" &&
    fail "carol's rename in the split was shown as left and joined"
ok "renames and quits of a split reach the other hub's clients after it"

client_say alice "/names lobby"
wait_for "$T/alice.out" "#lobby: 4 members: "
client_say dave "/names lobby"
wait_for "$T/dave.out" "#lobby: 4 members: "
ok "/names agrees after the heal"

# The same nick given on both sides: the hub that comes back second
# disconnects its user, and the other hub's clients see a quit.
lose_redis KILL 20 a b
client_say alice "/nick zed"
wait_for "$T/alice.out" "you are now known as zed"
client_say carol "/nick zed"
wait_for "$T/dave.out" "carla is now known as zed"
start_redis
wait_until 30 grep -q "zed was taken on another hub during the split" \
    "$T/a.log" "$T/b.log" || fail "no hub gave zed up after the split"
if grep -q "zed was taken" "$T/b.log"; then
	wait_for "$T/dave.out" "zed quit (nick taken on another hub during the split)" 20
	# The winner is the session dave knew as alicia: renamed.
	wait_for "$T/dave.out" "alicia is now known as zed" 20
else
	wait_for "$T/fay.out" "zed quit (nick taken on another hub during the split)" 20
	wait_for "$T/fay.out" "carla is now known as zed" 20
fi
ok "a nick lost in a split is seen to quit on its hub"
client_stop dave
client_stop fay
