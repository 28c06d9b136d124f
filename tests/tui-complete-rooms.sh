#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: Tab after /join completes to a room the client has not
# listed: when no room it knows matches, it asks the hub for its rooms,
# quietly, and completes with the answer.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start bob bob
tui_wait bob "you joined #lobby"
# The room is made after bob's first list of rooms.
run_batch carol carol "/join book-club" "the club is open"
[ "$BATCH_RC" = 0 ] || fail "carol could not make #book-club"

tui_type bob "/join bo"
tui_keys bob Tab
tui_wait bob "[#lobby] /join book-club"
tui_has bob "#book-club (" && fail "the room list was shown"
tui_keys bob Enter
tui_wait bob "you joined #book-club"
ok "Tab completes /join to a room the client had not listed"

# A room that exists nowhere: no completion, and the list stays quiet.
tui_type bob "/join zz"
tui_keys bob Tab
tui_settle bob
tui_wait bob "[#book-club] /join zz"
tui_has bob "#lobby (" && fail "the room list was shown"
tui_has bob "/join zzz" && fail "something was completed"
tui_keys bob C-u
ok "a room the hub does not have completes to nothing, quietly"
exit 0
