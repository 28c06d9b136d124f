#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: /window takes a window's name as the room list shows
# it ("status", "#dev", "@bob"), and Tab completes to that form, so that
# a room and a conversation are told apart: # names only a room, @ only a
# conversation.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# Is the input line this (a regular expression after the prompt)?
line_is() {
	tui_screen alice | tail -n 1 | grep -qE "^\\[[^]]*\\] $1\$"
}

# Type /window and a word, press Tab: the line must become each of the
# rest in turn, Tab after Tab.
tab_cycles() {
	local word=$1 want
	shift
	tui_keys alice C-u
	tui_type alice "/window $word"
	for want in "$@"; do
		tui_keys alice Tab
		wait_until 10 line_is "$want" ||
		    fail "/window $word, Tab: not '$want': $(tui_screen alice |
		    tail -n 1)"
	done
	tui_keys alice C-u
}

start_hub
tui_start alice alice 100 20
tui_wait alice "you joined #lobby"
client_start bob bob
wait_for "$T/bob.out" "joined #lobby"
client_say bob "/msg alice hello"
tui_wait alice "@bob"
tui_type alice "/join dev"
tui_keys alice Enter
tui_wait alice "you joined #dev"

tab_cycles "b" "/window @bob"
tab_cycles "d" "/window #dev"
tab_cycles "s" "/window status"
tab_cycles "" "/window status" "/window #lobby" "/window @bob" \
    "/window #dev" "/window status"
tab_cycles "#" "/window #lobby" "/window #dev"
tab_cycles "@" "/window @bob"
ok "Tab completes window names as the room list shows them"

# Each form the list shows, and the bare names, go to their window.
title_has() {
	tui_screen alice | head -n 1 | grep -qF -- "$1"
}
go() {
	tui_keys alice C-u
	tui_type alice "/window $1"
	tui_keys alice Enter
	wait_until 10 title_has "$2" ||
	    fail "/window $1: $(tui_screen alice | head -n 1)"
}
go "@bob" "@bob — direct messages"
go "#lobby" "#lobby"
go "bob" "@bob — direct messages"
go "status" "chatroom — 127.0.0.1:"
go "dev" "#dev"
ok "/window takes status, #room, @nick and the bare names"

# A sigil names one kind only.
for w in "#bob" "@dev"; do
	tui_keys alice C-u
	tui_type alice "/window $w"
	tui_keys alice Enter
	tui_wait alice "there is no window $w"
done
tui_screen alice | head -n 1 | grep -qF "#dev" ||
    fail "a refused /window moved: $(tui_screen alice | head -n 1)"
ok "/window #nick and /window @room are refused"

tui_type alice "/quit"
tui_keys alice Enter
tui_wait alice "CLIENT EXITED rc=0"
exit 0
