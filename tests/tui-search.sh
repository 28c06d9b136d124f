#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: /search and Ctrl-R find lines in the scrollback.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start bob bob 100 12
tui_wait bob "you joined #lobby"
client_start ann ann
lines=()
for i in $(seq 1 30); do
	case $i in
	5) lines+=("the first Needle is here") ;;
	15) lines+=("a second needle") ;;
	*) lines+=("filler $i") ;;
	esac
done
# The hub lets a client send 5 messages a second after a burst of 10.
client_say ann "${lines[@]}"
tui_wait bob "<ann> filler 30" 30

tui_type bob "/search NEEDLE"
tui_keys bob Enter
tui_wait bob "<ann> a second needle"
tui_wait bob "search: needle (1/2)"
tui_lacks bob "filler 30" || fail "the view did not move to the match"
tui_screen_e bob | grep "a second needle" | grep -q $'\e\\[7m' ||
    fail "the match is not highlighted"
ok "/search shows the newest match, highlighted"

tui_keys bob C-r
tui_wait bob "<ann> the first Needle is here"
tui_wait bob "search: needle (2/2)"
tui_keys bob M-r
tui_wait bob "search: needle (1/2)"
tui_wait bob "<ann> a second needle"
ok "Ctrl-R and Alt-R go to older and newer matches"

tui_keys bob Escape
tui_wait bob "<ann> filler 30"
tui_wait_gone bob "search: needle"
ok "Escape ends the search and follows the newest lines"

tui_keys bob C-r
tui_wait bob "[#lobby] /search"
tui_type bob "no such thing"
tui_keys bob Enter
tui_wait bob "not found: no such thing"
ok "Ctrl-R starts a search; a text not found is reported"
exit 0
