#!/bin/bash
# SPDX-License-Identifier: ISC
# The IRC habits: "/part #room reason" leaves the room and tells its
# members why; "/join #a,#b" joins both rooms.
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

tui_quit bob
exit 0
