#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a mention of a nick in another Unicode spelling of it
# ("élodie" written e + U+0301 to élodie, who has U+00E9) is a mention in
# the hotlist, and /search finds the line in either spelling.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

ELODIE=$'\xc3\xa9lodie'				# U+00E9
ELODIE_NFD=$'e\xcc\x81lodie'			# e U+0301

title() {
	tui_screen eli | head -n 1
}

title_has() {
	title | grep -qF -- "$1"
}

title_wait() {
	wait_until 10 title_has "$1" || fail "title bar lacks '$1': $(title)"
}

start_hub
tui_start eli "$ELODIE"
tui_wait eli "you joined #lobby"
tui_cmd eli "/join two"
tui_wait eli "you joined #two"
tui_cmd eli "/join three"
tui_wait eli "you joined #three"
tui_keys eli M-1
tui_wait eli "[#lobby]"

client_start ann ann
client_say ann "/join two" "hello two" "/join three" \
    "$ELODIE_NFD: tu vois ce message ?"
title_wait "Act: 3! 2 · "
ok "a mention in the decomposed spelling of the nick is a mention"

tui_keys eli M-3
tui_wait eli "[#three]"
tui_cmd eli "/search $ELODIE"
title_wait "(1/1)"
ok "/search finds the decomposed spelling of what it is given"
exit 0
