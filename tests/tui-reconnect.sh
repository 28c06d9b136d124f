#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a refused nick prompts for another; a restarted hub is
# resumed, and a line typed meanwhile waits for it, is in the input
# history, and is not in the way of what is typed next.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
client_start carol carol
wait_for "$T/carol.out" "connected to"

# The nick is taken: the client asks for another in the UI.
tui_start taken carol
tui_wait taken "choose another nick"
tui_wait_match taken '^nick: carol'
tui_keys taken C-u
tui_type taken "carol2"
tui_keys taken Enter
tui_wait taken "connected as carol2"
tui_wait taken "you joined #lobby"
tui_wait_gone taken "choose another nick"
wait_for "$T/carol.out" "carol2 joined #lobby"
ok "a taken nick at start-up prompts for another"

tui_start alice alice
tui_wait alice "you joined #lobby"
tui_type alice "/join dev"
tui_keys alice Enter
tui_wait alice "you joined #dev"

# The hub dies once it has saved alice's session: the title says so and
# counts down.
wait_until 20 grep -q '"sessions":\[.*"nick":"alice".*"name":"dev"' \
    "$T/history.json" || fail "alice's session was not saved"
stop_hub KILL
tui_wait alice "disconnected — retrying in"
tui_type alice "words while away"
tui_keys alice Enter
tui_wait alice "<alice> words while away  (not sent yet)"
tui_wait alice "not connected — the line will be sent when the hub is back"
tui_wait_match alice '^\[#dev\] *$'
tui_type alice "more"
tui_wait_match alice '^\[#dev\] more *$'
tui_keys alice C-u Up
tui_wait alice "[#dev] words while away"
tui_keys alice Down
tui_wait_match alice '^\[#dev\] *$'
ok "while disconnected, a line waits and is in the input history"

# The hub comes back on the same port with the session: the client
# resumes it, in its rooms.
FORCE_PORT=$HUB_PORT start_hub
tui_wait alice "reconnected: session resumed" 45
tui_wait_match alice '^ #dev .*connected as alice$'
tui_wait_match alice '^ 2 #dev +│'
tui_wait alice "<alice> words while away"
tui_wait_gone alice "(not sent yet)"
run_batch bob bob "/join dev" "hello after the restart"
tui_wait alice "<bob> hello after the restart"
ok "a restarted hub is resumed automatically"

tui_type alice "/quit"
tui_keys alice Enter
tui_wait alice "CLIENT EXITED rc=0"
tui_has alice "TERMINAL RESTORED" || fail "terminal modes not restored"
ok "/quit after a reconnection restores the terminal"
exit 0
