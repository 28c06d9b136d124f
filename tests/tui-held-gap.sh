#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: lines in flight when the hub died, one for each of two
# rooms.  While the client was away one room let go of messages it had
# not seen (more came than --history-size keeps): the hub cannot say
# whether it had the line for that room, which is given back to the
# user; the other room's replay is exact, so its line, which the hub
# never read, is sent again.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# Stopped processes must be continued before they can end.
gap_cleanup() {
	local rc=$? pid
	[ -n "$HUB_PID" ] && kill -CONT "$HUB_PID" 2>/dev/null
	pid=$(tui_pid alice)
	[ -n "$pid" ] && kill -CONT "$pid" 2>/dev/null
	(exit "$rc")
	tui_cleanup
}
trap gap_cleanup EXIT

OPTS="--history-size 5 --flush-interval 1"
# shellcheck disable=SC2086
start_hub $OPTS -v
tui_start alice alice 140 30
tui_wait alice "you joined #lobby"
tui_type alice "/join dev"
tui_keys alice Enter
tui_wait alice "you joined #dev"

# A line seen gives the resume a last_id.
tui_type alice "seen before"
tui_keys alice Enter
tui_wait alice "<alice> seen before"

# The session must be in the history file for the next hub to resume it.
wait_saved "seen before"

# The hub stands still: a line for #dev, one for #lobby, unanswered.
kill -STOP "$HUB_PID"
tui_type alice "for dev in flight"
tui_keys alice Enter
tui_type alice "/join lobby"
tui_keys alice Enter
tui_wait_match alice "^ #lobby "
tui_type alice "for lobby in flight"
tui_keys alice Enter
tui_wait alice "<alice> for lobby in flight  (sending…)"

# The client stands still too while the hub dies unread, comes back, and
# #lobby gets more than it keeps.
pid=$(tui_pid alice)
[ -n "$pid" ] || fail "no client process"
kill -STOP "$pid"
kill -KILL "$HUB_PID"
wait "$HUB_PID" 2>/dev/null
# shellcheck disable=SC2086
FORCE_PORT=$HUB_PORT start_hub $OPTS
mapfile -t lines < <(seq -f "flood %g" 1 8)
run_batch seer seer "${lines[@]}"
[ "$BATCH_RC" -eq 0 ] || fail "seer could not flood #lobby"
kill -CONT "$pid"

tui_wait alice "reconnected: session resumed" 45
said="1 line sent before the connection was lost"
tui_wait alice "$said had not reached the hub: sent again" 30
tui_wait alice "$said was not confirmed: it may be lost" 10
tui_has alice "2 lines sent before the connection was lost" &&
    fail "both lines were given the same fate: $(tui_screen alice)"
ok "only the line for the room that let go of messages is unknown"

# Does the input line, the last row, show this text?
input_is() {
	tui_screen "$1" | tail -n 1 | grep -qF -- "$2"
}

tui_keys alice Up
wait_until 10 input_is alice "for lobby in flight" ||
    fail "Up does not recall the #lobby line: $(tui_screen alice | tail -n 1)"
tui_keys alice C-u
run_batch seer2 seer2 "/join dev"
[ "$(grep -cF "for dev in flight" "$T/seer2.out")" -eq 1 ] ||
    fail "#dev does not have its line once: $(cat "$T/seer2.out")"
ok "Up recalls the #lobby line; #dev has its line once"
exit 0
