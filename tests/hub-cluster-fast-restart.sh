#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a hub killed and started again before the other hubs give
# it up (its old hub id still alive in Redis) takes back the sessions it
# kept as its own, as after a slower restart: an operator is still one,
# a client resumes there with its token, and nobody reads that it moved
# to another hub or quit when the old hub id is given up later.
. "$top_srcdir/tests/lib.sh"
# Long enough that the restart surely comes before hub a gives hub b up.
CLUSTER_TTL=15
. "$top_srcdir/tests/cluster-lib.sh"

# Does hub b's history file keep NICK as an operator?
kept_oper() {
	grep -q "\"nick\":\"$1\",[^]]*\"oper\":\"scrypt\\$" "$T/b.json"
}

printf 's3cret\n' >"$T/admin.pw"
start_member a --admin-password-file "$T/admin.pw"
start_member b --admin-password-file "$T/admin.pw" --flush-interval 1

# bob, an operator, and carl on hub b; alice on hub a shares #lobby.
on b
raw_login bob bob
TB=$TOKEN
raw_send bob '{"type":"oper","password":"s3cret","seq":1}'
raw_expect bob '"type":"ack","seq":1'
is_oper bob || fail "bob is no operator after /oper"
raw_login carl carl
TC=$TOKEN
member_client a alice
client_say alice "/names"
wait_until 20 grep -q "carl" "$T/alice.out" ||
    fail "alice does not see carl: $(cat "$T/alice.out")"
wait_until 20 kept_oper bob || fail "hub b does not keep bob as operator"
wait_until 20 grep -q '"nick":"carl"' "$T/b.json" ||
    fail "hub b does not keep carl"
old=$(member_id b)

# kill -9 and an immediate restart: hub a still has the old id alive.
on b; stop_hub KILL
exec {RAW_FD[bob]}>&- {RAW_FD[carl]}>&-
grep -q "cluster: hub $old is gone" "$T/a.log" &&
    fail "hub a gave hub b up before the restart: the test needs more TTL"
restart_member b
wait_for "$T/b.log" "history loaded from"

on b; raw_resumed bob2 "$TB"
is_oper bob2 || fail "bob is no longer an operator after a fast restart"
raw_resumed carl2 "$TC"
ok "sessions resume on their hub, restarted fast, an operator still one"

grep -q "is on another hub now\|went on on another hub" "$T/b.log" &&
    fail "hub b took its own sessions as moved: $(cat "$T/b.log")"
grep -q "resumed a session from another hub" "$T/b.log" &&
    fail "hub b took its own sessions as remote: $(cat "$T/b.log")"
ok "the restarted hub does not take its own sessions as another hub's"

# Hub b gives its old id up itself, at once; bob and carl stay where
# they are.
wait_for "$T/b.log" "giving up hub $old, this hub before its restart" 20
wait_for "$T/a.log" "cluster: hub $old is gone" 60
client_say alice "/msg carl still there?"
raw_expect carl2 '"text":"still there?"' 20
grep -q "moved to another hub\|carl quit\|bob quit" "$T/alice.out" &&
    fail "alice saw them go: $(cat "$T/alice.out")"
ok "giving the old hub id up later ends none of its sessions"
exit 0
