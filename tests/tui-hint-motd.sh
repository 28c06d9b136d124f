#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a hub's message of the day goes to the status window,
# as in irssi or WeeChat, so the room the client lands in says where it
# is, once a run and not in its log.  When the target names a room, that
# room has the line (or the /help hint from a hub without a message of
# the day), not #lobby, which the hub joins first and the user does not
# see.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

hint="type /help for commands, /rooms for the room list"
motd="the hub's message of the day is in the status window: Alt-0"

echo "welcome to the test hub" >"$T/motd"
start_hub --motd-file "$T/motd"
env="XDG_STATE_HOME=$T/state XDG_CONFIG_HOME=$T/cfg"
tui_start carol carol 100 30 "$env"
tui_wait carol "you joined #lobby"
tui_wait carol "$motd"
tui_lacks carol "$hint" || fail "the /help hint with a message of the day"
tui_keys carol M-0
tui_wait carol "welcome to the test hub"
tui_lacks carol "$motd" || fail "the status window points to itself"
ok "the room in view says the message of the day is in the status window"

# Shown, not logged.
logs="$T/state/chatroom/logs/carol@127.0.0.1:$HUB_PORT"
tui_keys carol M-1
tui_cmd carol "after the pointer"
wait_until 10 grep -qF "after the pointer" "$logs/#lobby.log" 2>/dev/null ||
    fail "not logged: $(ls "$logs" 2>&1)"
grep -F "message of the day is in" "$logs/#lobby.log" &&
    fail "the pointer is in the log"
ok "the pointer is kept out of the log"

# The target names a room: the line is there, not in #lobby.
tui_start dave dave/#dev
tui_wait dave "you joined #dev"
tui_wait dave "$motd"
tui_keys dave M-1
tui_wait dave "you joined #lobby"
tui_lacks dave "$motd" || fail "the pointer is in #lobby too"
ok "with a room named, the pointer is in that room"

# From a hub without one, the /help hint is in the room named too.
HUB_NAME=plain HUB_HISTORY="$T/plain.json" start_hub
tui_start erin erin/#dev
tui_wait erin "you joined #dev"
tui_wait erin "$hint"
tui_keys erin M-1
tui_wait erin "you joined #lobby"
tui_lacks erin "$hint" || fail "the /help hint is in #lobby too"
ok "with a room named, the /help hint is in that room"
