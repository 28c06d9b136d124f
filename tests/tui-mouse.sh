#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the mouse wheel scrolls, clicks switch windows, --no-mouse.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# Send an SGR mouse report: button, column, row (1-based).
mouse() {
	tm send-keys -t "$1:" -l $'\e'"[<$2;$3;$4M"
}

start_hub
tui_start bob bob 100 20
tui_wait bob "you joined #lobby"
tui_type bob "/join two"
tui_keys bob Enter
tui_wait bob "you joined #two"
tui_keys bob M-1
tui_wait bob "[#lobby]"
client_start ann ann
# The hub lets a client send 5 messages a second after a burst of 10.
client_say ann $(printf 'line%02d ' $(seq 1 40) | tr ' ' '\n')
tui_wait bob "<ann> line40" 30

mouse bob 64 50 10
tui_wait bob "more below"
tui_lacks bob "<ann> line40" || fail "the wheel did not scroll"
for i in 1 2 3; do
	mouse bob 65 50 10
done
tui_wait bob "<ann> line40"
tui_wait_gone bob "more below"
ok "the wheel scrolls the scrollback"

# The room list: row 4 of the screen is entry 2, #two.
mouse bob 0 5 4
tui_wait bob "[#two]"
mouse bob 0 5 3
tui_wait bob "[#lobby]"
ok "a click on the room list switches windows"

tui_keys bob M-2
tui_wait bob "[#two]"
client_say ann "news for the hotlist"
tui_wait bob "Act: 1"
line=$(tui_screen bob | head -n 1)
prefix=${line%%Act: 1*}
mouse bob 0 $(( ${#prefix} + 6 )) 1
tui_wait bob "[#lobby]"
tui_wait bob "<ann> news for the hotlist"
ok "a click on the hotlist switches to that window"

INSECURE="${INSECURE:-} --no-mouse" tui_start carl carl 100 20
tui_wait carl "connected as carl"
client_say ann $(printf 'more%02d ' $(seq 1 30) | tr ' ' '\n')
tui_wait carl "<ann> more30" 30
mouse carl 64 50 10
tui_settle carl
tui_has carl "more below" && fail "--no-mouse still scrolled"
ok "--no-mouse leaves the mouse alone"
exit 0
