#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the terminal title, notifications and the client settings.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# The title tmux holds for a client's pane.
title_is() {
	[ "$(tm display -p -t "$1:" '#{pane_title}')" = "$2" ]
}

start_hub
mkdir -p "$T/config-bob/chatroom"
cat >"$T/config-bob/chatroom/config" <<CONF
NOTIFY=osc9
TIMESTAMP=%H.%M.%S
HIGHLIGHT=pizza, pasta
NICK_COLOURS=no
CONF
tui_start bob bob 100 30 XDG_CONFIG_HOME="$T/config-bob"
tm pipe-pane -t bob: -O "cat >>'$T/bob.raw'"
tui_start carl carl
tui_wait bob "you joined #lobby"
tui_wait carl "you joined #lobby"
client_start ann ann
tui_wait bob "ann joined #lobby"

# The title: the window in view, and the unread count elsewhere.
wait_until 10 title_is bob "chatroom: #lobby" ||
    fail "title: $(tm display -p -t bob: '#{pane_title}')"
tui_type bob "/join two"
tui_keys bob Enter
tui_wait bob "you joined #two"
client_say ann "plain news"
tui_wait bob "Act: 1"
wait_until 10 title_is bob "chatroom: #two (1)" ||
    fail "title: $(tm display -p -t bob: '#{pane_title}')"
tui_keys bob M-1
wait_until 10 title_is bob "chatroom: #lobby" ||
    fail "title: $(tm display -p -t bob: '#{pane_title}')"
ok "the terminal title shows the window and the unread count"

# TIMESTAMP, NICK_COLOURS=no, HIGHLIGHT and NOTIFY=osc9.
client_say ann "who wants pizza?" "hello bob"
tui_wait bob "<ann> hello bob"
tui_matches bob '│\[[0-9]{2}\.[0-9]{2}\.[0-9]{2}\] <ann> hello bob' ||
    fail "TIMESTAMP not used: $(tui_screen bob)"
tui_screen_e bob | grep -F "hello bob" | grep -qF "<ann>" ||
    fail "a nick in colour with NICK_COLOURS=no"
tui_wait carl "<ann> hello bob"
tui_screen_e carl | grep -F "hello bob" | grep -qF "<ann>" &&
    fail "no nick colours by default"
wait_until 10 grep -qF $'\e]9;#lobby <ann> hello bob\a' "$T/bob.raw" ||
    fail "no notification for a mention: $(cat -v "$T/bob.raw" | tail -c 300)"
grep -qF $'\e]9;#lobby <ann> who wants pizza?\a' "$T/bob.raw" ||
    fail "a HIGHLIGHT word is not a mention"
grep -qF $'\e]9;#lobby <ann> plain news' "$T/bob.raw" &&
    fail "a notification for a plain message"
ok "TIMESTAMP, NICK_COLOURS, HIGHLIGHT and NOTIFY are obeyed"

# The title is put back at exit.
tui_type bob "/quit"
tui_keys bob Enter
tui_wait bob "CLIENT EXITED rc=0"
grep -qF $'\e[23;0t' "$T/bob.raw" || fail "the title was not restored"
ok "the terminal's title is given back at exit"
exit 0
