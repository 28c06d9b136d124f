#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a direct message published to a hub that dies before it
# reads it (frozen, then kill -9) is not lost.  The sender's hub keeps it
# until the receiving hub acknowledges it; when that hub is declared
# gone, the message waits in Redis for the session's resume and its
# sender is told so, as for one sent after the loss; the receiver gets it
# once.  If the hub comes back before it is declared gone, the message
# goes to the session there.  A frozen hub that wakes in time delivers it
# once, and the sender's hub forgets it; one the bus lost is sent again,
# and logged so even when its acknowledgement beats Redis's answer.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

member() {
	start_member "$@" --flush-interval 1
}

# Log alice in on hub b (raw connection NAME) and wait until hub b's file
# has her session, so that hub b killed and started again restores it.
alice_on_b() {
	member_login b "$1" alice
	ta=$TOKEN
}

# Freeze hub b, so that what is published to it stays unread; then kill it.
freeze_b() {
	hub_b=$(member_id b)
	[ -n "$hub_b" ] || fail "no hub id in b.log"
	on b
	kill -STOP "$HUB_PID"
}
kill_b() {
	on b
	stop_hub KILL
}

# Has Redis no client at port P of 127.0.0.1 any more?
sub_gone() {
	! rcli CLIENT LIST | grep -q "addr=127.0.0.1:$1 "
}

member a
member b
on a; raw_login b bob
alice_on_b a
need_redis_cli

# 1. Frozen briefly: hub b wakes, delivers and acknowledges the DM;
# nothing is held or sent again.
freeze_b
raw_dm b alice "while b naps" 2
on b; kill -CONT "$HUB_PID"
raw_count_for a '"text":"while b naps"' $((CLUSTER_TTL * 3))
[ "$GOT" -eq 1 ] || fail "alice got the DM $GOT times"
grep -q "taken already" "$T/b.log" && fail "the DM was sent again"
[ "$(rcli EXISTS chatroom:held:alice)" = 0 ] || fail "the DM was held too"
ok "a DM a frozen hub takes when it wakes is delivered once"

# 2. The bus loses it: hub b's subscription is cut while it is frozen,
# so the DM never reaches it; with no acknowledgement, hub a sends it
# again once hub b is back in contact, and alice gets it once.
freeze_b
cut=0
for p in $(ss -Htnp "dport = :$REDIS_PORT" | grep "pid=$HUB_PID," |
    awk '{ sub(/.*:/, "", $4); print $4 }'); do
	rcli CLIENT LIST | grep "addr=127.0.0.1:$p " | grep -q " sub=1 " ||
	    continue
	rcli CLIENT KILL ADDR "127.0.0.1:$p" >/dev/null
	cut=$p
done
[ "$cut" != 0 ] || fail "no subscription of hub b found"
wait_until 10 sub_gone "$cut" || fail "hub b's subscription is still there"
[ "$(rcli PUBSUB NUMSUB chatroom:bus | tail -n 1)" = 1 ] ||
    fail "hub b still subscribes to the bus"
raw_dm b alice "lost on the bus" 3
on b; kill -CONT "$HUB_PID"
raw_count_for a '"text":"lost on the bus"' $((CLUSTER_TTL * 5))
[ "$GOT" -eq 1 ] || fail "alice got the DM $GOT times"
wait_until 10 grep -qF "a DM from bob to alice sent again to hub $hub_b" \
    "$T/a.log" || fail "hub a did not send it again"
ok "a DM the bus lost is sent again and delivered once"

# 2b. The acknowledgement comes on the bus, Redis's answer to the DM sent
# again on the other connection, in either order (step 2 saw both).  Here
# it comes first, for certain: with hub b frozen, the bus brings hub a,
# in one write, hub b's "in step again" (s), which has it send the DM
# again, then an acknowledgement of that DM (a), before Redis can answer.
# Hub a still logs that it sent it again; alice, woken, gets it once.
freeze_b
raw_dm b alice "acked early" 4
dm_id=$(printf '%s\n' "$RAW_LINE" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
[ -n "$dm_id" ] || fail "no id in bob's acknowledgement: $RAW_LINE"
hub_a=$(member_id a)
again="a DM from bob to alice sent again to hub $hub_b"
seen=$(count_in "$T/a.log" "$again")
rcli EVAL "redis.call('PUBLISH', KEYS[1], ARGV[1])
    redis.call('PUBLISH', KEYS[1], ARGV[2])" 1 chatroom:bus \
    "s"$'\t'"$hub_b"$'\n' "a"$'\t'"$hub_a"$'\t'"$dm_id"$'\n' >/dev/null
on b; kill -CONT "$HUB_PID"
wait_until 10 more_in "$T/a.log" "$again" "$seen" ||
    fail "hub a did not log the DM it sent again"
raw_count_for a '"text":"acked early"' $((CLUSTER_TTL * 3))
[ "$GOT" -eq 1 ] || fail "alice got the DM $GOT times"
ok "a DM sent again is logged when its acknowledgement beats Redis's answer"

# 3. Declared gone first: held in Redis, bob told, alice gets it once.
freeze_b
raw_dm b alice "while b is frozen" 5
kill_b
wait_for "$T/a.log" "cluster: hub $hub_b is gone" 30
raw_expect b '"code":"dm_held"' 10
[[ $RAW_LINE == *'"subject":"alice"'* ]] || fail "told of whom: $RAW_LINE"
ok "the sender is told a DM to a hub that died unread waits for the resume"
restart_member b
on b; raw_resumed a2 "$ta"
raw_count_for a2 '"text":"while b is frozen"' 3
[ "$GOT" -eq 1 ] || fail "alice got the DM $GOT times"
ok "the DM reaches the session resumed on the restarted hub, once"

# 4. The session goes on on hub a before hub b is declared gone: the DM
# is sent on to hub a, which delivers it.
freeze_b
raw_dm b alice "while alice moves" 6
kill_b
on a; raw_open a3
hello='{"type":"hello","version":1,"nick":"alice","token":"'$ta'"}'
raw_send a3 "$hello"
raw_expect a3 '"resumed":true'
wait_for "$T/a.log" "cluster: hub $hub_b is gone" 30
raw_count_for a3 '"text":"while alice moves"' 3
[ "$GOT" -eq 1 ] || fail "alice got the DM $GOT times"
ok "a DM to a hub that died unread follows the session to another hub"
exit 0
