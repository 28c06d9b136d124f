#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: taking a session over, or back, never opens the room
# picker, even when the session is in #lobby alone (the choice was made
# when it began); and a picker open when the session is taken away
# closes, so that Enter takes the session back.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
run_batch setup setup "/join coffee"
[ "$BATCH_RC" = 0 ] || fail "cannot make #coffee"

# The first client gets the picker, and Esc stays in #lobby.
tui_start one amy 100 30 "XDG_STATE_HOME=$T/state/amy"
tui_wait one "this hub has other rooms"
tui_keys one Escape
tui_wait_gone one "filter:"

# The same user starts a second client: it takes the session over.
tui_start two amy 100 30 "XDG_STATE_HOME=$T/state/amy"
tui_wait one "press Enter to take the session back"
tui_wait two "connected as amy"
tui_settle two
tui_lacks two "this hub has other rooms" ||
    fail "the picker was offered over a session taken over"
tui_lacks two "filter:" || fail "the picker opened over a session taken over"
ok "a client that takes over a session in #lobby offers no picker"

# The second opens the picker; the first takes the session back: the
# picker of the second closes, and Enter there takes it back again.
tui_keys two F2
tui_wait two "filter:"
tui_keys one Enter
tui_wait one "taking the session back"
tui_wait two "press Enter to take the session back"
tui_wait_gone two "filter:"
tui_settle one
tui_lacks one "filter:" || fail "the picker opened over a session taken back"
tui_keys two Enter
tui_wait two "taking the session back"
tui_wait one "press Enter to take the session back"
tui_settle two
tui_lacks two "filter:" || fail "the picker opened over a session taken back"
tui_has two "you joined #coffee" && fail "Enter joined the room picked"
ok "a session taken back offers no picker; an open one closes"
exit 0
