#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: Escape and then, quickly, a character no Alt binding
# has (as a script, a paste or a laggy ssh delivers them) loses nothing:
# the '/' of "/oper PASSWORD" is not swallowed, which sent the password
# to the room as a message.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

echo "escape-test-pw" >"$T/oper.pw"
chmod 600 "$T/oper.pw"
start_hub --admin-password-file "$T/oper.pw"
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"
tui_start amy amy
tui_wait amy "you joined #lobby"

# One send-keys: Escape and the line arrive together, as Alt-/ and more.
tui_keys amy Escape "/oper escape-test-pw" Enter
tui_wait amy "operator" 10
tui_keys amy "after the escape" Enter
wait_for "$T/obs.out" "<amy> after the escape"
grep -qF "escape-test-pw" "$T/obs.out" &&
    fail "the operator password went to the room"
grep -qF "oper " "$T/obs.out" && fail "the line lost its slash"
ok "Escape then /oper: the slash is kept, the password stays secret"

# Escape then a bound Alt key still works: Alt-1 shows window 1.
title() {
	tui_screen amy | head -n 1
}
tui_keys amy "/join dev" Enter
tui_wait amy "you joined #dev"
wait_until 10 eval 'title | grep -q "#dev"' || fail "not in #dev: $(title)"
tui_keys amy Escape "1"
wait_until 10 eval 'title | grep -q "#lobby"' ||
    fail "Escape 1 did not show #lobby: $(title)"
tui_keys amy "x"
tui_wait amy "x" 5
tui_has amy "1x" && fail "Alt-1 was taken as text"
ok "Alt bindings after Escape still work"

# A key the terminal description lacks (a wrong TERM: Home as "\e[1~",
# or any unknown CSI or SS3 sequence) is dropped, not typed as "[1~".
tui_keys amy C-u
tui_type amy "ab"
tui_type amy "$(printf '\033[99~')"
tui_type amy "cd"
tui_type amy "$(printf '\033[1;9Z')"
tui_type amy "$(printf '\033OX')"
tui_type amy "ef"
tui_keys amy Enter
wait_for "$T/obs.out" "<amy> "
wait_for "$T/obs.out" "<amy> abcdef"
grep -qF "99~" "$T/obs.out" && fail "an unknown key went in as text"
ok "unknown escape sequences are dropped"
client_stop obs
exit 0
