#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the hotlist in the title bar at every width, and Alt-A.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# The title bar, the first row of the screen.
title() {
	tui_screen bob | head -n 1
}

# Does the title bar show a fixed string?
title_has() {
	title | grep -qF -- "$1"
}

# Does the title bar match an extended regular expression?
title_is() {
	[[ "$(title)" =~ $1 ]]
}

# Wait for the title bar to show a string.
title_wait() {
	wait_until 10 title_has "$1" ||
	    fail "title bar lacks '$1': $(title)"
}

start_hub
tui_start bob bob
tui_wait bob "you joined #lobby"
tui_type bob "/join two"
tui_keys bob Enter
tui_wait bob "you joined #two"
tui_type bob "/join three"
tui_keys bob Enter
tui_wait bob "you joined #three"
tui_keys bob M-1
tui_wait bob "[#lobby]"
title | grep -q "Act:" && fail "a hotlist with nothing new: $(title)"

# News in #two (2), a mention in #three (3), a direct message (@4).
client_start ann ann
client_say ann "/join two" "hello two" "/join three" "look, bob" \
    "/msg bob psst"
title_wait "Act: @4 3! 2 · "
ok "the hotlist lists direct messages, then mentions, then the rest"

# Below 70 columns the room list is gone; the hotlist stays, at 40
# columns in the place of the member count, at 30 of the connection state
# too.
tm resize-window -t bob: -x 60 -y 20
title_wait "Act: @4 3! 2 · "
tm resize-window -t bob: -x 40 -y 20
wait_until 10 title_is '^ #lobby +Act: @4 3! 2 · connected as bob$' ||
    fail "title at 40 columns: $(title)"
tm resize-window -t bob: -x 30 -y 20
wait_until 10 title_is '^ #lobby +Act: @4 3! 2$' ||
    fail "title at 30 columns: $(title)"
tm resize-window -t bob: -x 100 -y 30
ok "the hotlist shows at every width"

# Alt-A: the direct message first, then the mention, then #two.
tui_keys bob M-a
tui_wait bob "[@ann]"
title_wait "Act: 3! 2 · "
tui_keys bob M-a
tui_wait bob "[#three]"
title_wait "Act: 2 · "
tui_keys bob M-a
tui_wait bob "[#two]"
wait_until 10 eval '! title_has "Act:"' || fail "hotlist left: $(title)"
ok "Alt-A goes to the most important window first"
exit 0
