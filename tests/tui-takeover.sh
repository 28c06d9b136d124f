#!/bin/bash
# SPDX-License-Identifier: ISC
# A session taken over by another client is explained in plain words
# (when, from where); the client keeps its scrollback, stops
# reconnecting, and Enter takes the session back.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
# Both clients share alice's state directory, so her secret.
tui_start alice alice 100 30 "XDG_STATE_HOME=$T/state/alice"
tui_wait alice "you joined #lobby"
tui_type alice "before the takeover"
tui_keys alice Enter
tui_wait alice "<alice> before the takeover"

client_start second alice
wait_for "$T/second.out" "connected to"
tui_wait alice "your session was taken over at"
tui_has alice "by a connection from 127.0.0.1" || fail "no address"
tui_wait alice "press Enter to take the session back"
tui_has alice "<alice> before the takeover" || fail "the scrollback was lost"
tui_screen alice | head -n 1 | grep -qF "taken over — Enter takes it back" ||
    fail "the title does not say the session was taken over"
tui_has alice "CLIENT EXITED" && fail "the client exited"
grep -q "error bad_token: session taken over from 127.0.0.1" "$HUB_LOG" ||
    fail "the hub did not log the takeover"
ok "a takeover is explained, and the scrollback stays"

# A line typed meanwhile says why it was not sent, and how to go on.
tui_type alice "typed while taken"
tui_keys alice Enter
tui_wait alice "taken over from elsewhere — nothing was sent"
tui_has alice "not connected — nothing was sent" &&
    fail "a takeover told as a lost connection"
ok "a line typed while taken over points to Enter"

# It does not fight back by itself: no new connection as alice for a
# while longer than the first pause before a retry.
conns=$(count_in "$HUB_LOG" "connection from")
more_conns() {
	[ "$(count_in "$HUB_LOG" "connection from")" -gt "$conns" ]
}
wait_until 3 more_conns && fail "the client reconnected by itself"
ok "the client stops reconnecting"

client_say second "said by the second"
wait_for "$T/second.out" "<alice> said by the second"
tui_keys alice Enter
tui_wait alice "taking the session back"
tui_wait alice "connected as alice"
tui_wait alice "<alice> said by the second"
wait_for "$T/second.err" "your session was taken over at"
grep -qF "by a connection from 127.0.0.1" "$T/second.err" ||
    fail "the batch client does not say where from"
client_stop second
[ "$CLIENT_RC" -eq 1 ] || fail "the batch client taken over exited $CLIENT_RC"
tui_type alice "after taking it back"
tui_keys alice Enter
tui_wait alice "<alice> after taking it back"
ok "Enter takes the session back; the other client says so and exits 1"
exit 0
