#!/bin/bash
# SPDX-License-Identifier: ISC
# A terminal client started again puts its rooms and conversations (DM
# windows) back in the order they had, so that Alt-N and /window N keep
# their numbers, whichever the hub gives first, and a conversation with
# unread direct messages keeps its highlight ("1!") in the room list.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --resume-timeout 120
env="XDG_STATE_HOME=$T/state/dave XDG_CONFIG_HOME=$T/cfg"
kept="$T/state/dave/chatroom/dm_windows"

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

# The room list as "N NAME [COUNT]" lines, the status window left out.
room_list() {
	tui_screen "$1" | cut -c1-16 |
	    sed -n 's/^ *\([0-9][0-9]*\) \([#@][^ ]*\) *\([0-9!]*\) *$/\1 \2 \3/p'
}

# Five windows, conversations between rooms.
list_full() {
	[ "$(room_list "$1" | grep -c .)" = 5 ]
}

join() {
	tui_type "$1" "/join $2"
	tui_keys "$1" Enter
	tui_wait "$1" "you joined #$2"
}

tui_start one dave 100 30 "$env"
tui_wait one "you joined #lobby"
join one dev
run_batch bob bob "/msg dave hello from bob"
[ "$BATCH_RC" = 0 ] || fail "bob could not send: $(cat "$T/bob.err")"
tui_wait one "@bob"
join one ops
run_batch carol carol "/msg dave hello from carol"
[ "$BATCH_RC" = 0 ] || fail "carol could not send: $(cat "$T/carol.err")"
tui_wait one "@carol"
tui_type one "/window 1"
tui_keys one Enter
tui_settle one
wait_until 10 list_full one || fail "not five windows: $(tui_screen one)"
before=$(room_list one)
[ "$before" = "1 #lobby 
2 #dev 
3 @bob 1!
4 #ops 
5 @carol 1!" ] || fail "unexpected windows before the crash: $before"
wait_until 10 grep -qE " 1!? carol$" "$kept" ||
    fail "carol's conversation was not kept: $(cat "$kept" 2>&1)"
# The state is written once a second: let the order be written with it.
wait_until 10 grep -q " order #lobby #dev @bob #ops @carol$" "$kept" ||
    echo "note: no order line: $(cat "$kept" 2>&1)"
crash one

tui_start two dave 100 30 "$env"
tui_wait two "connected as dave"
wait_until 10 list_full two || fail "not five windows: $(tui_screen two)"
tui_settle two
room_list two | grep -qx "[0-9]* @bob 1!" ||
    fail "bob's conversation lost its highlight: $(room_list two)"
ok "a conversation reopened keeps its highlight"
after=$(room_list two)
[ "$after" = "$before" ] ||
    fail "the windows moved: before \"$before\", after \"$after\""
ok "rooms and conversations keep their numbers after a restart"

# Alt-3 is bob's conversation, as it was.
tui_keys two M-3
tui_wait two "hello from bob"
ok "Alt-N goes to the window it went to before"

# A window left and opened again goes at the end, as a new one would.
tui_type two "/leave #dev"
tui_keys two Enter
tui_wait_gone two "#dev"
join two dev
tui_settle two
[ "$(room_list two | tail -n 1)" = "5 #dev " ] ||
    fail "#dev did not come back at the end: $(room_list two)"
ok "a room joined again goes at the end"
exit 0
