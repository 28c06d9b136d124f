#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a ban set, or lifted, during a split on a hub that
# restarts before the heal is not lost.  It is in that hub's history file
# only (Redis was away, and the hub's list of what it changed meanwhile
# died with it); at the heal a ban must beat the older lift mark Redis
# has, a lifting the older ban, and each reach the other hub.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

start_oper_members a b

member_oper a alice
member_oper b bob

# Banned, then unbanned: Redis keeps a lift mark for troll.
client_say alice "/ban troll 1h trolling"
wait_for "$T/b.log" "the ban on troll set by alice on another hub holds here"
client_say alice "/unban troll"
wait_for "$T/b.log" "the ban on troll was lifted on another hub"
# And mal is banned everywhere.
client_say alice "/ban mal 1h spam"
wait_for "$T/b.log" "the ban on mal set by alice on another hub holds here"

lose_redis TERM 10 a b
sleep 1
client_say bob "/ban troll 2h trolling again"
wait_for "$T/bob.out" "troll is banned until"
client_say bob "/unban mal"
wait_for "$T/bob.out" "mal is no longer banned"
client_stop bob

# Hub b restarts while Redis is still away.
stop_member b
restart_member b
on b; run_batch troll1 troll "hi"
[ "$BATCH_RC" -ne 0 ] || fail "hub b forgot its ban across the restart"

start_redis
member_in_contact b 30 || fail "hub b did not heal"
wait_until 20 grep -q "the ban on troll set by bob on another hub holds here" \
    "$T/a.log" || fail "the ban set during the split did not reach hub a"
[ "$(grep -c "the ban on troll was lifted on another hub" "$T/b.log")" = 1 ] ||
    fail "hub b lifted its newer ban at the heal"
on b; run_batch troll2 troll "hi"
[ "$BATCH_RC" -ne 0 ] || fail "hub b let troll in after the heal"
on a; run_batch troll3 troll "hi"
[ "$BATCH_RC" -ne 0 ] || fail "hub a let troll in after the heal"
ok "a ban set during a split survives a restart of its hub and the heal"

wait_until 20 grep -q "the ban on mal was lifted on another hub" "$T/a.log" ||
    fail "the unban made during the split did not reach hub a"
on b; run_batch mal1 mal "hi"
[ "$BATCH_RC" -eq 0 ] || fail "hub b refused mal after the heal"
on a; run_batch mal2 mal "hi"
[ "$BATCH_RC" -eq 0 ] || fail "hub a refused mal after the heal"
ok "an unban made during a split survives a restart of its hub and the heal"

client_stop alice
