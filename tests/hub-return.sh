#!/bin/bash
# SPDX-License-Identifier: ISC
# Welcome back: a user who comes back in a new session with a nick its
# key owns is greeted with when it was last seen; the others see the new
# session join ("is back" is for a session resumed).
. "$top_srcdir/tests/lib.sh"

start_hub --resume-timeout 0
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"
run_batch first alice "first visit"
[ "$BATCH_RC" -eq 0 ] || fail "alice could not log in"
grep -q "welcome back" "$T/first.out" && fail "a newcomer was welcomed back"
wait_for "$T/bob.out" "alice joined #lobby"
wait_for "$T/bob.out" "alice quit"

run_batch again alice "second visit"
[ "$BATCH_RC" -eq 0 ] || fail "alice could not come back"
grep -qE "welcome back, alice \(last seen at [0-9]{2}:[0-9]{2}\)" \
    "$T/again.out" ||
    fail "alice was not welcomed back: $(cat "$T/again.out")"
wait_for "$T/bob.out" "<alice> second visit"
[ "$(count_in "$T/bob.out" "alice joined #lobby")" -eq 2 ] ||
    fail "bob did not see alice's new session join: $(cat "$T/bob.out")"
grep -q "alice is back" "$T/bob.out" &&
    fail "bob saw a new session as back: $(cat "$T/bob.out")"
ok "the owner of a nick is welcomed back; the others see it join"

# Someone with another key and a free nick is a newcomer.
run_batch carol carol "hi"
grep -q "welcome back" "$T/carol.out" && fail "carol was welcomed back"
wait_for "$T/bob.out" "carol joined #lobby"
ok "a newcomer is not"
exit 0
