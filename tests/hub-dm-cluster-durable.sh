#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a direct message published to another hub outlives the
# hub that sent it.  Hub b, frozen, never reads it; hub a, which kept it
# for its acknowledgement, is killed (kill -9), and hub b too.  Redis
# kept it beside the message (dmwait): once hub a's old id is given up,
# a live hub adopts it and sends it again, and alice, resumed on hub b,
# gets it once: whether hub a comes back first (the DM is then held for
# alice, and bob told so), or only hub b does (which then delivers it
# itself).  One held twice in Redis is delivered once too.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
need_redis_cli

member() {
	start_member "$@" --flush-interval 1
}

member a
member b
member_login b a alice
ta=$TOKEN

# 1. Both hubs die before hub b reads the DM.  Hub a comes back first
# and adopts the DM: alice's session waits for its resume, so it is held
# for her, and bob, resuming, is told so; then alice resumes on hub b.
member_login a b bob
tb=$TOKEN
on b; kill -STOP "$HUB_PID"
raw_dm b alice "both hubs died" 2
kill_member a
kill_member b
restart_member a
on a; raw_resumed b2 "$tb"
raw_expect b2 '"code":"dm_held"' 60
[[ $RAW_LINE == *'"subject":"alice"'* ]] || fail "told of whom: $RAW_LINE"
restart_member b
on b; raw_resumed a2 "$ta"
raw_expect a2 '"text":"both hubs died"' 60
raw_count_for a2 '"text":"both hubs died"' 3
[ "$GOT" -eq 0 ] || fail "alice got the DM $((GOT + 1)) times"
wait_until 30 dmwait_count 0 || fail "Redis still keeps the DM"
ok "a DM whose sending and receiving hubs died unread is delivered once"

# 2. Again, but hub a does not come back: hub b, restarted, adopts the
# DM its session is to get, and delivers it itself.
member_login a c carol
on b; kill -STOP "$HUB_PID"
raw_dm c alice "its sender's hub stays dead" 3
kill_member a
kill_member b
restart_member b
on b; raw_resumed a3 "$ta"
raw_expect a3 '"text":"its sender'"'"'s hub stays dead"' 60
raw_count_for a3 '"text":"its sender'"'"'s hub stays dead"' 3
[ "$GOT" -eq 0 ] || fail "alice got the DM $((GOT + 1)) times"
wait_until 30 dmwait_count 0 || fail "Redis still keeps the DM"
ok "a DM whose sending hub stays dead is delivered once by a live hub"

# 3. A DM may be held twice in Redis for alice (sent again both by its
# hub and by one that adopted it, after a split): the test holds it
# twice; alice, resuming on hub a, gets it once.
restart_member a
on a; raw_login d dave
stop_member b a
raw_send d '{"type":"dm","to":"alice","text":"held twice","seq":4}'
raw_expect d '"code":"dm_held"'
frame=$(rcli LINDEX chatroom:held:alice 0)
[[ $frame == *'"held twice"'* ]] || fail "not held in Redis: $frame"
rcli RPUSH chatroom:held:alice "$frame" >/dev/null
on a; raw_open a4
raw_send a4 "{\"type\":\"hello\",\"version\":1,\"nick\":\"alice\",\"token\":\"$ta\"}"
raw_expect a4 '"resumed":true'
raw_expect a4 '"text":"held twice"'
raw_count_for a4 '"text":"held twice"' 3
[ "$GOT" -eq 0 ] || fail "alice got the DM $((GOT + 1)) times"
ok "a DM held twice in Redis is delivered once"
exit 0
