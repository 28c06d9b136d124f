#!/bin/bash
# SPDX-License-Identifier: ISC
# One numbering: the room list's numbers are what Alt-N and /window take,
# and /join takes names only, digits or not ("/join 5" joins #5, as in IRC
# clients).
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

# A room named as a window is numbered (N, that of #ops): /join N and the
# room picker join #N, two clients talk there, and /window N still shows
# window N, #ops.
n=$(list_number ops)
tui_type alice "/join $n"
tui_keys alice Enter
wait_title "$n"
tui_wait alice "you joined #$n"
tui_has alice "rooms are joined by name" && fail "/join $n was refused"
[ "$(list_number "$n")" = 4 ] || fail "#$n is not window 4 of the room list"
tui_start bob bob
tui_wait bob "you joined #lobby"
tui_wait bob "filter:"		# the room picker offers the hub's rooms
tui_type bob "$n"
tui_keys bob Enter
tui_wait_match bob "^ #$n "
tui_wait alice "bob joined #$n"
tui_type alice "hello room $n"
tui_keys alice Enter
tui_wait bob "<alice> hello room $n"
tui_type bob "hello from bob"
tui_keys bob Enter
tui_wait alice "<bob> hello from bob"
ok "/join N and the room picker join the room named N; its members talk"

tui_type alice "/join six"
tui_keys alice Enter
wait_title six
tui_type alice "/window 2"
tui_keys alice Enter
wait_title dev
tui_type alice "/join $n"
tui_keys alice Enter
wait_title "$n"
tui_type alice "/window $n"
tui_keys alice Enter
wait_title ops
tui_type alice "/window 5"
tui_keys alice Enter
wait_title six
tui_type alice "/window #$n"
tui_keys alice Enter
wait_title "$n"
ok "/window N is window N even with a room named N; /join N switches to #N"

tui_type alice "/names $n"
tui_keys alice Enter
tui_wait alice "#$n: 2 members"
tui_type alice "/topic numbers only"
tui_keys alice Enter
tui_wait bob "alice changed the topic to: numbers only"
tui_type bob "/part $n"
tui_keys bob Enter
tui_wait alice "bob left #$n"
tui_wait_match bob "^ #lobby "
tui_type bob "/join #$n"
tui_keys bob Enter
tui_wait_match bob "^ #$n "
tui_wait bob "you joined #$n"
tui_type alice "/create #7"
tui_keys alice Enter
wait_title 7
[ "$(list_number 7)" = 6 ] || fail "#7 is not window 6 of the room list"
tui_type alice "/leave 7"
tui_keys alice Enter
wait_until 10 not_title 7 || fail "/leave 7 did not leave #7"
[ -z "$(list_number 7)" ] || fail "#7 stayed in the room list"
ok "/names, /topic, /part, /create and /leave take rooms named with digits"

# /names of another room answers in the window in view, not out of view
# in that room's window.
tui_type alice "/window ops"
tui_keys alice Enter
wait_title ops
tui_type alice "/names $n"
tui_keys alice Enter
tui_wait alice "#$n: 2 members"
wait_title ops
ok "/names ROOM answers in the window in view"

# In --batch, /window chooses where text goes; a number no window has
# names the room.
run_batch cid cid "/join dev" "/join 42" "/window 1" "hello lobby" \
    "/window #dev" "hello dev" "/window 42" "hello 42"
grep -qF "#lobby <cid> hello lobby" "$T/cid.out" || fail "/window 1 in batch"
grep -qF "#dev <cid> hello dev" "$T/cid.out" || fail "/window #dev in batch"
grep -qF "#42 <cid> hello 42" "$T/cid.out" || fail "/window 42 in batch"
ok "/window chooses where --batch text goes"
exit 0
