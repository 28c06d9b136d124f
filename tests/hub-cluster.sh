#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: two hubs and a redis-server on loopback behave as one
# chat -- rooms, DMs, ids and order, nicks, /names and /rooms, history,
# resume on the other hub after a crash, the release of a dead hub's
# users, and a Redis restart in mid-chat that loses nothing acknowledged.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

# The "id text" of the msg frames in a --json client's output.
msgs() {
	sed -n 's/^{"type":"msg","id":\([0-9]*\),.*"text":"\([^"]*\)".*/\1 \2/p' \
	    "$1"
}

start_member a
start_member b

# Chat across the hubs, in the lobby and a room both join.
member_client a alice
member_client b bob
wait_for "$T/alice.out" "bob joined #lobby"
client_say alice "hello from hub a"
client_say bob "hello from hub b"
wait_for "$T/bob.out" "<alice> hello from hub a"
wait_for "$T/alice.out" "<bob> hello from hub b"
client_say alice "/join dev"
wait_for "$T/alice.out" "you joined #dev"
client_say bob "/join dev"
wait_for "$T/alice.out" "bob joined #dev"
client_say bob "in dev from b"
wait_for "$T/alice.out" "#dev <bob> in dev from b"
ok "room messages and joins cross between the hubs"

client_say alice "/msg bob a secret from a"
wait_for "$T/bob.out" "a secret from a"
client_say bob "/msg alice and back from b"
wait_for "$T/alice.out" "and back from b"
client_say bob "/msg nobody-here hello?"
wait_for "$T/bob.err" "no such nick: nobody-here"
ok "direct messages reach the other hub; unknown nicks are refused"

client_say bob "/names #dev" "/rooms"
wait_for "$T/bob.out" "#dev: 2 members: "
grep -E '#dev: 2 members: .*alice' "$T/bob.out" | grep -q bob ||
    fail "/names on hub b does not show alice from hub a"
wait_until 10 grep -qE -- '-!- #dev \(2\) .*alice' "$T/bob.out" ||
    fail "/rooms on hub b does not count alice from hub a"
ok "/names and /rooms show the whole cluster"

client_say alice "/topic plans for the cluster"
wait_for "$T/bob.out" "alice changed the topic to: plans for the cluster"
client_say alice "/nick alicia"
wait_for "$T/bob.out" "alice is now known as alicia"
client_say alice "/nick alice"
wait_for "$T/bob.out" "alicia is now known as alice"
client_say bob "/leave"
wait_for "$T/alice.out" "bob left #dev"
client_say bob "/join dev"
wait_for "$T/alice.out" "bob joined #dev"
ok "topics, nick changes and departures cross between the hubs"

# A nick held on one hub is refused on the other, in any case (as
# claimed: alice's claim is the cluster's too).
on b; run_batch thief Alice "x"
[ "$BATCH_RC" -ne 0 ] || fail "hub b gave away alice's nick"
grep -qiE "taken|claimed" "$T/thief.err" "$T/thief.out" ||
    fail "no refusal for a nick held on hub a"
ok "a nick taken on one hub is refused on the other"

# Same ids, same order: two writers, one on each hub, interleaved.
on a; client_start wa wa --json
on b; client_start wb wb --json
wait_for "$T/wa.out" '"type":"history_end"'
wait_for "$T/wb.out" '"type":"history_end"'
for i in $(seq 1 15); do
	client_say wa "order a$i"
	client_say wb "order b$i"
done
has_all() {
	[ "$(msgs "$1" | grep -c ' order ')" -eq 30 ]
}
wait_until 20 has_all "$T/wa.out" || fail "hub a did not deliver all 30"
wait_until 20 has_all "$T/wb.out" || fail "hub b did not deliver all 30"
msgs "$T/wa.out" | grep ' order ' >"$T/order.a"
msgs "$T/wb.out" | grep ' order ' >"$T/order.b"
cmp -s "$T/order.a" "$T/order.b" ||
    fail "the hubs disagree on ids or order: $(diff "$T/order.a" "$T/order.b")"
[ "$(cut -d' ' -f1 "$T/order.a" | sort -u | wc -l)" -eq 30 ] ||
    fail "ids are not unique"
sort -n -c "$T/order.a" 2>/dev/null || fail "ids do not rise"
ok "both hubs show the same ids in the same order"
client_stop wa
client_stop wb

# History: a newcomer gets the same replay on either hub.
on a; BATCH_OPTS="--json" run_batch ra ra ""
on b; BATCH_OPTS="--json" run_batch rb rb ""
msgs "$T/ra.out" >"$T/replay.a"
msgs "$T/rb.out" >"$T/replay.b"
grep -q "hello from hub a" "$T/replay.a" || fail "no replay on hub a"
cmp -s "$T/replay.a" "$T/replay.b" ||
    fail "replays differ: $(diff "$T/replay.a" "$T/replay.b")"
ok "a client joining on either hub gets the same replay"

# Hub a dies with carol on it; carol resumes on hub b with her token and
# gets what she missed; bob sees her back.
on a
raw_open c
raw_send c '{"type":"hello","version":1,"nick":"carol"}'
raw_expect c '"type":"welcome"'
token=$(sed 's/.*"token":"\([0-9a-f]*\)".*/\1/' <<<"$RAW_LINE")
# A message on its way to Redis may be stored after a replay: a hub of a
# cluster does not say its replay is exact (clients send nothing again).
[[ $RAW_LINE == *'"replay_exact":false'* ]] ||
    fail "a cluster hub says its replay is exact: $RAW_LINE"
raw_send c '{"type":"join","room":"dev","seq":1}'
raw_expect c '"type":"ack","seq":1'
raw_send c '{"type":"msg","room":"dev","text":"carol before the crash","seq":2}'
raw_expect c '"type":"ack","seq":2'
last_id=$(sed 's/.*"id":\([0-9]*\).*/\1/' <<<"$RAW_LINE")
wait_for "$T/bob.out" "<carol> carol before the crash"
kill -9 "${PID[a]}"
wait "${PID[a]}" 2>/dev/null
client_stop alice
client_say bob "while carol is away"
wait_for "$T/bob.out" "<bob> while carol is away"
on b
raw_open c2
raw_send c2 "{\"type\":\"hello\",\"version\":1,\"nick\":\"carol\",\"token\":\"$token\",\"last_id\":$last_id}"
raw_expect c2 '"resumed":true'
[[ $RAW_LINE == *'"replay_exact":false'* ]] ||
    fail "a cluster hub says its replay is exact: $RAW_LINE"
raw_expect c2 '"text":"while carol is away"'
raw_send c2 '{"type":"msg","room":"dev","text":"carol on hub b","seq":3}'
raw_expect c2 '"type":"ack","seq":3'
wait_for "$T/bob.out" "#dev <carol> carol on hub b"
ok "a session resumes on the other hub after its hub is killed"

# The dead hub's other users are released: bob sees alice go, and her
# nick is free again (after the expiry, CLUSTER_TTL, and a heartbeat).
wait_for "$T/bob.out" "alice quit (hub lost)" 20
on b; run_batch alice2 alice "/names"
[ "$BATCH_RC" -eq 0 ] || fail "alice's nick was not released"
ok "a dead hub's nicks and memberships are released"

# Hub a comes back with its history file; it catches up from Redis.
start_member a
on a; BATCH_OPTS="--json" run_batch ra2 ra2 "/join dev"
grep -q '"text":"while carol is away"' "$T/ra2.out" ||
    fail "hub a did not catch up on what it missed"
ok "a restarted hub catches up from the streams"

# Redis goes away mid-chat.  Both hubs keep serving their own users and
# say so; what they acknowledge meanwhile reaches the other hub later.
on a; client_start alice alice --json
wait_for "$T/alice.out" '"type":"history_end"'
client_say alice "/join dev"
wait_for "$T/alice.out" '"type":"history_end","room":"dev"'
client_say alice "before the redis restart"
wait_for "$T/bob.out" "#dev <alice> before the redis restart"
lose_redis KILL 10 a
wait_for "$T/alice.out" '"code":"degraded"'
wait_for "$T/bob.err" "lost contact with the other hubs"
client_say alice "alice during the outage"
client_say bob "bob during the outage"
wait_for "$T/alice.out" '"text":"alice during the outage"'
wait_for "$T/bob.out" "<bob> bob during the outage"
heal_redis 20 a b
wait_for "$T/bob.out" "<alice> alice during the outage"
wait_for "$T/alice.out" '"text":"bob during the outage"'
client_say alice "after the redis restart"
wait_for "$T/bob.out" "<alice> after the redis restart"
on a; BATCH_OPTS="--json" run_batch fa fa "/join dev"
on b; BATCH_OPTS="--json" run_batch fb fb "/join dev"
msgs "$T/fa.out" >"$T/final.a"
msgs "$T/fb.out" >"$T/final.b"
for text in "before the redis restart" "alice during the outage" \
    "bob during the outage" "after the redis restart"; do
	grep -q " $text\$" "$T/final.a" || fail "hub a lost: $text"
	grep -q " $text\$" "$T/final.b" || fail "hub b lost: $text"
done
cmp -s "$T/final.a" "$T/final.b" ||
    fail "replays differ after the restart: $(diff "$T/final.a" "$T/final.b")"
[ "$(cut -d' ' -f1 "$T/final.a" | sort | uniq -d | wc -l)" -eq 0 ] ||
    fail "an id was given twice"
ok "a Redis restart mid-chat loses nothing acknowledged"

# Redis away for longer than a hub's expiry, and hub b slow to come back
# (stopped): hub a, back first, must not take b for dead meanwhile.
buried=$(cat "$T/bob.out" "$T/alice.out" | grep -c "hub lost")
# kim, on hub b, has no key: her nick is not claimed (bob's key would
# take bob's session over from a live hub, as on one hub).
on b
raw_open kim
raw_send kim '{"type":"hello","version":1,"nick":"kim"}'
raw_expect kim '"type":"welcome"'
lose_redis KILL 10 b
# Nothing to watch while Redis is away: wait out the hubs' keys.
sleep $((CLUSTER_TTL + 2))
kill -STOP "${PID[b]}"
start_redis
back_twice() {
	[ "$(count_in "$1" "back in contact")" -ge 2 ]
}
wait_until 30 back_twice "$T/a.log" || fail "hub a did not come back"
# Three heartbeats of hub a (five per CLUSTER_TTL) while b is still away.
sleep $((3 * CLUSTER_TTL / 5 + 1))
on a
raw_open thief2
raw_send thief2 '{"type":"hello","version":1,"nick":"kim"}'
# (a welcome instead: hub b was given up)
raw_expect thief2 '"nick_taken"'
kill -CONT "${PID[b]}"
wait_until 30 back_twice "$T/b.log" || fail "hub b did not come back"
grep -q "taken on another hub" "$T/b.log" &&
    fail "hub b lost bob's nick on its return"
client_say alice "after a long outage"
wait_for "$T/bob.out" "<alice> after a long outage"
[ "$(cat "$T/bob.out" "$T/alice.out" | grep -c "hub lost")" -eq "$buried" ] ||
    fail "a hub was taken for dead after a long Redis outage"
ok "after a long Redis outage no hub is taken for dead meanwhile"

# A clean shutdown releases the hub's users at once, saying so; they may
# resume on the other hub, and are seen to be back (not to join).
on a
raw_open e
raw_send e '{"type":"hello","version":1,"nick":"erin"}'
raw_expect e '"type":"welcome"'
token=$(sed 's/.*"token":"\([0-9a-f]*\)".*/\1/' <<<"$RAW_LINE")
wait_for "$T/bob.out" "erin joined #lobby"
client_stop alice
stop_hub TERM
wait_for "$T/bob.out" "erin quit (hub shut down)"
on b
raw_open e2
raw_send e2 "{\"type\":\"hello\",\"version\":1,\"nick\":\"erin\",\"token\":\"$token\"}"
raw_expect e2 '"resumed":true'
came_back() {
	sed -n '/erin quit (hub shut down)/,$p' "$T/bob.out" |
	    grep -q "erin is back"
}
wait_until 10 came_back || fail "bob did not see erin come back"
[ "$(grep -c "erin joined #lobby" "$T/bob.out")" -eq 1 ] ||
    fail "erin's resume was shown as a join"
ok "a hub shut down cleanly releases its users, who resume elsewhere"

client_stop bob
exit 0
