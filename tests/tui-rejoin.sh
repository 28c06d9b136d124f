#!/bin/bash
# SPDX-License-Identifier: ISC
# A terminal client started again after /quit (a new session, in #lobby
# alone) joins the rooms it was in, in their order, shows the room last
# viewed and offers no picker; a room left with /part stays left, a room
# the hub refuses is said once, and REJOIN=no turns it off.  The others
# see a new session join, not "is back", which is for a session resumed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --resume-timeout 120
env="XDG_STATE_HOME=$T/state/bob XDG_CONFIG_HOME=$T/cfg"
kept="$T/state/bob/chatroom/dm_windows"

# The room list as "N NAME" lines, the status window left out.
room_list() {
	tui_screen "$1" | cut -c1-16 |
	    sed -n 's/^ *\([0-9][0-9]*\) \([#@][^ ]*\) *[0-9!]* *$/\1 \2/p'
}

list_is() {
	[ "$(room_list "$1" | tr '\n' ' ')" = "$2" ]
}

# Type a command and press Enter.
cmd() {
	tui_type "$1" "$2"
	tui_keys "$1" Enter
}

# Quit a client with /quit and wait for the hub to see it go.
quit() {
	local n
	n=$(count_in "$HUB_LOG" "disconnected")
	cmd "$1" "/quit"
	tui_wait "$1" "CLIENT EXITED"
	more_gone() {
		[ "$(count_in "$HUB_LOG" "disconnected")" -gt "$n" ]
	}
	wait_until 10 more_gone || fail "the hub did not see $1 go"
}

client_start carol carol
wait_for "$T/carol.out" "you joined #lobby"

tui_start one bob 100 30 "$env"
tui_wait one "you joined #lobby"
for room in dev ops tmp; do
	cmd one "/join $room"
	tui_wait one "you joined #$room"
done
cmd one "/part #tmp"
wait_until 10 list_is one "1 #lobby 2 #dev 3 #ops " ||
    fail "#tmp was not left: $(room_list one)"
cmd one "/window 2"
tui_wait one "[#dev]"
wait_until 10 list_is one "1 #lobby 2 #dev 3 #ops " ||
    fail "unexpected windows: $(room_list one)"
wait_until 10 grep -q "bob@127.0.0.1:$HUB_PORT order #lobby #dev #ops$" \
    "$kept" || fail "the order was not kept: $(cat "$kept" 2>&1)"
quit one
wait_for "$T/carol.out" "bob quit"

# Started again: a new session, which joins #dev and #ops again.
tui_start two bob 100 30 "$env"
tui_wait two "connected as bob"
wait_until 10 list_is two "1 #lobby 2 #dev 3 #ops " ||
    fail "the rooms did not come back in order: $(room_list two)"
tui_wait two "[#dev]"
tui_settle two
tui_has two "[#dev]" || fail "the room last viewed is not in view"
[ "$(count_in "$HUB_LOG" "bob joined tmp")" -eq 1 ] ||
    fail "the room left with /part is back"
tui_lacks two "filter:" || fail "the picker opened over the rooms joined"
ok "after /quit the rooms come back in order, the view on the last one"

[ "$(count_in "$T/carol.out" "bob joined #lobby")" -eq 2 ] ||
    fail "carol did not see bob's new session join: $(cat "$T/carol.out")"
grep -q "bob is back" "$T/carol.out" &&
    fail "carol saw a new session as back: $(cat "$T/carol.out")"
ok "the others see a new session join, not come back"

# A crash: the session is taken over with its rooms, nothing joined again,
# and the others see bob back.
pid=$(tui_pid two)
[ -n "$pid" ] || fail "no client pid for two"
kill -9 "$pid"
wait_for "$T/carol.out" "bob lost the connection"
tui_start three bob 100 30 "$env"
tui_wait three "connected as bob"
wait_for "$T/carol.out" "bob is back"
wait_until 10 list_is three "1 #lobby 2 #dev 3 #ops " ||
    fail "the session taken over lost its rooms: $(room_list three)"
tui_settle three
[ "$(count_in "$HUB_LOG" "already_in_room")" -eq 0 ] ||
    fail "a session taken over joined its rooms again"
cmd three "/window 0"
tui_settle three
tui_lacks three "joining the rooms" ||
    fail "a session taken over said it joins its rooms again"
[ "$(count_in "$T/carol.out" "bob joined")" -eq 2 ] ||
    fail "carol saw bob join again: $(cat "$T/carol.out")"
ok "a session taken over keeps its rooms; the others see it back"

# A room the hub refuses (a bad name in the state file) is said once.
quit three
sed -i "s/^\(bob@127.0.0.1:$HUB_PORT order .*\)$/\1 #bad,name/" "$kept"
grep -q "#bad,name$" "$kept" || fail "could not edit the state: $(cat "$kept")"
tui_start four bob 100 30 "$env"
wait_until 10 list_is four "1 #lobby 2 #dev 3 #ops " ||
    fail "unexpected windows: $(room_list four)"
tui_settle four
logs="$T/state/bob/chatroom/logs/bob@127.0.0.1:$HUB_PORT"
wait_until 10 grep -rq "comma" "$logs" ||
    fail "the refusal was not said: $(tui_screen four)"
tui_settle four
n=$(cat "$logs"/* | grep -c "comma")
[ "$n" -eq 1 ] || fail "the refusal was said $n times: $(cat "$logs"/*)"
[ "$(count_in "$HUB_LOG" "bad,name")" -le 1 ] ||
    fail "the client asked for the bad room more than once"
ok "a room the hub refuses is said once"

# REJOIN=no: a new session stays in #lobby.
quit four
mkdir -p "$T/cfg/chatroom"
printf 'REJOIN=no\n' >"$T/cfg/chatroom/config"
tui_start five bob 100 30 "$env"
tui_wait five "you joined #lobby"
tui_settle five
tui_lacks five "you joined #dev" || fail "REJOIN=no joined #dev"
wait_until 10 list_is five "1 #lobby " ||
    fail "REJOIN=no: unexpected windows: $(room_list five)"
ok "REJOIN=no leaves the rooms of the last run"

client_stop carol
exit 0
