#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: scrolled up, the title's "N more below" counts the
# lines waiting for the hub, drawn under the newest line, as scrolling
# down shows them: one row up hides one of them and says so, and above
# the newest line they add to the lines below it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# A stopped hub must be continued before it can be stopped for good.
tui_stall_trap

# The title bar's count of what is below, or nothing.
below() {
	tui_screen "$1" | head -n 1 | grep -oE '[0-9]+ more below'
}

start_hub --flood-rate 0
tui_start alice alice 80 20 "CHATROOM_TEST_LAG=1,1,600"
tui_wait alice "you joined #lobby"
client_start bob bob
wait_for "$T/bob.out" "connected to"
for i in $(seq -w 1 20); do
	client_say bob "message number $i"
done
tui_wait alice "<bob> message number 20"

# The hub stands still: three one-row lines wait under the newest.
kill -STOP "$HUB_PID"
for l in one two three; do
	tui_type alice "waiting $l"
	tui_keys alice Enter
done
tui_wait alice "<alice> waiting three  (sending…)" 15
tui_wait alice "<alice> waiting one  (sending…)"
tui_settle alice
[ -z "$(below alice)" ] || fail "at the bottom: $(tui_screen alice | head -n 1)"

tui_keys alice S-Up
tui_wait_gone alice "waiting three"
wait_until 10 eval '[ "$(below alice)" = "1 more below" ]' ||
    fail "one row up: '$(below alice)': $(tui_screen alice | head -n 1)"
tui_keys alice S-Up S-Up
tui_wait_gone alice "waiting one"
wait_until 10 eval '[ "$(below alice)" = "3 more below" ]' ||
    fail "three rows up: '$(below alice)'"
ok "one row up at a time, the waiting lines hidden are counted"

# Above the newest line: it and the three waiting lines are below.
tui_keys alice S-Up
tui_wait_gone alice "message number 20"
wait_until 10 eval '[ "$(below alice)" = "4 more below" ]' ||
    fail "above the newest line: '$(below alice)'"
ok "above the newest line they add to the lines below"

tui_keys alice End
tui_wait alice "<alice> waiting three  (sending…)"
wait_until 10 eval '[ -z "$(below alice)" ]' ||
    fail "End: '$(below alice)'"
kill -CONT "$HUB_PID"
tui_wait_gone alice "(sending…)" 20
ok "at the bottom nothing is below"
exit 0
