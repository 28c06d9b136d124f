#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: scrolling holds the view; resizing reflows without garbage.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# The scrollback rows of a screen (no title, no input line).
body() {
	tui_screen "$1" | sed '1d;$d'
}

# Flood control off: with it, 50 of bob's 60 lines would be held back and
# trickle in at 5 a second, ten seconds, as long as a wait's deadline.
start_hub --flood-rate 0
tui_start alice alice
tui_wait alice "you joined #lobby"

client_start bob bob
wait_for "$T/bob.out" "connected to"
for i in $(seq -w 1 60); do
	client_say bob "message number $i"
done
tui_wait alice "<bob> message number 60"
ok "sixty lines arrived"

# PgUp holds the view; new lines do not move it and are counted.
tui_keys alice PPage
tui_wait_gone alice "message number 60"
tui_settle alice
before=$(body alice)
tui_has alice "more below" || fail "no 'more below' in the title"
# The title counted the lines below before the late ones: wait for the
# count of all of them, not for any count (the title had one already).
n0=$(tui_screen alice | head -n 1 | grep -oE '[0-9]+ more below' |
    cut -d' ' -f1)
[ -n "$n0" ] || fail "no count of the lines below in the title"
client_say bob "late one" "late two" "late three"
tui_wait_match alice "^ #lobby.* $((n0 + 3)) more below"
client_say bob "late four"
tui_wait_match alice "^ #lobby.* $((n0 + 4)) more below"
[ "$(body alice)" = "$before" ] || fail "the view moved while scrolled up"
tui_has alice "late four" && fail "a new line yanked the view"
ok "scrolled up, the view holds and the title counts new lines"

# PgUp again goes further back; Home (empty input) goes to the top.
tui_keys alice PPage
tui_wait_gone alice "message number 30"
tui_keys alice Home
tui_wait_match alice "│.*you joined #lobby"
tui_keys alice PPage
tui_settle alice
tui_has alice "you joined #lobby" || fail "PgUp at the top moved the view"
ok "PgUp and Home scroll back to the oldest line"

# PgDn comes back down; End (empty input) follows the end again.
tui_keys alice NPage
tui_wait_gone alice "you joined #lobby"
tui_keys alice End
tui_wait alice "<bob> late four"
tui_wait_gone alice "more below"
client_say bob "following again"
tui_wait alice "<bob> following again"
ok "PgDn and End come back, and the view follows new lines"

# Typing and sending while scrolled up returns to the end.
tui_keys alice PPage
tui_wait alice "more below"
tui_type alice "typed while scrolled"
tui_keys alice Enter
tui_wait alice "<alice> typed while scrolled"
tui_wait_gone alice "more below"
ok "sending a line returns to the end"

# Resizing reflows: at 50x15 the room list goes; nothing is left over.
tm resize-window -t alice: -x 50 -y 15
tui_wait_gone alice "│"
tui_settle alice
small=$(tui_screen alice)
[ "$(printf '%s\n' "$small" | wc -l)" -eq 15 ] || fail "not 15 rows"
printf '%s\n' "$small" | head -n 1 | grep -q '^ #lobby .*connected as alice$' ||
    fail "no title at 50 columns"
printf '%s\n' "$small" | grep -q "<alice> typed while" ||
    fail "the last lines are not shown at 50 columns"
# The redraw may be caught half drawn: wait, with a deadline, for it to be
# whole again.
tui_keys alice C-l
wait_until 10 eval '[ "$(tui_screen alice)" = "$small" ]' ||
    fail "a full redraw differs at 50x15"

tm resize-window -t alice: -x 100 -y 30
tui_wait alice "│"
tui_settle alice
big=$(tui_screen_e alice)
tui_keys alice C-l
wait_until 10 eval '[ "$(tui_screen_e alice)" = "$big" ]' ||
    fail "a full redraw differs at 100x30"
tui_has alice "<bob> message number 40" || fail "lines lost after resizing"
tui_matches alice '^ 1 #lobby +│' || fail "the room list did not come back"
ok "resizing to 50x15 and back leaves no garbage"

# A tiny terminal gets a notice instead of a broken layout.
tm resize-window -t alice: -x 16 -y 4
tui_wait alice "terminal too"
tm resize-window -t alice: -x 100 -y 30
tui_wait alice "│"
tui_wait_gone alice "terminal too"
ok "tiny terminals get 'terminal too small'"
exit 0
