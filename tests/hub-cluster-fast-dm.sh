#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a direct message sent to a user of a hub that died, and
# is back before the other hubs give it up (a crash and a fast restart),
# reaches the user once the session is back on the restarted hub: that
# hub gives its old id up as soon as it has its sessions again, so the
# message does not wait for the old id to lapse (a long TTL here).
. "$top_srcdir/tests/lib.sh"
# Far longer than the test may take: the old id never lapses in it.
CLUSTER_TTL=600
. "$top_srcdir/tests/cluster-lib.sh"

start_member a
start_member b --flush-interval 1

# bob on hub b; alice on hub a.
on b
raw_login bob bob
TB=$TOKEN
member_client a alice
wait_until 20 grep -q '"nick":"bob"' "$T/b.json" ||
    fail "hub b does not keep bob"
old=$(member_id b)

# Hub b dies; alice writes to bob; hub b is back, and so is bob.
on b; stop_hub KILL
exec {RAW_FD[bob]}>&-
unset "RAW_FD[bob]"
client_say alice "/msg bob sent in the gap"
wait_until 20 grep -q "cluster: DM from alice to bob\|sent in the gap" \
    "$T/a.log" "$T/alice.out" || fail "alice's DM went nowhere"
restart_member b
wait_for "$T/b.log" "history loaded from"
on b; raw_resumed bob2 "$TB"

wait_for "$T/b.log" "giving up hub $old, this hub before its restart" 20
wait_for "$T/a.log" "cluster: hub $old is gone" 60
raw_expect bob2 '"text":"sent in the gap"' 60
ok "a DM sent while the hub was down reaches its user after a fast restart"
grep -q "bob quit\|moved to another hub" "$T/alice.out" &&
    fail "alice saw bob go: $(cat "$T/alice.out")"
ok "giving the old id up ends none of its sessions"
exit 0
