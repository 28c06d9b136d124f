#!/bin/bash
# SPDX-License-Identifier: ISC
# Nicks: taken (ignoring case), reserved and invalid nicks are refused at
# connect with a clear message; /nick is announced; UTF-8 nicks work.
. "$top_srcdir/tests/lib.sh"

start_hub
client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"

run_batch taken ALICE "hello"
[ "$BATCH_RC" -ne 0 ] || fail "a taken nick was accepted"
grep -q "nick ALICE is taken" "$T/taken.err" || fail "taken message"
run_batch reserved System "hello"
[ "$BATCH_RC" -ne 0 ] || fail "a reserved nick was accepted"
grep -q "reserved" "$T/reserved.err" || fail "reserved message"
run_batch invalid "#bad" "hello"
[ "$BATCH_RC" -ne 0 ] || fail "an invalid nick was accepted"
grep -q "may not start with" "$T/invalid.err" || fail "invalid message"
run_batch long "abcdefghijabcdefghijabcdefghijabc" "hello"
[ "$BATCH_RC" -ne 0 ] || fail "a 33-character nick was accepted"
grep -q "1 to 32 characters" "$T/long.err" || fail "length message"
grep -q "hello" "$T/alice.out" && fail "a refused client's message arrived"
ok "taken, reserved, invalid and long nicks are refused"

run_batch korean 김민수 "안녕하세요 여러분"
[ "$BATCH_RC" -eq 0 ] || fail "a Korean nick was refused"
wait_for "$T/alice.out" "<김민수> 안녕하세요 여러분"
ok "UTF-8 nicks and text"

client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"
client_say bob "/nick robert"
wait_for "$T/bob.out" "you are now known as robert"
wait_for "$T/alice.out" "bob is now known as robert"
client_say bob "hi as robert"
wait_for "$T/alice.out" "<robert> hi as robert"
client_say bob "/nick Alice"
wait_for "$T/bob.err" "taken"
client_say bob "/nick server"
wait_for "$T/bob.err" "reserved"
ok "/nick is announced; taken and reserved nicks refused"

# The old nick is free again.
run_batch newbob bob "/nick bobby"
[ "$BATCH_RC" -eq 0 ] || fail "the old nick was not freed"
client_stop bob
client_stop alice
exit 0
