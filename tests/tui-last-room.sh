#!/bin/bash
# SPDX-License-Identifier: ISC
# A terminal client killed and started again takes its session over and
# shows the room it was looking at (kept in $XDG_STATE_HOME/chatroom/
# last_room), not #lobby; a room named on the command line (ROOM= here)
# wins, and a kept room the session is no longer in leaves the view in
# #lobby.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --resume-timeout 120
env="XDG_STATE_HOME=$T/state/dave XDG_CONFIG_HOME=$T/cfg"
kept="$T/state/dave/chatroom/last_room"

# The room in the title bar.
title_room() {
	tui_screen "$1" | head -n 1 | sed -n 's/^ #\([^ ]*\) .*/\1/p'
}

# Kill a client as a crash would, and wait for the hub to see it.
crash() {
	local pid n
	pid=$(tui_pid "$1")
	[ -n "$pid" ] || fail "no client pid for $1"
	n=$(count_in "$HUB_LOG" "disconnected")
	kill -9 "$pid"
	more_gone() {
		[ "$(count_in "$HUB_LOG" "disconnected")" -gt "$n" ]
	}
	wait_until 10 more_gone || fail "the hub did not see $1 go"
}

tui_start one dave 100 30 "$env"
tui_wait one "you joined #lobby"
for room in dev ops; do
	tui_type one "/join $room"
	tui_keys one Enter
	tui_wait one "you joined #$room"
done
tui_type one "/window dev"
tui_keys one Enter
tui_settle one
[ "$(title_room one)" = dev ] || fail "not in #dev: $(title_room one)"
wait_until 10 grep -qx "dave@127.0.0.1:$HUB_PORT dev" "$kept" ||
    fail "#dev was not kept: $(cat "$kept" 2>&1)"
crash one

tui_start two dave 100 30 "$env"
tui_wait two "connected as dave"
tui_settle two
[ "$(title_room two)" = dev ] ||
    fail "a client started again is not in #dev: $(head -n 1 <<<"$(tui_screen two)")"
tui_has two "this hub has other rooms" && fail "the picker was offered"
ok "a client started again shows the room last viewed"

# The room the user goes to next is the one kept.
tui_type two "/window ops"
tui_keys two Enter
tui_settle two
wait_until 10 grep -qx "dave@127.0.0.1:$HUB_PORT ops" "$kept" ||
    fail "#ops was not kept: $(cat "$kept" 2>&1)"
[ "$(grep -c . "$kept")" = 1 ] || fail "more than a line: $(cat "$kept")"
crash two

# A room named at the start wins over the one kept.
mkdir -p "$T/cfg/chatroom"
echo "ROOM=dev" >"$T/cfg/chatroom/config"
tui_start three dave 100 30 "$env"
tui_wait three "connected as dave"
tui_settle three
[ "$(title_room three)" = dev ] ||
    fail "the room named lost to the one kept: $(title_room three)"
tui_has three "already in" && fail "an error for the room named"
ok "a room named on the command line wins"
crash three
rm "$T/cfg/chatroom/config"

# A room kept that the session is not in: #lobby, as before.  Another
# hub's line stays.
printf '%s\n' "elsewhere:7000 random" "127.0.0.1:$HUB_PORT nowhere" >"$kept"
tui_start four dave 100 30 "$env"
tui_wait four "connected as dave"
tui_settle four
[ "$(title_room four)" = lobby ] ||
    fail "a room not joined: in #$(title_room four), not #lobby"
tui_has four "nowhere" && fail "the room kept was joined or named"
wait_until 10 grep -qx "dave@127.0.0.1:$HUB_PORT lobby" "$kept" ||
    fail "#lobby was not kept: $(cat "$kept" 2>&1)"
grep -qx "elsewhere:7000 random" "$kept" ||
    fail "another hub's room was lost: $(cat "$kept")"
ok "a room no longer joined leaves the view in #lobby"
exit 0
