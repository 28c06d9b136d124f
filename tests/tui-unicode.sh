#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: Korean nicks and text keep wrapping and the cursor aligned.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

K="안녕하세요 여러분"

start_hub
tui_start bob bob
tui_wait bob "you joined #lobby"
tui_start kim 김민수
tui_wait kim "you joined #lobby"
tui_wait bob "김민수 joined #lobby"

tui_type kim "$K"
tui_keys kim Enter
tui_wait bob "<김민수> $K"
tui_wait kim "<김민수> $K"
tui_has kim "김민수 joined" && fail "own join shown as someone else's"
ok "a Korean message and nick round-trip"

# The scrollback is 83 columns (100 less the room list and its border);
# "[hh:mm] <김민수> " takes 17, leaving 66 for text.  Six greetings take
# 107 columns: the first row ends after three and a half, the rest wraps
# to column 17 under the text.  Counting a Hangul syllable as one column
# would put the break and the indent elsewhere.
tui_type kim "$K $K $K $K $K $K"
tui_keys kim Enter
tui_wait_match bob "<김민수> ($K ){3}안녕하세요$"
tui_wait_match bob "^ {16}│ {17}여러분 $K $K\$"
ok "wrapped Korean text breaks at the right width and indents under the text"

# The cursor moves by character, two columns per syllable.
tui_type kim "안녕"
tui_wait kim "[#lobby] 안녕"
wait_until 5 tui_cursor_x_is kim 13 ||
    fail "cursor not at column 13: $(tui_cursor kim)"
tui_keys kim Left
wait_until 5 tui_cursor_x_is kim 11 ||
    fail "Left did not move 2 columns: $(tui_cursor kim)"
tui_type kim "x"
tui_wait kim "[#lobby] 안x녕"
tui_keys kim BSpace End BSpace Enter
tui_wait bob "<김민수> 안"
ok "the input cursor moves by character and stays aligned"

# Long input scrolls sideways, keeping the cursor on the screen.
long=$(printf 'word%03d ' $(seq 1 40))
tui_type kim "$long"
tui_type kim "END"
tui_wait_match kim "END$"
x=$(tui_cursor kim | cut -d' ' -f1)
[ "$x" -lt 100 ] || fail "cursor off the screen at $x"
tui_has kim "word001" && fail "the start of long input is still shown"
tui_keys kim Home
tui_wait kim "[#lobby] word001 word002"
tui_keys kim C-k
ok "long input scrolls horizontally"

# Korean in the title (topic) and the room list is clipped, not wrapped.
tui_type kim "/topic 한국어 이야기방 $K $K $K $K $K $K $K"
tui_keys kim Enter
tui_wait bob "#lobby — 한국어 이야기방"
tui_screen bob | head -n 1 | grep -q "connected as bob\$" ||
    fail "the topic pushed the connection state off the title"
ok "a long Korean topic is clipped in the title"
exit 0
