#!/bin/bash
# SPDX-License-Identifier: ISC
# Control characters in a topic show in the title bar as they do in the
# scrollback, in caret form (^[ for ESC, ^G for BEL), not as "?".
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start ann ann 100 20
tui_wait ann "you joined #lobby"
raw_login r rex
raw_send r '{"type":"topic","seq":2,"room":"lobby","text":"a\u001b[2J\u0007b\u001b]0;T\u0007 x"}'
raw_expect r '"seq":2'
tui_wait ann "rex changed the topic"
tui_settle ann
tui_screen ann >"$T/ann.screen.out"
sed -n 1p "$T/ann.screen.out"
grep -qF '^[[2J^Gb^[]0;T^G x' "$T/ann.screen.out" ||
    fail "the scrollback does not show the caret form"
head -n 1 "$T/ann.screen.out" | grep -qF '#lobby — a^[[2J^Gb^[]0;T^G x' ||
    fail "the title bar does not show the caret form"
head -n 1 "$T/ann.screen.out" | grep -qF '?' &&
    fail "the title bar shows a question mark"
ok "a topic's control characters show in caret form in the title bar"

# The room picker (Ctrl-G) shows them so too.
tui_keys ann C-g
tui_wait ann "filter:"
tui_settle ann
tui_screen ann >"$T/ann.picker.out"
grep -F "lobby" "$T/ann.picker.out" | grep -qF 'a^[[2J^Gb^[]0;T^G x' ||
    fail "the picker does not show the caret form"
tui_keys ann Escape
ok "the room picker shows them in caret form too"
