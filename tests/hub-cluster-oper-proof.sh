#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: what Redis keeps of an operator (chatroom:opers) lets no
# one who reads Redis try passwords against it: it is an HMAC of the
# password keyed by the session's resume token, of which Redis has only
# a hash, never the password's salted hash.  An operator whose hub shuts
# down cleanly (a rolling upgrade) is still an operator on the hub of the
# same password it resumes on, and told if not; an entry an older hub
# wrote (the password's scrypt hash) is not trusted, and its user told;
# one whose hub's password changed while its connection was lost is told
# on the hub it resumes on.
. "$top_srcdir/tests/lib.sh"
# Long enough that no hub is given up while the test runs.
CLUSTER_TTL=15
. "$top_srcdir/tests/cluster-lib.sh"
need_redis_cli
command -v openssl >/dev/null || { echo "openssl is not installed"; exit 77; }

# Resume NICK's session by TOKEN on the current hub, as a client that
# knows the nick does (another hub's session): resumed_at NAME NICK TOKEN.
resumed_at() {
	raw_open "$1"
	raw_send "$1" "{\"type\":\"hello\",\"version\":1,\"nick\":\"$2\",\"token\":\"$3\"}"
	raw_expect "$1" '"type":"welcome"' 20
	[[ $RAW_LINE == *'"resumed":true'* ]] || fail "$2 did not resume: $RAW_LINE"
}

# The third field of NICK's operator entry in Redis (empty if none).
oper_proof() {
	rcli HGET chatroom:opers "$1" | cut -f3
}

# Has NICK's operator entry been written by hub NAME?
oper_entry_by() {
	[ "$(rcli HGET chatroom:opers "$1" | cut -f1)" = "$(member_id "$2")" ]
}

oper_password_files
start_member a --admin-password-file "$T/admin.pw" --flush-interval 1
start_member b --admin-password-file "$T/admin.pw"
start_member c --admin-password-file "$T/other.pw"
cp "$T/admin.pw" "$T/d.pw"
start_member d --admin-password-file "$T/d.pw"
start_member e --admin-password-file "$T/admin.pw"

# bob and carl, operators on hub b.
on b
member_raw_oper bob bob
TB=$TOKEN
member_raw_oper carl carl
TC=$TOKEN
wait_until 20 oper_entry_by bob b || fail "Redis does not keep bob as operator"

# 1. The entry is no password hash, but the HMAC keyed by the token.
proof=$(oper_proof bob)
[[ $proof != *scrypt* ]] || fail "Redis keeps the password's hash: $proof"
want=$(printf 'chatroom operator password\ns3cret' |
    openssl dgst -sha256 -hmac "$TB" -r | cut -d' ' -f1)
[ "$proof" = "hmac\$$want" ] || fail "not the token's HMAC: $proof"
ok "Redis keeps a proof keyed by the token, not the password's hash"

# 2. Hub b shuts down cleanly, as in a rolling upgrade: bob resumes on
# hub a, of the same password, an operator still; carl, on hub c, of
# another, is told.
stop_member b a c d e
exec {RAW_FD[bob]}>&- {RAW_FD[carl]}>&-
unset "RAW_FD[bob]" "RAW_FD[carl]"
on a; resumed_at bob2 bob "$TB"
is_oper bob2 || fail "bob is no operator on hub a after hub b shut down"
ok "an operator whose hub shut down is one on a hub of the same password"
on c; resumed_at carl2 carl "$TC"
raw_expect carl2 '"code":"oper_lost"' 20
is_oper carl2 && fail "carl is an operator on hub c, of another password"
ok "an operator whose hub shut down is told on a hub of another password"

# 3. An entry as an older hub wrote it (the scrypt hash of the password,
# here hub a's own, from its history file) is not trusted: bob, moving
# to hub d of the same password, is told he is no longer an operator.
wait_until 20 oper_entry_by bob a || fail "hub a did not write bob's entry"
wait_until 20 grep -q '"nick":"bob",[^]]*"oper":"scrypt\$' "$T/a.json" ||
    fail "hub a does not keep bob as operator"
hash=$(sed 's/.*"nick":"bob",[^]]*"oper":"\(scrypt\$[^"]*\)".*/\1/' \
    "$T/a.json")
on a; stop_hub KILL
exec {RAW_FD[bob2]}>&-
unset "RAW_FD[bob2]"
old=$(rcli HGET chatroom:opers bob | cut -f1,2)
rcli HSET chatroom:opers bob "$old	$hash" >/dev/null
on d; resumed_at bob3 bob "$TB"
raw_expect bob3 '"code":"oper_lost"' 20
is_oper bob3 && fail "an older hub's entry made bob an operator"
wait_for "$T/d.log" "bob: the operator entry in Redis is an older hub's"
ok "an entry an older hub wrote is not trusted, and its user told"

# 4. erin, an operator on hub d, loses her connection; hub d's password
# changes, and hub d dies before she resumes: she resumes on hub e, of
# her password, and is told she is no longer an operator.
on d; member_raw_oper erin erin
TE=$TOKEN
n=$(count_in "$T/d.log" ": disconnected: ")
exec {RAW_FD[erin]}>&-
unset "RAW_FD[erin]"
wait_until 10 eval "[ \$(count_in '$T/d.log' ': disconnected: ') -gt $n ]" ||
    fail "hub d did not see erin's connection go"
printf 'n3w\n' >"$T/d.pw"
hup_reload
wait_for "$T/d.log" "erin: no longer an operator"
wait_until 20 eval '[ "$(oper_proof erin)" = - ]' ||
    fail "Redis does not say erin is to be told: $(oper_proof erin)"
stop_hub KILL
on e; resumed_at erin2 erin "$TE"
raw_expect erin2 '"code":"oper_lost"' 20
is_oper erin2 && fail "erin is an operator on hub e"
ok "an operator dropped while away is told on the hub she resumes on"
exit 0
