#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: /ignore and /unignore, kept in the client's state.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start bob bob
tui_wait bob "you joined #lobby"
client_start ann ann
client_start carl carl
tui_wait bob "carl joined #lobby"

tui_type bob "/ignore Ann"
tui_keys bob Enter
tui_wait bob "ignoring Ann; /unignore Ann undoes it"
# carl speaks once the hub has ann's lines: sent at once, carl's could
# come first and the checks below would prove nothing.
client_say ann "spam in the room" "/me spams" "/msg bob spam for you"
wait_for "$T/ann.out" "-> *bob* spam for you"
client_say carl "after the spam"
tui_wait bob "<carl> after the spam"
tui_has bob "spam in the room" && fail "an ignored nick's message shown"
tui_has bob "spams" && fail "an ignored nick's action shown"
tui_has bob "Act:" && fail "an ignored direct message counted"
# Nor does it open a window (irssi opens no query for it).
tui_has bob "@ann" && fail "an ignored direct message opened a window"
tui_type bob "/ignore"
tui_keys bob Enter
tui_wait bob "ignored: ann"
grep -qx "ann" "$T/state/chatroom/ignore" ||
    fail "not kept: $(cat "$T/state/chatroom/ignore" 2>&1)"
ok "/ignore hides a nick's messages, actions and direct messages, with no window"

# A new client remembers.
tui_type bob "/quit"
tui_keys bob Enter
tui_wait bob "CLIENT EXITED rc=0"
tm kill-session -t bob
tui_start bob bob
tui_wait bob "you joined #lobby"
client_say ann "still spam"
wait_for "$T/ann.out" "<ann> still spam"
client_say carl "still here"
tui_wait bob "<carl> still here"
tui_has bob "still spam" && fail "the ignore list was forgotten"
ok "the ignore list outlives the client"

tui_type bob "/unignore ann"
tui_keys bob Enter
tui_wait bob "no longer ignoring ann"
client_say ann "heard again"
tui_wait bob "<ann> heard again"
tui_type bob "/unignore ann"
tui_keys bob Enter
tui_wait bob "ann is not ignored"
[ -s "$T/state/chatroom/ignore" ] && fail "the file still lists a nick"
ok "/unignore shows a nick's messages again"
exit 0
