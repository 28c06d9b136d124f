#!/bin/bash
# SPDX-License-Identifier: ISC
# The hubs of a cluster are one place for the terminal client's state:
# after /quit on hub b, started on hub a (or with the list form, on
# whichever answers) it joins the rooms it was in, opens its
# conversations and shows the room last viewed, keyed by the cluster id
# the welcome gives.  Lines an older version kept for the hub's address
# are read and taken over.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

start_member a
start_member b
env="XDG_STATE_HOME=$T/state/erin XDG_CONFIG_HOME=$T/cfg"
state="$T/state/erin/chatroom"

# The room list as "NAME" lines, the status window left out.
room_names() {
	tui_screen "$1" | cut -c1-16 |
	    sed -n 's/^ *[0-9][0-9]* \([#@][^ ]*\) *[0-9!]* *$/\1/p' |
	    sort | tr '\n' ' '
}

names_are() {
	[ "$(room_names "$1")" = "$2" ]
}

# Type a command and press Enter.
cmd() {
	tui_type "$1" "$2"
	tui_keys "$1" Enter
}

# Quit a client with /quit and wait for hub NAME to see it go.
quit() {
	local n
	n=$(count_in "$T/$2.log" "disconnected")
	cmd "$1" "/quit"
	tui_wait "$1" "CLIENT EXITED"
	more_gone() {
		[ "$(count_in "$T/$2.log" "disconnected")" -gt "$n" ]
	}
	wait_until 20 more_gone "$1" "$2" || fail "hub $2 did not see $1 go"
}

# Both hubs give one cluster id in the welcome.
on a
raw_login ra ann
id=$(sed -n 's/.*"cluster":"\([0-9a-f]*\)".*/\1/p' <<<"$RAW_LINE")
[ "${#id}" = 16 ] || fail "hub a gives no cluster id: $RAW_LINE"
on b
raw_login rb ben
[[ $RAW_LINE == *"\"cluster\":\"$id\""* ]] ||
    fail "hub b gives another cluster id: $RAW_LINE"
ok "both hubs of the cluster give its id ($id) in the welcome"

# carol, on hub a, is in #dev and talks to erin.
member_client a carol
client_say carol "/join dev"
wait_for "$T/carol.out" "you joined #dev"

on b
tui_start one erin 100 30 "$env"
tui_wait one "you joined #lobby"
for room in dev big; do
	cmd one "/join $room"
	tui_wait one "you joined #$room"
done
client_say carol "/msg erin hello from hub a"
tui_wait one "@carol"
cmd one "/window #dev"
tui_wait one "[#dev]"
wait_until 20 grep -qx "erin@cluster:$id order #lobby #dev #big @carol" \
    "$state/dm_windows" || fail "not kept by cluster: $(cat "$state/dm_windows")"
wait_until 20 grep -qx "erin@cluster:$id dev" "$state/last_room" ||
    fail "the view was not kept by cluster: $(cat "$state/last_room")"
quit one b
wait_for "$T/carol.out" "erin quit"
client_say carol "said while erin was away"
wait_for "$T/carol.out" "<carol> said while erin was away"

# Started on the other hub: the same windows, the same view.
on a
tui_start two erin 100 30 "$env"
tui_wait two "connected as erin"
wait_until 20 names_are two "#big #dev #lobby @carol " ||
    fail "the windows did not come back on hub a: $(room_names two)"
tui_wait two "[#dev]"
tui_wait two "said while erin was away"
tui_settle two
tui_has two "[#dev]" || fail "the room last viewed is not in view"
tui_lacks two "filter:" || fail "the picker opened over the rooms joined"
ok "after /quit on hub b, hub a gives back the rooms, conversations, view"

# The list form: whichever hub answers (b, named first) is the same place.
cmd two "/window #big"
tui_wait two "[#big]"
wait_until 20 grep -qx "erin@cluster:$id big" "$state/last_room" ||
    fail "the view was not kept: $(cat "$state/last_room")"
quit two a
HUB_PORT="${PORT[b]},127.0.0.1:${PORT[a]}"
tui_start three erin 100 30 "$env"
tui_wait three "connected as erin"
wait_until 20 names_are three "#big #dev #lobby @carol " ||
    fail "the windows did not come back: $(room_names three)"
tui_wait three "[#big]"
ok "the list form finds the same windows on whichever hub answers"
quit three b

# Lines kept for the hub's address (before the cluster id) are read, then
# replaced by the cluster's.
fenv="XDG_STATE_HOME=$T/state/fay XDG_CONFIG_HOME=$T/cfg"
mkdir -p "$T/state/fay/chatroom"
printf 'fay@127.0.0.1:%s order #lobby #ops\n' "${PORT[b]}" \
    >"$T/state/fay/chatroom/dm_windows"
printf 'fay@127.0.0.1:%s ops\n' "${PORT[b]}" >"$T/state/fay/chatroom/last_room"
on b
tui_start four fay 100 30 "$fenv"
tui_wait four "connected as fay"
wait_until 20 names_are four "#lobby #ops " ||
    fail "the rooms kept by address did not come back: $(room_names four)"
tui_wait four "[#ops]"
wait_until 20 grep -qx "fay@cluster:$id order #lobby #ops" \
    "$T/state/fay/chatroom/dm_windows" ||
    fail "not taken over: $(cat "$T/state/fay/chatroom/dm_windows")"
grep -q "^fay@127" "$T/state/fay/chatroom/dm_windows" &&
    fail "the address's lines are still there"
ok "the lines kept by the hub's address are taken over by the cluster's"
quit four b

client_stop carol
exit 0
