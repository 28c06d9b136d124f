#!/bin/bash
# SPDX-License-Identifier: ISC
# --batch names the conversation of each of its lines (walk69 F5): an
# action and an event in a conversation are printed "@peer * nick text"
# and "@peer -- text", as a room's are "#room * nick text", never without
# a window, on the sender's side and the receiver's.
. "$top_srcdir/tests/lib.sh"

start_hub
client_start bob bob
wait_for "$T/bob.out" "joined #lobby"

run_batch alice alice "/msg bob" "/me waves at bob" "hello" "/nick alice2"
[ "$BATCH_RC" -eq 0 ] || fail "alice: exit status $BATCH_RC"
grep -qE '^\[..:..\] @bob \* alice waves at bob$' "$T/alice.out" ||
    fail "alice's action is not shown in @bob"
wait_for "$T/bob.out" "alice2 quit"
grep -qE '^\[..:..\] @alice \* alice waves at bob$' "$T/bob.out" ||
    fail "the action bob got does not name the conversation"
grep -qE '^\[..:..\] \*alice\* hello$' "$T/bob.out" ||
    fail "the direct message changed its form"
grep -qE '^\[..:..\] @alice2? -- alice is now known as alice2$' \
    "$T/bob.out" || fail "the nick change does not name the conversation"
grep -qE '^\[..:..\] @alice2? -- alice2 quit$' "$T/bob.out" ||
    fail "the quit does not name the conversation"
grep -qE '^\[..:..\] (\* |-- )' "$T/bob.out" "$T/alice.out" &&
    fail "a line without a window: $(grep -E '^\[..:..\] (\* |-- )' \
    "$T/bob.out" "$T/alice.out")"
ok "actions and events of a conversation name it"
