#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: Home and End work whichever sequence the terminal sends
# for them, as under tmux with TERM=xterm-256color ("\e[1~" and "\e[4~",
# where the description says "\eOH" and "\eOF").
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

infocmp xterm-256color >/dev/null 2>&1 || { echo "no xterm-256color"; exit 77; }
start_hub
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"
tui_start amy amy 100 30 TERM=xterm-256color
tui_wait amy "you joined #lobby"
tui_type amy "abc"
tui_wait amy "abc"
tui_keys amy Home
tui_type amy "X"
tui_keys amy End
tui_type amy "Y"
tui_wait amy "XabcY"
tui_keys amy Enter
wait_for "$T/obs.out" "<amy> XabcY"
grep -qF "[1~" "$T/obs.out" && fail "a key's sequence went into the message"
ok "Home and End move the cursor with TERM=xterm-256color under tmux"
exit 0
