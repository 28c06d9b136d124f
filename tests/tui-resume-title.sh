#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client across a hub restart: while it is not connected the
# title bar leaves out the member count of before; the resume says
# "reconnected: session resumed", not "welcome back" (that greets a new
# session with a claimed nick), and the count is back.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --flush-interval 1

# The title bar, the first row of the screen.
title() {
	tui_screen "$1" | head -n 1
}

tui_start alice alice 100 30
tui_wait alice "you joined #lobby"
tui_start bob bob 100 30
tui_wait bob "you joined #lobby"
tui_wait_match alice '^ #lobby .*2 members'

# A clean stop keeps the sessions in the history file.
stop_hub TERM
tui_wait alice "disconnected — retrying in" 30
tui_settle alice
title alice | grep -q "member" &&
    fail "a stale count while disconnected: $(title alice)"
ok "the title bar leaves out the member count while disconnected"

FORCE_PORT=$HUB_PORT start_hub --flush-interval 1
tui_wait alice "reconnected: session resumed" 45
tui_wait bob "reconnected: session resumed" 45
tui_wait_match alice '^ #lobby .*2 members.*connected as alice'
tui_has alice "welcome back" && fail "a resume greeted as a new session"
ok "a resume says so, and the count comes back"
exit 0
