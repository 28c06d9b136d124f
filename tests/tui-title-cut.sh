#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a state too long for the title bar (a search on a
# narrow terminal) is said in short, without the keys, and what still does
# not fit is cut with an ellipsis, never mid-word as if a key were called
# "Alt".
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# The title bar of a client.
title() {
	tui_screen "$1" | head -n 1
}

start_hub
tui_start ana ana 44 12
tui_wait ana "you joined #lobby"
tui_type ana "needle in the haystack"
tui_keys ana Enter
tui_wait ana "<ana> needle in the haystack"
tui_type ana "/search needle in the haystack"
tui_keys ana Enter
wait_until 20 eval 'title ana | grep -qF "search: needle"' ||
	fail "no search hint in the title: '$(title ana)'"
case $(title ana) in
*"Alt-R newer"|*"(1/1)") fail "the search fits at 44 columns: no test ($(title ana))" ;;
*Alt*) fail "the keys are in a narrow title: '$(title ana)'" ;;
*"…") ;;
*) fail "the hint is cut without an ellipsis: '$(title ana)'" ;;
esac
ok "a search too long for the title bar ends with an ellipsis"

tm resize-window -t ana: -x 60 -y 12
wait_until 20 eval 'title ana | grep -qF "search: needle in the haystack (1/1)"' ||
	fail "no short search at 60 columns: '$(title ana)'"
case $(title ana) in
*Alt*) fail "the keys are cut into a 60-column title: '$(title ana)'" ;;
esac
ok "a search is said in short, without the keys, when they do not fit"
exit 0
