#!/bin/bash
# SPDX-License-Identifier: ISC
# The IRC habits: "/part #room reason" leaves the room and tells its
# members why; "/part reason" (irssi's form, no room named) leaves the room
# in view with that reason; "/join #a,#b" joins both rooms.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start bob bob 100 30
tui_wait bob "you joined #lobby"
tui_cmd bob "/join #alpha,#beta"
tui_wait bob "2 #alpha"
tui_wait bob "3 #beta"
ok "/join #alpha,#beta joins both"

raw_login c carl
raw_send c '{"type":"join","room":"alpha","seq":1}'
raw_expect c '"type":"room"'
tui_cmd bob "/part #alpha see you later"
raw_expect c '"type":"left"'
[[ $RAW_LINE == *'"nick":"bob"'* && $RAW_LINE == *'"reason":"see you later"'* ]] ||
    fail "carl was told: $RAW_LINE"
tui_wait_gone bob "2 #alpha"
tui_has bob "you are not in" && fail "refused: $(tui_screen bob)"
ok "/part #alpha with a reason leaves #alpha and says why"

# No room named: the room in view, the whole text its reason; a first word
# naming a room bob is in, without '#', is that room.
raw_send c '{"type":"join","room":"beta","seq":2}'
raw_expect c '"type":"room"'
tui_cmd bob "/join #gamma"
tui_wait bob "you joined #gamma"
raw_send c '{"type":"join","room":"gamma","seq":3}'
raw_expect c '"type":"room"'
tui_cmd bob "/part bye  gamma folks"
raw_expect c '"type":"left"'
[[ $RAW_LINE == *'"nick":"bob"'* && $RAW_LINE == *'"room":"gamma"'* &&
    $RAW_LINE == *'"reason":"bye  gamma folks"'* ]] ||
    fail "carl was told: $RAW_LINE"
tui_wait_gone bob "3 #gamma"
tui_has bob "you are not in" && fail "refused: $(tui_screen bob)"
tui_cmd bob "/part beta bye beta"
raw_expect c '"type":"left"'
[[ $RAW_LINE == *'"room":"beta"'* && $RAW_LINE == *'"reason":"bye beta"'* ]] ||
    fail "carl was told: $RAW_LINE"
tui_wait_gone bob "2 #beta"
ok "/part REASON leaves the room in view; /part ROOM REASON that room"

# A lone word is still a room: a mistyped name leaves nothing.
tui_cmd bob "/part nosuch"
tui_wait bob "you are not in #nosuch"
tui_has bob "1 #lobby" || fail "left #lobby: $(tui_screen bob)"
ok "/part with one unknown word is refused"

tui_quit bob
exit 0
