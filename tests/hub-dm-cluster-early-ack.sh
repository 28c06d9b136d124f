#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: the acknowledgement of a direct message may come on the
# bus before Redis's answer to its first sending (on the other
# connection).  The sending hub must not keep it then, as one still to
# be taken: kept, it would be sent again later for nothing (here: held
# for alice when her hub goes, and bob told so).  The order is forced:
# with hubs a and b frozen, bob's DM waits in hub a's socket while the
# test publishes on the bus, standing in for hub b, the acknowledgements
# of the next ids Redis gives; hub a, woken, reads them before it even
# sends the DM.  Hub b, frozen, never takes the DM, and is killed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
need_redis_cli

# Is process PID stopped (SIGSTOP)?
stopped() {
	[ "$(awk '{ print $3 }' "/proc/$1/stat")" = T ]
}

start_member a
start_member b
on a; raw_login b bob
on b; raw_login a alice
hub_a=$(member_id a)
hub_b=$(member_id b)
[ -n "$hub_a" ] && [ -n "$hub_b" ] || fail "no hub ids in the logs"

for name in b a; do
	kill -STOP "${PID[$name]}"
	wait_until 10 stopped "${PID[$name]}" || fail "hub $name did not stop"
done
last=$(rcli GET chatroom:id)
[ -n "$last" ] || last=0
raw_send b '{"type":"dm","to":"alice","text":"acked early","seq":2}'
rcli EVAL "for i = 1, 200 do
	redis.call('PUBLISH', KEYS[1], 'a\\t' .. ARGV[1] .. '\\t' ..
	    (tonumber(ARGV[2]) + i) .. '\\n')
    end" 1 chatroom:bus "$hub_a" "$last" >/dev/null
kill -CONT "${PID[a]}"
raw_expect b '"type":"ack","seq":2'
id=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' <<<"$RAW_LINE")
[ -n "$id" ] && [ "$id" -gt "$last" ] && [ "$id" -le $((last + 200)) ] ||
    fail "the DM's id $id is not one acknowledged early (after $last)"

# Hub b dies with the DM unread.  A DM kept by hub a would now be sent
# again and held for alice, bob told before the answer to his next DM.
on b; kill -KILL "$HUB_PID"; kill -CONT "$HUB_PID"; stop_hub KILL
wait_for "$T/a.log" "cluster: hub $hub_b is gone" 30
raw_send b '{"type":"dm","to":"alice","text":"after the loss","seq":3}'
held=0
while raw_expect b '"type":"'; do
	case "$RAW_LINE" in
	*'"type":"ack","seq":3'*) break ;;
	*'"code":"dm_held"'*) held=$((held + 1)) ;;
	esac
done
[ "$held" -eq 0 ] || fail "hub a sent again a DM it saw taken"
[ "$(rcli LLEN chatroom:held:alice)" = 1 ] ||
    fail "held for alice: $(rcli LRANGE chatroom:held:alice 0 -1)"
wait_until 10 dmwait_count 0 ||
    fail "Redis still keeps the DM seen taken"
grep -q "a DM from bob to alice, whose hub was lost" "$T/a.log" &&
    fail "hub a sent the DM again"
ok "a DM acknowledged before Redis answered is not kept to send again"
exit 0
