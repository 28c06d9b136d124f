#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a state too long for the title bar (the search hint on
# a narrow terminal) is cut with an ellipsis, never mid-word as if a key
# were called "Alt".
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
tui_type ana "/search needle"
tui_keys ana Enter
wait_until 20 eval 'title ana | grep -qF "search: needle"' ||
	fail "no search hint in the title: '$(title ana)'"
case $(title ana) in
*"Alt-R newer") fail "the hint fits at 44 columns: no test ($(title ana))" ;;
*"…") ;;
*) fail "the hint is cut without an ellipsis: '$(title ana)'" ;;
esac
ok "a search hint too long for the title bar ends with an ellipsis"
exit 0
