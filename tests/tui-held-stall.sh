#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a message sent to a hub that stands still (SIGSTOP: the
# connection stays up) shows dimmed and marked "(sending…)" (at the latest
# once the title shows lag) until the hub answers; if the connection is
# given up it stays so until the resume, and it shows and arrives once.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

MAX=12
LAG=2,2,$MAX

# A stopped hub must be continued before it can be stopped for good.
tui_stall_trap

# How many times the screen shows a fixed string.
shown() {
	tui_screen "$1" | grep -cF -- "$2"
}

start_hub
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"
tui_start alice alice 100 30 "CHATROOM_TEST_LAG=$LAG"
tui_wait alice "you joined #lobby"

kill -STOP "$HUB_PID"
tui_keys alice C-l "typed into a stopped hub" Enter
tui_wait alice "<alice> typed into a stopped hub  (sending…)" 15
ok "a message the hub does not answer shows as being sent"

kill -CONT "$HUB_PID"
tui_wait_gone alice "(sending…)" 15
tui_wait alice "<alice> typed into a stopped hub"
[ "$(shown alice "typed into a stopped hub")" -eq 1 ] ||
    fail "the line is not shown once: $(tui_screen alice)"
wait_for "$T/obs.out" "typed into a stopped hub"
ok "once answered it shows once, as any line"

# The hub stands still until the connection is given up: the line stays
# marked, a line typed while reconnecting joins it, and both go once.
tui_keys alice C-l
kill -STOP "$HUB_PID"
tui_keys alice "typed before the give-up" Enter
tui_wait alice "<alice> typed before the give-up  (sending…)" 15
tui_wait alice "the hub did not answer for $MAX seconds" $((MAX + 30))
tui_has alice "<alice> typed before the give-up  (sending…)" ||
    fail "the line is gone once given up: $(tui_screen alice)"
tui_keys alice "typed while reconnecting" Enter
tui_wait alice "<alice> typed while reconnecting  (not sent yet)"
kill -CONT "$HUB_PID"
tui_wait alice "reconnected: session resumed" 45
tui_wait_gone alice "(sending…)" 20
tui_wait_gone alice "(not sent yet)" 20
for l in "typed before the give-up" "typed while reconnecting"; do
	tui_wait alice "<alice> $l"
	[ "$(shown alice "$l")" -eq 1 ] ||
	    fail "'$l' is not shown once: $(tui_screen alice)"
	wait_for "$T/obs.out" "$l"
done
sleep 2
for l in "typed into a stopped hub" "typed before the give-up" \
    "typed while reconnecting"; do
	[ "$(grep -cF "$l" "$T/obs.out")" -eq 1 ] ||
	    fail "'$l' did not arrive once: $(cat "$T/obs.out")"
done
ok "given up and resumed, the lines show and arrive once each"
exit 0
