#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a message held while the client reconnects that the
# hub refuses once back (a direct message to a nick that is not there)
# goes back to the input history, newest, and the user is told so.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start bob bob
tui_wait bob "you joined #lobby"
stop_hub KILL
tui_wait bob "disconnected — retrying in"

tui_keys bob C-l "/msg nobodyxyz hi there" Enter
tui_wait bob "-> *nobodyxyz* hi there  (not sent yet)"
tui_keys bob "typed after it" Enter
tui_wait bob "<bob> typed after it  (not sent yet)"

FORCE_PORT=$HUB_PORT start_hub
tui_wait bob "no such nick" 45
tui_wait bob "<bob> typed after it"
tui_wait_gone bob "(not sent yet)" 20
tui_wait bob "the line is kept in the input history: Up brings it back"
ok "a held line refused once back is said to be kept"

tui_keys bob Up
wait_until 10 eval 'tui_screen bob | tail -n 1 |
    grep -qF "/msg nobodyxyz hi there"' ||
    fail "Up brings back: $(tui_screen bob | tail -n 1)"
ok "and Up brings it back, though a line was typed after it"
exit 0
