#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: /help, /help keys and F1; Esc is called Esc.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start bob bob 100 60
tui_wait bob "you joined #lobby"

tui_type bob "/help"
tui_keys bob Enter
tui_wait bob "/bans — list bans and mutes"
tui_has bob "/bans  —" && fail "two spaces after a command without arguments"
tui_wait bob "/help [COMMAND|keys] — list commands"
tui_wait bob "/help keys lists the key bindings"
ok "/help lists commands, one space between name and description"

tui_type bob "/help names"
tui_keys bob Enter
tui_wait bob "show or hide the nick list)"
ok "/help names says /names alone shows or hides the nick list"

tui_type bob "/help keys"
tui_keys bob Enter
tui_wait bob "Alt-A — go to the window that most wants attention"
tui_wait bob "chatroom(1) describes every key"
tui_wait bob "Home, End — scroll to the top or the bottom when the"
ok "/help keys lists the key bindings, Home and End on an empty line too"
# Esc, as the picker's bar and every other text name the key.
tui_wait bob "Esc — stop searching"
tui_has bob "Escape" && fail "/help keys names Esc \"Escape\""
ok "/help keys names the key Esc, as the other texts do"

tui_type bob "/clear"
tui_keys bob Enter
tui_wait_gone bob "Alt-A — go to"
tui_keys bob F1
tui_wait bob "Alt-A — go to the window that most wants attention"
ok "F1 lists the key bindings"
exit 0
