#!/bin/bash
# SPDX-License-Identifier: ISC
# A resume after a restart of the hub leaves the view where the user put
# it: one watching the status window (where the connection's notices go)
# stays there, twice in a row, and after a new login too (tui-takeover-room.sh: a new client that
# takes a session over is shown one of its rooms).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# Restart the hub (SIGKILL) and wait until bob has resumed, N times in all.
restart() {
	stop_hub KILL
	tui_wait bob "disconnected"
	FORCE_PORT=$HUB_PORT start_hub --resume-timeout 60 --flush-interval 1
	wait_until 45 eval '[ "$(count_in "$HUB_LOG" "bob resumed")" -ge '"$1"' ]' ||
	    fail "bob did not resume"
	tui_settle bob
}

start_hub --resume-timeout 60 --flush-interval 1
tui_start bob bob 100 20
tui_wait bob "you joined #lobby"
tui_cmd bob "/join dev"
tui_wait bob "you joined #dev"
wait_until 20 grep -q '"nick":"bob"' "$T/history.json" ||
    fail "bob's session was not saved"
tui_keys bob M-0
wait_until 10 tui_title_has bob " chatroom — " ||
    fail "no status window: $(tui_screen bob | head -n 1)"

restart 1
tui_title_has bob " chatroom — " ||
    fail "the resume left the status window: $(tui_screen bob | head -n 1)"
restart 2
tui_title_has bob " chatroom — " ||
    fail "the second resume left it: $(tui_screen bob | head -n 1)"
ok "a resume leaves the view in the status window"

# A hub that forgot the session (another history file): the client logs
# in anew and joins its rooms again, and the view stays as well.
stop_hub KILL
tui_wait bob "disconnected"
HUB_HISTORY="$T/other.json" FORCE_PORT=$HUB_PORT start_hub
wait_until 45 eval '[ "$(count_in "$HUB_LOG" "bob joined dev")" -ge 2 ]' ||
    fail "bob did not join #dev again: $(tail -n 5 "$HUB_LOG")"
tui_settle bob
tui_title_has bob " chatroom — " ||
    fail "joining again left the status window: $(tui_screen bob | head -n 1)"
ok "joining again after a new login leaves the view there too"

tui_quit bob
exit 0
