#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the room picker, Alt-N and Ctrl-N/P, unread counts.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
client_start setup setup
wait_for "$T/setup.out" "connected to"
client_say setup "/create dev" "/topic all about development" \
    "/create random" "/create music" "/topic songs and bands"
wait_for "$T/setup.out" "changed the topic to: songs and bands"

tui_start alice alice
tui_wait alice "you joined #lobby"
# The hub has other rooms: the picker is offered at once; Escape closes it.
tui_wait alice "this hub has other rooms"
tui_wait alice "filter:"
tui_keys alice Escape
tui_wait_gone alice "filter:"

# F2 lists every room with members and topic.
tui_keys alice F2
tui_wait alice "filter:"
tui_wait alice "all about development"
tui_wait alice "songs and bands"
tui_has alice "#random" || fail "the picker does not list #random"
tui_matches alice '\* #lobby +2' || fail "joined room not marked, or count"
ok "F2 opens the picker listing the hub's rooms"

# Typing filters; Enter joins the selected room.
tui_type alice "mus"
tui_wait_gone alice "#random"
tui_has alice "all about development" && fail "the filter kept #dev"
tui_has alice "songs and bands" || fail "the filter lost #music"
tui_keys alice Enter
tui_wait alice "you joined #music"
tui_wait_gone alice "filter:"
tui_screen alice | head -n 1 | grep -q "#music — songs and bands" ||
    fail "the title does not show #music"
ok "typing filters and Enter joins"

# Ctrl-G opens it too; arrows move; Escape closes without joining.
tui_keys alice C-g
tui_wait alice "filter:"
tui_keys alice Down Down
tui_keys alice Escape
tui_wait_gone alice "filter:"
tui_screen alice | head -n 1 | grep -q "#music" ||
    fail "Escape changed the room"
ok "Ctrl-G opens the picker and Escape closes it"

# The picker switches to a joined room, and creates a missing one.
tui_keys alice C-g
tui_wait alice "filter:"
tui_type alice "lobby"
tui_wait_gone alice "#random"
tui_keys alice Enter
tui_wait_match alice '^ #lobby'
tui_keys alice C-g
tui_wait alice "filter:"
tui_type alice "brandnew"
tui_wait alice "Enter creates #brandnew"
tui_keys alice Enter
tui_wait alice "you joined #brandnew"
ok "the picker switches to joined rooms and creates new ones"

# The room list numbers rooms for Alt-N: 1 lobby, 2 music, 3 brandnew.
tui_wait_match alice '^ 2 #music +│'
tui_keys alice M-1
tui_wait_match alice '^ #lobby'
tui_bell alice && fail "the bell rang before any mention"
run_batch bob bob "/join music" "ping from bob" "alice: are you there"
tui_wait_match alice '^ 2 #music +2! *│'
tui_has alice "ping from bob" && fail "music's message shown in lobby"
wait_until 5 tui_bell alice || fail "a mention out of view did not ring"
ok "messages in another room count as unread; a mention is marked, rings"

tui_keys alice C-g
tui_wait alice "filter:"
tui_keys alice Escape M-2
tui_wait_gone alice "filter:"
tui_wait_match alice '^ #music'
tui_wait alice "<bob> ping from bob"
tui_wait_match alice '^ 2 #music +│'
tui_matches alice '^\[#music\] ?$' || fail "Escape then Alt-2 typed a 2"
ok "Alt-2 switches rooms and the unread count clears"

tui_keys alice C-n
tui_wait_match alice '^ #brandnew'
tui_keys alice C-p C-p
tui_wait_match alice '^ #lobby'
tui_keys alice C-p
tui_wait_match alice '^ chatroom — '
ok "Ctrl-N and Ctrl-P step through the list"

# /rooms typed by hand lists into the scrollback.
tui_keys alice M-1
tui_type alice "/rooms"
tui_keys alice Enter
tui_wait_match alice '#dev \([0-9]+\) all about development'
ok "/rooms lists rooms in the scrollback"

# Below 70 columns the room list is hidden.
tm resize-window -t alice: -x 60 -y 20
tui_wait_gone alice "│"
tui_wait_match alice '^ #lobby'
ok "the room list is hidden on narrow terminals"
exit 0
