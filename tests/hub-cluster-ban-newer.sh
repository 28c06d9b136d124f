#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: of a ban and its lifting, the newer wins at the heal,
# whichever hub comes back first.  During a split troll is unbanned on
# hub a, then banned again on hub b; hub b heals first, hub a after: the
# older unban must not lift the newer ban.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

start_oper_members a b

member_oper a alice
member_oper b bob

client_say alice "/ban troll 1h trolling"
wait_for "$T/alice.out" "troll is banned until"
wait_for "$T/b.log" "the ban on troll set by alice on another hub holds here"

lose_redis TERM 10 a b
client_say alice "/unban troll"
wait_for "$T/alice.out" "troll is no longer banned"
sleep 1
client_say bob "/ban troll 2h trolling again"
wait_for "$T/bob.out" "troll is banned until"

# Hub b heals first; hub a, held still meanwhile, after.
kill -STOP "${PID[a]}"
heal_redis 20 b
kill -CONT "${PID[a]}"
wait_for "$T/a.log" "back in contact with Redis" 20
wait_until 20 grep -q "the ban on troll set by bob on another hub holds here" \
    "$T/a.log" || fail "hub a did not take the newer ban of hub b"
sleep 2
grep -q "the ban on troll was lifted on another hub" "$T/b.log" &&
    fail "an unban older than the ban lifted it on hub b"
on b; run_batch troll1 troll "hi"
[ "$BATCH_RC" -ne 0 ] || fail "hub b let troll in: the older unban won"
on a; run_batch troll2 troll "hi"
[ "$BATCH_RC" -ne 0 ] || fail "hub a let troll in: the older unban won"
ok "a ban set after an unban during a split outlives the heal"

client_stop bob
client_stop alice
