#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: after a fast restart of a hub (killed and started again
# before the other hubs give it up), the users of another hub read
# "is back" only for those they saw lost: a session that was connected
# when its hub died never looked lost to them, and its resume is silent;
# one whose connection was lost before is back, as after any loss.
. "$top_srcdir/tests/lib.sh"
# Long enough that the restart surely comes before hub a gives hub b up.
CLUSTER_TTL=15
. "$top_srcdir/tests/cluster-lib.sh"

# Does hub b's history file keep NICK as lost?
kept_lost() {
	grep -q "\"nick\":\"$1\",[^]]*\\][^}]*\"lost\":" "$T/b.json"
}

start_member a
start_member b --flush-interval 1

# bob and dave on hub b; alice on hub a shares #lobby with them.
on b
raw_login bob bob
TB=$TOKEN
raw_login dave dave
TD=$TOKEN
raw_login carl carl
TC=$TOKEN
member_client a alice
client_say alice "/names"
wait_until 20 grep -q "dave" "$T/alice.out" ||
    fail "alice does not see dave: $(cat "$T/alice.out")"

# dave's connection drops before the crash: alice sees him lost.
exec {RAW_FD[dave]}>&-
unset "RAW_FD[dave]"
wait_for "$T/alice.out" "dave lost the connection" 20
wait_until 20 kept_lost dave || fail "hub b does not keep dave as lost"
wait_until 20 grep -q '"nick":"bob"' "$T/b.json" ||
    fail "hub b does not keep bob"

on b; stop_hub KILL
exec {RAW_FD[bob]}>&- {RAW_FD[carl]}>&-
unset "RAW_FD[bob]" "RAW_FD[carl]"
restart_member b
wait_for "$T/b.log" "history loaded from"

# bob resumes first, then dave: what hub b says of bob comes before.
on b; raw_resumed bob2 "$TB"
raw_resumed dave2 "$TD"
wait_for "$T/alice.out" "dave is back" 20
ok "a session lost before the crash is back for the other hub's users"
grep -q "bob is back" "$T/alice.out" &&
    fail "alice read that bob is back, never told he was gone"
ok "a session connected at the crash resumes without a word"

# carl, connected at the crash too, has not resumed when hub b dies
# again: he is still one nobody saw go.  dave is lost again first.
wait_until 20 grep -q '"nick":"carl",[^]]*\][^}]*"unseen":true' \
    "$T/b.json" || fail "hub b does not keep carl as unseen"
exec {RAW_FD[dave2]}>&-
unset "RAW_FD[dave2]"
wait_until 20 more_in "$T/alice.out" "dave lost the connection" 1 ||
    fail "alice did not see dave lost again"
wait_until 20 kept_lost dave || fail "hub b does not keep dave as lost"
on b; stop_hub KILL
exec {RAW_FD[bob2]}>&-
unset "RAW_FD[bob2]"
restart_member b
wait_for "$T/b.log" "history loaded from"
on b; raw_resumed carl2 "$TC"
raw_resumed dave3 "$TD"
wait_until 20 more_in "$T/alice.out" "dave is back" 1 ||
    fail "dave is not back again: $(cat "$T/alice.out")"
grep -q "carl is back" "$T/alice.out" &&
    fail "alice read that carl is back after two restarts"
ok "a session kept over two fast restarts resumes without a word"
exit 0
