#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a direct message taken while Redis was away.  Hub b,
# frozen, has not read alice's DM to bob yet when Redis stops; thawed, it
# delivers it, but Redis never gets its deletion of the copy it keeps
# (dmwait) before it dies; hub a, which sent it, dies too, and bob
# leaves.  Once Redis is back, hub b deletes the copy again: no hub
# adopts it, so alice, resumed on hub b, is not told it was not
# delivered.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
need_redis_cli

# Read raw connection NAME until the answer to request SEQ; fail if a
# line with TEXT came first: raw_none_until NAME TEXT SEQ.
raw_none_until() {
	local line
	while IFS= read -r -t 30 line <&"${RAW_FD[$1]}"; do
		case "$line" in
		*"$2"*) fail "$1 read: $line" ;;
		*"\"seq\":$3"*) return 0 ;;
		esac
	done
	fail "raw connection $1: no answer to $3"
}

start_member a
start_member b --flush-interval 1
member_login a alice alice
ta=$TOKEN
member_login b bob bob

on b; kill -STOP "$HUB_PID"
raw_dm alice bob "taken while Redis was away" 2
wait_until 20 dmwait_count 1 || fail "Redis does not keep the DM"
kill -STOP "$REDIS_PID"
on b; kill -CONT "$HUB_PID"
raw_expect bob '"text":"taken while Redis was away"' 30
# Its sender's hub dies, and Redis with the deletion it never read.
on a; stop_hub KILL
kill -KILL "$REDIS_PID"
kill -CONT "$REDIS_PID" 2>/dev/null
wait "$REDIS_PID" 2>/dev/null
wait_for "$T/b.log" "cluster: lost Redis" 60
raw_send bob '{"type":"quit","seq":3}'
raw_closed bob 20
count=$(count_in "$T/b.log" "in contact with Redis")
start_redis
wait_until 60 more_in "$T/b.log" "in contact with Redis" "$count" ||
    fail "hub b is not back in contact with Redis"
# alice resumes on hub b before hub a is given up.
on b; raw_open alice2
raw_send alice2 "{\"type\":\"hello\",\"version\":1,\"nick\":\"alice\",\"token\":\"$ta\"}"
raw_expect alice2 '"type":"welcome"' 20
[[ $RAW_LINE == *'"resumed":true'* ]] || fail "alice did not resume: $RAW_LINE"
wait_until 60 dmwait_count 0 || fail "Redis still keeps the DM"
wait_for "$T/b.log" "cluster: hub $(member_id a) is gone" 60
raw_send alice2 '{"type":"bans","seq":4}'
raw_none_until alice2 '"code":"dm_' 4
ok "the sender of a DM taken while Redis was away is not told otherwise"
grep -q "not yet taken: sent again from here" "$T/b.log" &&
    fail "hub b adopted a DM it had taken"
grep -q "deleting 1 DMs taken while Redis was away" "$T/b.log" ||
    fail "hub b did not delete the DM again"
ok "a DM taken while Redis was away leaves Redis once it is back"
exit 0
