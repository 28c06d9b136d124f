#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a room list longer than the screen marks the windows
# with news that it cannot show: "↓ N active" on its bottom row for those
# below, "↑ N active" on its top row for those above (once scrolled), N
# counting only the windows with news; the window in view stays listed,
# and a click on a marker shows the nearest of those windows.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# The room list's column, without the border.
list() {
	tui_screen bob | sed -n '2,$p' | cut -c1-16
}

start_hub --flood-rate 0 --room-burst 40
# 12 rows: the title, 10 rows of list, the input line.
tui_start bob bob 80 12
tui_wait bob "you joined #lobby"
rooms=
for i in $(seq 10 24); do
	rooms="$rooms r$i"
	tui_cmd bob "/join #r$i"
	tui_wait bob "you joined #r$i"
done
tui_keys bob M-0		# the status window: the list from its top
tui_settle bob
list | grep -qF "#r24" && fail "the list is not longer than the screen"
list | grep -q "active" && fail "a marker with no news: $(list)"

client_start al alice
wait_for "$T/al.out" "you joined #lobby"
client_say al "/join #r23" "/join #r24" "/join #r11"
wait_for "$T/al.out" "you joined #r11"
client_say al "/window r23" "hello below" "/window r24" "bob: look here"
tui_wait bob "↓ 2 active" 20
last=$(list | sed -n '10p')
[[ $last == *"↓ 2 active"* ]] ||
    fail "the marker is not on the list's bottom row: '$last'"
ok "windows with news below the list: '↓ 2 active' at its bottom"
client_say al "/window r11" "hello above"
tui_wait_match bob "3 #r11 +1"

# The last window in view: the list scrolls and r11, now above, is marked.
tui_keys bob M-0
tui_cmd bob "/window r22"
tui_wait bob "↑ 1 active"
list | sed -n '1p' | grep -qF "↑ 1 active" ||
    fail "the marker is not on the list's top row: $(list)"
list | grep -qF "#r22" || fail "the window in view is not listed: $(list)"
list | sed -n '10p' | grep -qF "↓ 2 active" ||
    fail "no marker below the scrolled list: $(list)"
ok "windows with news above the scrolled list: '↑ 1 active' at its top"

# A click on a marker goes to the nearest window with news out of sight.
click() {
	tm send-keys -t "bob:" -l $'\e'"[<0;$1;$2M"
}
click 3 11
wait_until 10 tui_title_has bob "#r23" ||
    fail "a click on '↓ 2 active' did not show #r23: $(tui_screen bob)"
click 3 2
wait_until 10 tui_title_has bob "#r11" ||
    fail "a click on '↑ 1 active' did not show #r11: $(tui_screen bob)"
ok "a click on a marker shows the nearest window with news there"
exit 0
