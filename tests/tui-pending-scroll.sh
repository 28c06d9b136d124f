#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the lines waiting for the hub, shown under the newest
# line, are part of the scrollback for scrolling.  One row up hides one
# row of them, not all; PgUp moves by a page counting their rows, so
# that the top row at the end is the bottom row a page up; PgDn, Shift-
# Down and End come back to them.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# A stopped hub must be continued before it can be stopped for good.
tui_stall_trap

# The scrollback rows of a screen, without the room list.
body() {
	tui_screen "$1" | sed '1d;$d' | sed 's/^[^│]*│//'
}

# Flood control off: bob's lines must not trickle in.
start_hub --flood-rate 0
# The wait shows after a second; the connection is not given up.
tui_start alice alice 80 20 "CHATROOM_TEST_LAG=1,1,600"
tui_wait alice "you joined #lobby"
client_start bob bob
wait_for "$T/bob.out" "connected to"
for i in $(seq -w 1 40); do
	client_say bob "message number $i"
done
tui_wait alice "<bob> message number 40"

# The hub stands still: three lines wait, marked, under the newest.
kill -STOP "$HUB_PID"
for l in one two three; do
	tui_type alice "waiting $l"
	tui_keys alice Enter
done
tui_wait alice "<alice> waiting three  (sending…)" 15
tui_wait alice "<alice> waiting one  (sending…)"
tui_settle alice
top=$(body alice | head -n 1)
case $top in
*"message number"*) ;;
*) fail "the top row is not one of bob's lines: $top" ;;
esac

# One row up: the newest waiting line goes below, the others stay.
tui_keys alice S-Up
tui_wait_gone alice "waiting three"
tui_settle alice
tui_has alice "<alice> waiting two  (sending…)" ||
    fail "one row up, the waiting lines are gone: $(tui_screen alice)"
body alice | tail -n 1 | grep -qF "<alice> waiting two  (sending…)" ||
    fail "one row up is not the row above: $(body alice | tail -n 1)"
tui_keys alice S-Down
tui_wait alice "<alice> waiting three  (sending…)"
ok "scrolling by a row moves through the waiting lines"

# A page up counts their rows: the top row shows at the bottom.
tui_keys alice PPage
tui_wait_gone alice "waiting one"
tui_settle alice
[ "$(body alice | tail -n 1)" = "$top" ] ||
    fail "PgUp did not move by a page: '$top' is not at the bottom:
$(body alice)"
tui_keys alice NPage
tui_wait alice "<alice> waiting three  (sending…)"
tui_has alice "<alice> waiting one  (sending…)" ||
    fail "PgDn back lost a waiting line: $(tui_screen alice)"
ok "PgUp and PgDn count the rows of the waiting lines"

# Further up and back down a row at a time: they show at the end.
tui_keys alice PPage PPage
tui_wait_gone alice "waiting"
tui_keys alice NPage
tui_settle alice
n=0
while tui_lacks alice "waiting one" && [ "$n" -lt 40 ]; do
	tui_keys alice S-Down
	n=$((n + 1))
	tui_settle alice
done
body alice | tail -n 1 | grep -qF "<alice> waiting one  (sending…)" ||
    fail "scrolling down, the first waiting line is not at the bottom:
$(body alice)"
tui_has alice "waiting three" &&
    fail "the waiting lines do not come a row at a time: $(body alice)"
tui_keys alice S-Down S-Down
tui_wait alice "<alice> waiting three  (sending…)"
tui_settle alice
tui_has alice "more below" &&
    fail "lines below the waiting ones: $(tui_screen alice)"
ok "scrolling down through the scrollback ends with the waiting lines"

# End lands on them.
tui_keys alice PPage PPage
tui_wait_gone alice "waiting"
tui_keys alice End
tui_wait alice "<alice> waiting three  (sending…)"
tui_has alice "<alice> waiting one  (sending…)" ||
    fail "End does not show every waiting line: $(tui_screen alice)"
ok "End lands on the waiting lines"

# The hub goes on: the lines go and show as any line.
kill -CONT "$HUB_PID"
tui_wait_gone alice "(sending…)" 20
tui_wait alice "<alice> waiting three"
for l in one two three; do
	wait_for "$T/bob.out" "waiting $l"
done
ok "once answered they show as any line"
exit 0
