#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a room and a conversation with the same name are two
# windows.  In #bob, a DM from bob opens @bob beside it: the room list
# shows both, each line lands in its own window and its own log file,
# /window and /leave tell them apart.  The other way round too: a
# conversation with carol, then /join carol.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# The title, first line of the screen.
title_has() {
	tui_screen alice | head -n 1 | grep -qF -- "$1"
}

# Switch alice to a window by name; the title must show want.
go() {
	tui_keys alice C-u
	tui_type alice "/window $1"
	tui_keys alice Enter
	wait_until 10 title_has "$2" ||
	    fail "/window $1: $(tui_screen alice | head -n 1)"
}

# Is the input line this (a regular expression after the prompt)?
line_is() {
	tui_screen alice | tail -n 1 | grep -qE "^\\[[^]]*\\] $1\$"
}

# The window in view shows has and not lacks.
shows() {
	tui_wait alice "$1"
	tui_has alice "$2" && fail "$3 shows '$2': $(tui_screen alice)"
	return 0
}

start_hub
logs="$T/state/chatroom/logs/alice@127.0.0.1:$HUB_PORT"
tui_start alice alice 100 24
tui_wait alice "you joined #lobby"
tui_type alice "/join bob"
tui_keys alice Enter
tui_wait alice "you joined #bob"
client_start bob bob
wait_for "$T/bob.out" "joined #lobby"
client_say bob "/join bob"
wait_for "$T/bob.out" "joined #bob"
client_say bob "said in the room"
tui_wait alice "said in the room"
client_say bob "/msg alice said in private"
# The room list: #bob stays, @bob comes after it.
wait_until 10 tui_matches alice "^ *3 @bob " ||
    fail "no @bob in the room list: $(tui_screen alice)"
tui_matches alice "^ *2 #bob " ||
    fail "#bob left the room list: $(tui_screen alice)"
go "#bob" "#bob"
shows "said in the room" "said in private" "#bob"
go "@bob" "@bob — direct messages"
shows "said in private" "said in the room" "@bob"
ok "a DM from bob in #bob opens @bob; each line in its window"

# Tab offers both, as the room list names them.
tui_keys alice C-u
tui_type alice "/window bo"
for want in "/window #bob" "/window @bob" "/window #bob"; do
	tui_keys alice Tab
	wait_until 10 line_is "$want" ||
	    fail "Tab: not '$want': $(tui_screen alice | tail -n 1)"
done
tui_keys alice C-u
ok "Tab completes /window bo to #bob and @bob"

# What alice types goes where she typed it: to the room, to bob alone.
tui_type alice "answered in private"
tui_keys alice Enter
wait_for "$T/bob.out" "answered in private"
go "#bob" "#bob"
tui_type alice "answered in the room"
tui_keys alice Enter
wait_for "$T/bob.out" "answered in the room"
shows "answered in the room" "answered in private" "#bob"
grep -F "answered in private" "$T/bob.out" | grep -qF "#bob" &&
    fail "the DM went to the room: $(grep -F answered "$T/bob.out")"
grep -F "answered in the room" "$T/bob.out" | grep -qF "#bob" ||
    fail "the room line went elsewhere: $(grep -F answered "$T/bob.out")"
ok "lines typed in #bob and @bob go to the room and to bob"

# Two log files, each with its own lines.
for f in "#bob" "@bob"; do
	wait_until 10 grep -qF "answered in" "$logs/$f.log" ||
	    fail "no $f.log: $(ls "$logs")"
done
grep -qF "said in the room" "$logs/#bob.log" &&
    ! grep -qF "said in private" "$logs/#bob.log" &&
    ! grep -qF "answered in private" "$logs/#bob.log" ||
    fail "#bob.log: $(cat "$logs/#bob.log")"
grep -qF "said in private" "$logs/@bob.log" &&
    grep -qF "answered in private" "$logs/@bob.log" &&
    ! grep -qF "in the room" "$logs/@bob.log" ||
    fail "@bob.log: $(cat "$logs/@bob.log")"
ok "#bob.log and @bob.log each have their own lines"

# Closing the conversation leaves the room; leaving the room, the
# conversation.
tui_type alice "/leave @bob"
tui_keys alice Enter
go "#bob" "#bob"
tui_type alice "/window @bob"
tui_keys alice Enter
tui_wait alice "there is no window @bob"
client_say bob "/msg alice back in private"
wait_until 20 tui_matches alice "^ *[0-9]+ @bob " ||
    fail "@bob did not open again: $(tui_screen alice)"
go "@bob" "@bob — direct messages"
tui_type alice "/leave #bob"
tui_keys alice Enter
tui_wait_gone alice "#bob"
title_has "@bob — direct messages" || fail "not in @bob: $(tui_screen alice)"
tui_wait alice "back in private"
go status "chatroom — 127.0.0.1:"
tui_wait alice "you left #bob"
ok "/leave @bob and /leave #bob close one window each"

# The other way round: a conversation with carol, then the room carol.
client_start carol carol
wait_for "$T/carol.out" "joined #lobby"
client_say carol "/msg alice carol in private"
wait_until 20 tui_matches alice "^ *[0-9]+ @carol " ||
    fail "no @carol in the room list: $(tui_screen alice)"
go "@carol" "@carol — direct messages"
tui_wait alice "carol in private"
tui_type alice "/join carol"
tui_keys alice Enter
tui_wait alice "you joined #carol"
title_has "#carol" || fail "not in #carol: $(tui_screen alice | head -n 1)"
client_say carol "/join carol"
wait_for "$T/carol.out" "joined #carol"
client_say carol "carol in the room"
shows "carol in the room" "carol in private" "#carol"
go "@carol" "@carol — direct messages"
shows "carol in private" "carol in the room" "@carol"
ok "a conversation with carol, then /join carol: two windows"

tui_type alice "/quit"
tui_keys alice Enter
tui_wait alice "CLIENT EXITED rc=0"
exit 0
