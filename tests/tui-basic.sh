#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: [hh:mm] lines, nick colours, mentions, editing, /quit.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

ESC=$(printf '\033')

# The last SGR sequence right before "<nick>" on a client's screen.
nick_sgr() {
	tui_screen_e "$1" | grep -o "<$ESC\[[0-9;]*m$2$ESC" | head -n 1 |
	    sed "s/^<//; s/$2$ESC\$//"
}

start_hub
tui_start alice alice
tui_wait alice "you joined #lobby"
tui_wait alice "connected as alice"
tui_start bob bob
tui_wait bob "you joined #lobby"
tui_wait alice "bob joined #lobby"
ok "two clients connect and see each other"

tui_type bob "hello from bob"
tui_keys bob Enter
tui_wait alice "<bob> hello from bob"
tui_matches alice '│\[[0-2][0-9]:[0-5][0-9]\] <bob> hello from bob$' ||
    fail "the line has no [hh:mm] time"
tui_wait bob "<bob> hello from bob"
tui_wait_match bob '^\[#lobby\] ?$'
ok "a typed message reaches the other client with [hh:mm]"

# Editing by character and word.
tui_type alice "wrld"
tui_keys alice Left Left Left
tui_type alice "o"
tui_keys alice C-a
tui_type alice "hello "
tui_keys alice C-e
tui_type alice " junk"
tui_keys alice C-w BSpace
tui_keys alice Enter
tui_wait bob "<alice> hello world"
tui_has bob "hello world " && fail "Ctrl-W left a space behind"
tui_type alice "abc def"
tui_keys alice Left Left Left C-u Enter
tui_wait bob "<alice> def"
tui_type alice "doomed"
tui_keys alice C-a C-k
tui_type alice "kept"
tui_keys alice Home Delete End BSpace Enter
tui_wait bob "<alice> ep"
ok "Left, Home, End, Ctrl-A/E/U/K/W, Backspace and Delete edit the line"

# Alt-Enter makes a two-line message; the second line sits under the text.
tui_type alice "line one"
tui_keys alice M-Enter
tui_type alice "line two"
tui_keys alice Enter
tui_wait bob "<alice> line one"
tui_wait_match bob '^ {16}│ {16}line two$'
ok "Alt-Enter inserts a newline; continuation lines are indented"

# Up walks the input history.
tui_keys alice Up Up
tui_wait alice "[#lobby] ep"
tui_keys alice Down Down
tui_wait_match alice '^\[#lobby\] ?$'
ok "Up and Down walk the input history"

# Tab completes nicks (recent speakers first) and commands.
tui_type alice "bo"
tui_keys alice Tab
tui_wait alice "[#lobby] bob:"
tui_type alice "tab done"
tui_keys alice Enter
tui_wait bob "<alice> bob: tab done"
tui_type alice "/jo"
tui_keys alice Tab
tui_wait alice "[#lobby] /join"
tui_keys alice C-u
ok "Tab completes nicks and commands"

# Different nicks get different colours; one's own nick is bold.
run_batch carol carol "hello from carol"
tui_wait alice "<carol> hello from carol"
sgr_bob=$(nick_sgr alice bob)
sgr_carol=$(nick_sgr alice carol)
[ -n "$sgr_bob" ] && [ -n "$sgr_carol" ] || fail "nicks are not coloured"
[ "$sgr_bob" != "$sgr_carol" ] || fail "bob and carol have the same colour"
[ "$(nick_sgr bob carol)" = "$sgr_carol" ] ||
    fail "carol's colour differs between clients"
tui_screen_e alice | grep -q "<$ESC\[1malice" || fail "own nick is not bold"
ok "nick colours differ, are stable across clients, own nick is bold"

# A line that mentions the user is highlighted.
tui_type bob "hey alice, look"
tui_keys bob Enter
tui_wait alice "<bob> hey alice, look"
tui_screen_e alice | grep "hey alice, look" | grep -q "$ESC\[1m" ||
    fail "the mention is not highlighted"
tui_bell alice && fail "a mention in view rang the bell"
ok "mentions are highlighted; no bell when in view"

# NO_COLOR: attributes only, and it still works.
tui_start dave dave 100 30 NO_COLOR=1
tui_wait dave "you joined #lobby"
tui_type bob "for dave"
tui_keys bob Enter
tui_wait dave "<bob> for dave"
tui_screen_e dave | grep -qE "$ESC\[(3[0-7]|9[0-7]|4[0-7]|38;)" &&
    fail "NO_COLOR still shows colours"
ok "NO_COLOR turns colours off"

# /quit leaves, restoring the terminal.
tui_type alice "/quit"
tui_keys alice Enter
tui_wait alice "CLIENT EXITED rc=0"
tui_has alice "TERMINAL RESTORED" || fail "terminal modes not restored"
tui_wait bob "alice quit"
[ "$(tm display -p -t alice: '#{alternate_on}')" = 0 ] ||
    fail "still on the alternate screen"
[ -s "$T/alice.tui.err" ] && fail "stderr: $(cat "$T/alice.tui.err")"
ok "/quit restores the terminal"

# A signal also restores it.
tm send-keys -t dave: C-c
tui_wait dave "CLIENT EXITED rc=0"
tui_has dave "TERMINAL RESTORED" || fail "terminal not restored after ^C"
ok "Ctrl-C (SIGINT) leaves cleanly"
exit 0
