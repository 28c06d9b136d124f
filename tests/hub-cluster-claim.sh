#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a claimed nick is the cluster's.  A claim made on one hub
# is refused to other keys on every hub and lets its owner in anywhere; a
# release frees it everywhere; a hub that joins adds the claims Redis
# lacks and logs one it made alone that the cluster holds for another key.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

# One --batch run with the key of another state: as STATE NAME NICK LINES.
as() {
	local state=$1 name=$2 nick=$3
	shift 3
	printf '%s\n' "$@" | XDG_STATE_HOME="$T/state/$state" \
	    $VG "$CHATROOM" --batch $INSECURE \
	    "$nick@127.0.0.1:$HUB_PORT" >"$T/$name.out" 2>"$T/$name.err"
	BATCH_RC=$?
}
# The same until it is let in (logins from one address are paced).
let_in() {
	as "$@"
	[ "$BATCH_RC" -eq 0 ] || { sleep 3; return 1; }
}

start_member a
start_member b

on a; run_batch bob1 bob "hello from the real bob"
wait_for "$T/a.log" "nick bob claimed"
wait_for "$T/b.log" "cluster: nick bob claimed on another hub"
on b; as impostor fake bob "impostor bob on b"
[ "$BATCH_RC" -ne 0 ] || fail "hub b let another key in as bob"
grep -q "the nick bob is claimed" "$T/fake.err" ||
    fail "no 'claimed' refusal on hub b: $(cat "$T/fake.err")"
grep -q "nick bob claimed$" "$T/b.log" && fail "hub b claimed bob again"
ok "a nick claimed on one hub is refused to another key on the other"

on b; run_batch bob2 bob "the real bob on b"
[ "$BATCH_RC" -eq 0 ] ||
    fail "hub b refused bob's own key: $(cat "$T/bob2.err")"
wait_for "$T/b.log" "registered as bob, the owner of the nick back"
ok "the owner of a claim is let in on the other hub"

on b; run_batch bob3 bob "/release"
wait_for "$T/b.log" "claim on bob released by its owner"
on a; wait_until 30 let_in impostor fake2 bob "now mine" ||
    fail "a released claim still held on hub a: $(cat "$T/fake2.err")"
wait_for "$T/a.log" "nick bob claimed"
ok "a release on one hub frees the nick on the other"

# Hub c, alone at first, claims carol and dora; meanwhile the cluster
# gives dora to another key.
HUB_NAME=c start_hub --history "$T/c.json"
run_batch carol1 carol "hi"
as dora2 dora2 dora "hi"
wait_for "$T/c.log" "nick dora claimed"
stop_hub
on a; as dora1 dora1 dora "hi"
wait_for "$T/a.log" "nick dora claimed"
start_member c
wait_for "$T/c.log" "cluster: the claim on dora made on this hub while apart"
grep -q "dora .* another owner's there; the cluster's claim holds" \
    "$T/c.log" || fail "hub c did not say the cluster's claim on dora holds"
wait_for "$T/a.log" "cluster: nick carol claimed on another hub"
on a; as carolx fake3 carol "not carol"
grep -q "the nick carol is claimed" "$T/fake3.err" ||
    fail "hub c's claim on carol did not reach hub a: $(cat "$T/fake3.err")"
on c; as dora2 dora2b dora "again"
grep -q "the nick dora is claimed" "$T/dora2b.err" ||
    fail "hub c kept its own claim on dora: $(cat "$T/dora2b.err")"
as dora1 dora1b dora "on c"
[ "$BATCH_RC" -eq 0 ] ||
    fail "the cluster's dora was refused on c: $(cat "$T/dora1b.err")"
ok "a joining hub publishes its claims and logs a conflicting one"

# A release made while Redis is away reaches the others once it is back.
on b; run_batch erin1 erin "hi"
wait_for "$T/b.log" "nick erin claimed"
wait_for "$T/a.log" "cluster: nick erin claimed on another hub"
lose_redis KILL 20 b
on b; run_batch erin2 erin "/release"
wait_for "$T/b.log" "claim on erin released by its owner"
heal_redis 20 a b
on a; wait_until 30 let_in erinx erinx erin "mine now" ||
    fail "a release during the split did not reach hub a: $(cat "$T/erinx.err")"
ok "a release made during a split reaches the other hubs after it"
