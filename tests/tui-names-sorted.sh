#!/bin/bash
# SPDX-License-Identifier: ISC
# /names and /rooms list members in the order of the nick list (ignoring
# case), not in the order they joined, so that the two agree and a nick
# is found in a long list.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start carl carl 120 30
tui_wait carl "you joined #lobby"
raw_login z zed
tui_wait carl "zed joined #lobby"
raw_login a Amy
tui_wait carl "Amy joined #lobby"
raw_login b bob
tui_wait carl "bob joined #lobby"

tui_cmd carl "/names lobby"
tui_wait carl "#lobby: 4 members:"
tui_has carl "#lobby: 4 members: Amy bob carl zed" ||
    fail "/names: $(tui_screen carl | grep -F '4 members:')"
ok "/names lists the members sorted, ignoring case"

tui_cmd carl "/rooms"
tui_wait carl "#lobby (4)"
tui_settle carl
tui_screen carl | grep -F "#lobby (4)" | grep -qF "Amy bob carl zed" ||
    fail "/rooms: $(tui_screen carl | grep -F '#lobby (4)')"
ok "/rooms lists them so too, separated by spaces as /names does"

tui_quit carl
exit 0
