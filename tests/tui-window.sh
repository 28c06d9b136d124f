#!/bin/bash
# SPDX-License-Identifier: ISC
# One numbering: the room list's numbers are what Alt-N and /window take,
# and /join takes names only.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start alice alice
tui_wait alice "you joined #lobby"
for room in dev ops; do
	tui_type alice "/join $room"
	tui_keys alice Enter
	tui_wait alice "you joined #$room"
done

# The number the room list shows for a room.
list_number() {
	tui_screen alice | sed -n "s/^ *\([0-9][0-9]*\) #$1 .*/\1/p" | head -n 1
}

# The room in the title bar.
title_room() {
	tui_screen alice | head -n 1 | sed -n 's/^ #\([^ ]*\) .*/\1/p'
}

# Is the title not showing a room?
not_title() {
	[ "$(title_room)" != "$1" ]
}

# Wait until the title shows a room.
wait_title() {
	tui_wait_match alice "^ #$1 "
}

for room in lobby dev ops; do
	n=$(list_number "$room")
	[ -n "$n" ] || fail "the room list does not number #$room"
	tui_type alice "/window $n"
	tui_keys alice Enter
	wait_title "$room"
	tui_keys alice M-0
	wait_until 10 not_title "$room" || fail "Alt-0 did not leave #$room"
	tui_keys alice "M-$n"
	wait_title "$room"
done
ok "/window N and Alt-N show the window the room list numbers N"

tui_type alice "/window #dev"
tui_keys alice Enter
wait_title dev
tui_type alice "/window 9"
tui_keys alice Enter
tui_wait alice "there is no window 9"
tui_keys alice C-u	# a refused line stays on the input line

n=$(list_number ops)
tui_type alice "/join $n"
tui_keys alice Enter
tui_wait alice "rooms are joined by name; /window $n"
[ "$(title_room)" = dev ] || fail "/join $n changed the window"
ok "/join N is refused with a pointer to /window N"

# In --batch, /window chooses where text goes.
run_batch bob bob "/join dev" "/window 1" "hello lobby" "/window #dev" \
    "hello dev"
grep -qF "#lobby <bob> hello lobby" "$T/bob.out" || fail "/window 1 in batch"
grep -qF "#dev <bob> hello dev" "$T/bob.out" || fail "/window #dev in batch"
ok "/window chooses where --batch text goes"
exit 0
