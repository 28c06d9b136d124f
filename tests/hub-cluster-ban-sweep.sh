#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: chatroom:bans does not grow for ever.  A hub that joins
# removes the bans and mutes that ended and the lift marks older than any
# ban can run (a year and a day), and keeps the bans in force and the
# recent lift marks.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

need_redis_cli
TAB=$'\t'
now=$(( $(date +%s) * 1000 ))
day=$(( 86400 * 1000 ))
rcli HSET chatroom:bans \
    "0:oldlift" "~1000" \
    "0:yearlift" "~$(( now - 360 * day ))" \
    "0:freshlift" "~$(( now - 1000 ))" \
    "2:endedmute" "2${TAB}endedmute${TAB}$(( now - 5000 ))${TAB}op${TAB}x${TAB}1000" \
    "0:endedold" "0${TAB}endedold${TAB}$(( now - 5000 ))${TAB}op${TAB}x" \
    "0:forever" "0${TAB}forever${TAB}0${TAB}op${TAB}x${TAB}1000" \
    "1:192.0.2.9" "1${TAB}192.0.2.9${TAB}$(( now + day ))${TAB}op${TAB}x${TAB}1000" \
    >/dev/null

start_member a
wait_for "$T/a.log" "cluster: 3 ended bans and old lift marks removed" 20
for f in 0:oldlift 2:endedmute 0:endedold; do
	[ "$(rcli HEXISTS chatroom:bans "$f")" = 0 ] ||
	    fail "$f stayed in chatroom:bans"
done
for f in 0:yearlift 0:freshlift 0:forever 1:192.0.2.9; do
	[ "$(rcli HEXISTS chatroom:bans "$f")" = 1 ] ||
	    fail "$f was removed from chatroom:bans"
done
ok "ended bans and old lift marks leave chatroom:bans, the rest stays"

# The bans that stayed still hold.
on a; run_batch forever forever "hi"
[ "$BATCH_RC" -ne 0 ] || fail "the ban for ever on forever did not hold"
ok "the bans in force still hold after a sweep"
