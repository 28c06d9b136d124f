#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the nick list pane (F3, /names), and cut names marked with …
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# The nicks the pane shows, in order: the end of each row after a border.
pane() {
	tui_screen bob | sed -n '2,$p' | grep -oE '│[^│]*$' | sed 's/│//; s/ *$//' |
	    grep -v '^$'
}

# Does the pane list exactly these (header, then nicks)?
pane_is() { [ "$(pane | tr '\n' ' ')" = "$1" ]; }

# Is the pane there, with a header?
pane_shown() {
	pane | head -n 1 | grep -q "members\$"
}

start_hub
tui_start bob bob 100 20
tui_wait bob "you joined #lobby"
client_start carl carl
client_start ann ann
tui_wait bob "ann joined #lobby"
tui_wait bob "carl joined #lobby"

tui_keys bob F3
wait_until 10 pane_shown || fail "no pane: $(tui_screen bob)"
wait_until 10 pane_is "3 members ann bob carl " ||
    fail "pane: $(pane | tr '\n' ' ')"
client_start dave Dave
tui_wait bob "Dave joined #lobby"
wait_until 10 pane_is "4 members ann bob carl Dave " ||
    fail "pane after a join: $(pane | tr '\n' ' ')"
ok "F3 shows the members of the room in order"

tm resize-window -t bob: -x 50 -y 20
wait_until 10 eval '! pane_shown' || fail "pane at 50 columns"
tm resize-window -t bob: -x 100 -y 20
wait_until 10 pane_shown || fail "the pane did not come back"
ok "the pane gives way on a narrow terminal"

tui_type bob "/names"
tui_keys bob Enter
wait_until 10 eval '! pane_shown' || fail "/names did not hide the pane"
tui_type bob "/names"
tui_keys bob Enter
wait_until 10 pane_shown || fail "/names did not show the pane"
ok "/names alone shows and hides the pane"

# A long room name is cut with an ellipsis in the room list.
tui_type bob "/join averyveryverylongroom"
tui_keys bob Enter
tui_wait bob "you joined #averyveryverylongroom"
tui_matches bob '^ 2 #averyveryve… *│' || fail "no ellipsis: $(tui_screen bob)"
ok "a cut room name ends with an ellipsis"
exit 0
