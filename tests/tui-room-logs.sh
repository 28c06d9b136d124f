#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a hostile hub naming hundreds of rooms makes at most
# LOG_NEW_FILES (default 50) new room logs in a session; the other rooms
# are shown but not logged, the status window says so once, a log there
# from before is written as before, and a room the user joins or creates
# is logged, one shown already too once /joined.  LOG_NEW_FILES=5 makes
# it 5 rooms, and LOG_NEW_FILES=0 lifts the bound.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/flood-lib.sh"

FLOOD_MEMBERS=10
FLOOD_DMS=0
ROOMS=300
told="too many new rooms"
# The hub says eve joined each room, and left it but the last (a client
# keeps 256 windows at most; leaving makes way).
for ((i = 1; i <= ROOMS; i++)); do
	printf '{"type":"joined","room":"r%d","nick":"eve"}\n' "$i"
	[ "$i" -eq "$ROOMS" ] ||
	    printf '{"type":"left","room":"r%d","nick":"eve"}\n' "$i"
done >"$T/rooms"

# Start a flooding hub for a client NAME with its own state and
# configuration (LOG_NEW_FILES=$2 if given); sets logs to its log dir.
rooms_hub() {
	FLOOD_POST="$T/rooms" flood_hub_start
	logs="$T/state-$1/chatroom/logs/eve@127.0.0.1:$HUB_PORT"
	mkdir -p "$logs" "$T/config-$1/chatroom"
	[ -z "${2:-}" ] ||
	    echo "LOG_NEW_FILES=$2" >"$T/config-$1/chatroom/config"
}

# Start the client NAME, wait for the end of the flood and count the logs
# of the rooms it names (in rooms).  The files are written once a second, the conversation
# with first maybe before the rooms of the same second: a DM eve sends
# once the flood is logged is logged a second later, all of it written.
rooms_client() {
	tui_start "$1" eve 100 30 XDG_STATE_HOME="$T/state-$1" \
	    XDG_CONFIG_HOME="$T/config-$1"
	wait_until 60 grep -qF "end of flood" "$logs/@first.log" ||
	    fail "no conversation log: $(ls "$logs" 2>&1 | head)"
	tui_type "$1" "/msg first all written"
	tui_keys "$1" Enter
	wait_until 10 grep -qF "all written" "$logs/@first.log" ||
	    fail "the DM to first is not logged"
	rooms=$(find "$logs" -name '#r*' | wc -l)
	echo "$1: $ROOMS rooms opened $rooms room log files"
}

# Quit the client NAME.
rooms_quit() {
	tui_type "$1" "/quit"
	tui_keys "$1" Enter
	tui_wait "$1" "CLIENT EXITED rc=0"
}

rooms_hub eve
echo "2026-11-30 09:00:00 -- from before" >"$logs/#r299.log"
rooms_client eve
# r1 to r50 are new (nothing is logged in the lobby); r299's log was
# there.
[ "$rooms" -eq 51 ] || fail "$rooms room logs, not 50 new and 1 old"
grep -qF "you joined #r50" "$logs/#r50.log" || fail "r50 was not logged"
[ -e "$logs/#r51.log" ] && fail "r51 was logged past the limit"
grep -qF "you joined #r299" "$logs/#r299.log" ||
    fail "a log there from before is not written"
grep -qF "from before" "$logs/#r299.log" || fail "the old log lost its line"
grep -qF "$told" "$logs/status.log" ||
    fail "the status window does not tell of it"
tui_wait eve "you joined #r$ROOMS"
ok "at most 50 new room logs, an old one written, told in the status window"

# Rooms the user joins or creates are logged, past the limit.
tui_type eve "/join mine"
tui_keys eve Enter
tui_wait eve "you joined #mine"
tui_type eve "/create made"
tui_keys eve Enter
tui_wait eve "you joined #made"
# A room shown but not logged is logged once the user /joins it.
tui_type eve "/join r$ROOMS"
tui_keys eve Enter
tui_type eve "hello r$ROOMS"
tui_keys eve Enter
tui_wait eve "<eve> hello r$ROOMS"
wait_until 10 grep -qF "you joined #mine" "$logs/#mine.log" ||
    fail "a room the user joined is not logged: $(ls "$logs" | tail)"
wait_until 10 grep -qF "you joined #made" "$logs/#made.log" ||
    fail "a room the user created is not logged"
wait_until 10 grep -qF "<eve> hello r$ROOMS" "$logs/#r$ROOMS.log" ||
    fail "a room /joined when shown is not logged"
grep -qF "you joined #r$ROOMS" "$logs/#r$ROOMS.log" &&
    fail "r$ROOMS was logged before the user chose it"
[ "$(count_in "$logs/status.log" "$told")" -eq 1 ] ||
    fail "told $(count_in "$logs/status.log" "$told") times"
ok "rooms the user joins or creates are logged past the limit, told once"
rooms_quit eve

rooms_hub five 5
rooms_client five
[ "$rooms" -eq 5 ] || fail "LOG_NEW_FILES=5: $rooms room logs"
grep -qF "$told" "$logs/status.log" ||
    fail "LOG_NEW_FILES=5: the status window does not tell of it"
rooms_quit five
[ "$(count_in "$logs/status.log" "$told")" -eq 1 ] ||
    fail "LOG_NEW_FILES=5: not told once"

rooms_hub all 0
rooms_client all
[ "$rooms" -eq "$ROOMS" ] || fail "LOG_NEW_FILES=0: $rooms room logs"
rooms_quit all
grep -qF "$told" "$logs/status.log" && fail "LOG_NEW_FILES=0: told of a bound"
ok "LOG_NEW_FILES=5 makes 5 new room logs, LOG_NEW_FILES=0 all of them"
exit 0
