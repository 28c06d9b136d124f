#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: an operator whose hub dies resumes on another hub of the
# cluster before its hub is back (or given up): an operator still if that
# hub has the same operator password (a proof of the one it gave goes
# with the session through Redis), told plainly if not; one who never
# was an operator does not become one; and the users of that hub, who
# never saw the user lost, read no "is back".
. "$top_srcdir/tests/lib.sh"
# Long enough that hub b is surely not given up while the test runs.
CLUSTER_TTL=15
. "$top_srcdir/tests/cluster-lib.sh"
need_redis_cli

# Resume NICK's session by TOKEN on the current hub, as a client that
# knows the nick does (another hub's session): resumed_at NAME NICK TOKEN.
resumed_at() {
	raw_open "$1"
	raw_send "$1" "{\"type\":\"hello\",\"version\":1,\"nick\":\"$2\",\"token\":\"$3\"}"
	raw_expect "$1" '"type":"welcome"' 20
	[[ $RAW_LINE == *'"resumed":true'* ]] || fail "$2 did not resume: $RAW_LINE"
}

# Does Redis keep NICK's operator entry?
oper_entry() {
	[ -n "$(rcli HGET chatroom:opers "$1")" ]
}

oper_password_files
start_member a --admin-password-file "$T/admin.pw"
start_member b --admin-password-file "$T/admin.pw" --flush-interval 1
start_member c --admin-password-file "$T/other.pw"

# bob and carl, operators, and dave, not one, on hub b; alice on hub a.
on b
member_raw_oper bob bob
TB=$TOKEN
member_raw_oper carl carl
TC=$TOKEN
raw_login dave dave
TD=$TOKEN
member_client a alice
client_say alice "/names"
wait_until 20 grep -q "dave" "$T/alice.out" ||
    fail "alice does not see dave: $(cat "$T/alice.out")"
wait_until 20 oper_entry bob || fail "Redis does not keep bob as operator"
wait_until 20 oper_entry carl || fail "Redis does not keep carl as operator"
oper_entry dave && fail "Redis keeps dave, no operator, as one"
wait_until 20 grep -q "\"nick\":\"bob\",[^]]*\"oper\":" "$T/b.json" ||
    fail "hub b does not keep bob as operator"

# Hub b dies; its users resume elsewhere before it is back.
on b; stop_hub KILL
exec {RAW_FD[bob]}>&- {RAW_FD[carl]}>&- {RAW_FD[dave]}>&-
unset "RAW_FD[bob]" "RAW_FD[carl]" "RAW_FD[dave]"
on a; resumed_at bob2 bob "$TB"
is_oper bob2 || fail "bob is no operator on hub a, of the same password"
ok "an operator who moves to a hub of the same password is one there"

resumed_at dave2 dave "$TD"
is_oper dave2 && fail "dave became an operator on hub a"
ok "a user who was no operator does not become one by moving"

on c; resumed_at carl2 carl "$TC"
raw_expect carl2 '"code":"oper_lost"' 20
is_oper carl2 && fail "carl is an operator on hub c, of another password"
ok "an operator who moves to a hub of another password is told"

grep -q "bob is back\|dave is back" "$T/alice.out" &&
    fail "alice read that they are back, never told they were gone"
ok "users who never saw them lost read no 'is back'"

# Hub b back: bob went on elsewhere and is still an operator there.
restart_member b
wait_for "$T/b.log" "bob is on another hub now" 20
is_oper bob2 || fail "bob is no operator on hub a after hub b came back"
oper_entry bob || fail "Redis forgot bob as operator"
ok "the operator stays one when its old hub is back"
exit 0
