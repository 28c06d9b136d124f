#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: an unban older than the ban Redis holds does not lift it,
# and the hub where it was made takes the cluster's ban back.  The newer
# ban is written straight into Redis here, as another hub would have set
# it the same moment.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

need_redis_cli

start_oper_members a

member_oper a alice
client_say alice "/ban troll 1h trolling"
wait_for "$T/alice.out" "troll is banned until"
wait_until 10 eval '[ "$(rcli HEXISTS chatroom:bans 0:troll)" = 1 ]' ||
    fail "the ban did not reach Redis"

now=$(( $(date +%s) * 1000 ))
rcli HSET chatroom:bans 0:troll \
    "0"$'\t'"troll"$'\t'"$(( now + 7200 * 1000 ))"$'\t'"zoe"$'\t'"newer"$'\t'"$(( now + 60000 ))" \
    >/dev/null
client_say alice "/unban troll"
wait_for "$T/alice.out" "troll is no longer banned"
wait_until 10 grep -q "the ban on troll set by zoe on another hub holds here" \
    "$T/a.log" || fail "hub a did not take back the newer ban"
case $(rcli HGET chatroom:bans 0:troll) in
"~"*)	fail "an older unban overwrote the newer ban in Redis" ;;
esac
on a; run_batch troll1 troll "hi"
[ "$BATCH_RC" -ne 0 ] || fail "hub a let troll in: the older unban won"
ok "an unban older than the cluster's ban neither lifts it nor lasts here"

client_stop alice
