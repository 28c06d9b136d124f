#!/bin/bash
# SPDX-License-Identifier: ISC
# A client killed, then started again with the room it asks for (a
# target ending in /#room, or ROOM= in its configuration): it takes its
# waiting session over, which is in that room already, and shows that
# room, without "you are already in dev-team" and without staying in
# #lobby.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --resume-timeout 120
mkdir -p "$T/cfg/chatroom"
echo "ROOM=dev-team" >"$T/cfg/chatroom/config"
env="XDG_STATE_HOME=$T/state/dave XDG_CONFIG_HOME=$T/cfg"
tui_start one dave 100 30 "$env"
tui_wait one "you joined #dev-team"
pid=$(tui_pid one)
[ -n "$pid" ] || fail "no client pid"
kill -9 "$pid"
wait_for "$HUB_LOG" "disconnected"

tui_start two dave 100 30 "$env"
tui_wait two "connected as dave"
tui_settle two
screen=$(tui_screen two)
grep -q "already in" <<<"$screen" && fail "an error for the room asked: $screen"
head -n 1 <<<"$screen" | grep -q "#dev-team" ||
    fail "the view is not #dev-team: $(head -n 1 <<<"$screen")"
ok "a session taken over shows the room asked for, without an error"

# /join of a room one is in goes there, as in irssi.
tui_type two "/join lobby"
tui_keys two Enter
tui_settle two
tui_type two "/join dev-team"
tui_keys two Enter
tui_settle two
screen=$(tui_screen two)
head -n 1 <<<"$screen" | grep -q "#dev-team" ||
    fail "/join of a room one is in did not go there: $(head -n 1 <<<"$screen")"
grep -q "already in" <<<"$screen" && fail "an error for /join: $screen"
ok "/join of a room one is in goes there"
