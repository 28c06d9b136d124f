#!/bin/bash
# SPDX-License-Identifier: ISC
# A conversation follows its peer: after a nick change the window is
# renamed, replies reach the new nick, and the peer's next message lands
# in the same window.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start alice alice
tui_wait alice "you joined #lobby"
client_start bob bob
wait_for "$T/bob.out" "connected to"
client_say bob "@alice are you there?"
tui_wait_match alice '^ +[0-9]+ @bob '
n=$(tui_screen alice | sed -n 's/^ *\([0-9][0-9]*\) @bob .*/\1/p')
tui_keys alice "M-$n"
tui_wait_match alice '^ @bob'
tui_wait alice "are you there?"

client_say bob "/nick 밥"
wait_for "$T/bob.out" "you are now known as 밥"
tui_wait alice "bob is now known as 밥"
tui_wait_match alice '^ +[0-9]+ @밥 '
tui_matches alice '^ +[0-9]+ @bob ' && fail "the old window stayed"
tui_wait_match alice '^ @밥'
ok "the conversation window is renamed after its peer"

tui_type alice "yes, still here"
tui_keys alice Enter
wait_for "$T/bob.out" "*alice* yes, still here"
tui_has alice "no such nick" && fail "the reply went to the old nick"
ok "a reply after the rename reaches the new nick"

client_say bob "@alice good"
tui_wait alice "good"
[ "$(tui_screen alice | grep -cE '^ +[0-9]+ @')" -eq 1 ] ||
    fail "a second conversation window was opened"
tui_screen alice | head -n 1 | grep -q '@밥' ||
    fail "the window in view changed"
ok "the peer's next message lands in the same window"
exit 0
