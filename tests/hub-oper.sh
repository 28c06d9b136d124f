#!/bin/bash
# SPDX-License-Identifier: ISC
# Operators: /kick and /shutdown need /oper with the admin password.
. "$top_srcdir/tests/lib.sh"

printf 's3cret\n' >"$T/admin.pw"
start_hub --admin-password-file "$T/admin.pw"
client_start alice alice
client_start bob bob
wait_for "$T/alice.out" "you joined #lobby"
wait_for "$T/bob.out" "you joined #lobby"

client_say bob "/shutdown"
wait_for "$T/bob.err" "only operators"
client_say bob "/kick alice"
wait_for "$T/bob.err" "only operators" 
client_say bob "/oper wrong"
wait_for "$T/bob.err" "wrong password"
kill -0 "$HUB_PID" || fail "hub died"
ok "/shutdown and /kick are refused to non-operators"

client_start carol carol
wait_for "$T/carol.out" "you joined #lobby"
client_say alice "/oper s3cret"
wait_for "$T/alice.out" "you are now a hub operator"
client_say alice "/kick carol spamming"
wait_for "$T/bob.out" "carol was kicked by alice (spamming)"
wait_for "$T/carol.err" "you were kicked by alice (spamming)"
wait_until 10 bash -c "! kill -0 ${CLIENT_PID[carol]}" ||
    fail "kicked client still running"
ok "an operator kicks"

# A ban removes a connected user as a ban, not as a kick, with or
# without its reason; one with no end says so, as to the user.
client_start gus gus
wait_for "$T/gus.out" "you joined #lobby"
client_say alice "/ban gus"
wait_for "$T/bob.out" "gus was banned by alice"
grep -q "gus was banned by alice for good\$" "$T/bob.out" ||
    fail "a ban without a reason: $(grep "gus was" "$T/bob.out")"
wait_for "$T/gus.err" "you were banned by alice"
grep -q "gus was kicked" "$T/bob.out" && fail "a ban told as a kick"
grep -q "you were kicked" "$T/gus.err" && fail "a ban told as a kick"
ok "a ban is told as a ban"

# Without a reason, no hub default in brackets: "(kicked)", "(quit)".
client_start erin erin
wait_for "$T/erin.out" "you joined #lobby"
client_say alice "/kick erin"
wait_for "$T/bob.out" "erin was kicked by alice"
grep -q "erin was kicked by alice\$" "$T/bob.out" ||
    fail "a kick without a reason: $(grep "erin was kicked" "$T/bob.out")"
client_start fred fred
wait_for "$T/fred.out" "you joined #lobby"
client_say fred "/quit"
wait_for "$T/bob.out" "fred quit"
grep -q "fred quit\$" "$T/bob.out" ||
    fail "a quit without a reason: $(grep "fred quit" "$T/bob.out")"
ok "a kick or a quit without a reason shows none"

# A kick of a user who shares no room with the operator is confirmed all
# the same, as a ban or a mute is, with its reason.
raw_login z zoe
wait_for "$T/alice.out" "zoe joined #lobby"
raw_send z '{"type":"leave","room":"lobby","seq":1}'
wait_for "$T/alice.out" "zoe left #lobby"
wait_for "$T/bob.out" "zoe left #lobby"
client_say alice "/kick zoe off you go"
raw_expect z '"type":"kicked"'
wait_for "$T/alice.out" "zoe was kicked by alice (off you go)"
grep -q "zoe was kicked" "$T/bob.out" && fail "bob was told of zoe's kick"
ok "a kick of a user in no shared room is confirmed"

client_say alice "/shutdown maintenance"
wait_until 10 bash -c "! kill -0 $HUB_PID" || fail "hub did not stop"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
wait_for "$T/bob.err" "the hub is shutting down: maintenance"
client_stop bob
[ -f "$T/history.json" ] || fail "no history written at shutdown"
ok "/shutdown by an operator stops the hub cleanly"

# Without a password file, /oper is refused clearly.
start_hub
client_start dave dave
wait_for "$T/dave.out" "you joined #lobby"
client_say dave "/oper anything"
wait_for "$T/dave.err" "no operator password"
client_stop dave
ok "/oper without an admin password file"
exit 0
