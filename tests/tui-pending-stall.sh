#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a message the hub has not answered after about two
# seconds shows as being sent, dimmed and marked "(sending…)", even while
# the wait is too short for the title to show lag; once answered it shows
# as any line, once.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# The title shows lag only after 30 seconds here.
LAG=60,30,120

# A stopped hub must be continued before it can be stopped for good.
tui_stall_trap

start_hub
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"
tui_start alice alice 100 30 "CHATROOM_TEST_LAG=$LAG"
tui_wait alice "you joined #lobby"

# Answered at once: never marked.
tui_type alice "answered at once"
tui_keys alice Enter
tui_wait alice "<alice> answered at once"
wait_for "$T/obs.out" "answered at once"
sleep 3
# Under valgrind an answer may well take two seconds.
[ -z "$VG_SLOW" ] && tui_has alice "(sending…)" &&
    fail "an answered line shows as being sent"
ok "a line answered at once is not marked"

# The hub stands still: well before the title shows lag, the line shows
# as being sent.
kill -STOP "$HUB_PID"
start=$(date +%s)
tui_type alice "into a stalled hub"
tui_keys alice Enter
tui_wait alice "<alice> into a stalled hub  (sending…)" 20
took=$(( $(date +%s) - start ))
tui_screen alice | head -n 1 | grep -q "lag" &&
    fail "the title shows lag already: the mark came with it"
[ -n "$VG_SLOW" ] || [ "$took" -le 10 ] ||
    fail "the mark came after $took s"
ok "unanswered for a moment, the line shows as being sent (${took} s)"

kill -CONT "$HUB_PID"
tui_wait_gone alice "(sending…)" 20
tui_wait alice "<alice> into a stalled hub"
[ "$(tui_screen alice | grep -cF "into a stalled hub")" -eq 1 ] ||
    fail "the line is not shown once: $(tui_screen alice)"
wait_for "$T/obs.out" "into a stalled hub"
ok "once answered it shows once, as any line"
exit 0
