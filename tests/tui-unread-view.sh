#!/bin/bash
# SPDX-License-Identifier: ISC
# A terminal client started again, after /quit or a kill -9, in view of
# the room it was reading: the messages that came meanwhile replay with
# the "new messages" rule above the first of them, though the room is in
# view and nothing counts unread.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --resume-timeout 120
env="XDG_STATE_HOME=$T/state/bob XDG_CONFIG_HOME=$T/cfg"
kept="$T/state/bob/chatroom/dm_windows"

# The read id kept for a room.
read_id() {
	sed -n "s/^bob@127.0.0.1:$HUB_PORT read #$1 \([0-9]*\) [0-9]*$/\1/p" \
	    "$kept" 2>/dev/null
}

read_id_not() {
	[ -n "$(read_id "$1")" ] && [ "$(read_id "$1")" != "$2" ]
}

# The order in which the lines matching RE are on NAME's screen, as one
# line with commas.
order() {
	tui_screen "$1" | grep -oE "$2" | tr '\n' ,
}

client_start ann ann
client_say ann "/join dev"
wait_for "$T/ann.out" "you joined #dev"

tui_start one bob 100 30 "$env"
tui_wait one "you joined #lobby"
tui_cmd one "/join dev"
tui_wait one "you joined #dev"
client_say ann "/window #dev" "dev line read"
tui_wait one "dev line read"
tui_quit one
client_say ann "missed one" "bob: missed two"
wait_for "$T/ann.out" "missed two"

tui_start two bob 100 30 "$env"
tui_wait two "missed two"
tui_wait two "[#dev]"
tui_settle two
o=$(order two "dev line read|new messages|missed one|missed two")
[ "$o" = "dev line read,new messages,missed one,missed two," ] ||
    fail "after /quit, no rule above the first missed line: $o
$(tui_screen two)"
tui_room_counts_are two "1 #lobby  2 #dev  " ||
    fail "after /quit, unexpected counts: $(tui_room_counts two)"
ok "after /quit the room in view has the rule above what was missed"

# Read now; a kill -9 once the state says so.
old=$(read_id dev)
wait_until 10 read_id_not dev "$old" ||
    fail "the read id of #dev was not kept: $(cat "$kept")"
tui_crash two
client_say ann "missed three"
wait_for "$T/ann.out" "missed three"
tui_start three bob 100 30 "$env"
tui_wait three "missed three"
tui_wait three "[#dev]"
tui_settle three
o=$(order three "missed two|new messages|missed three")
[ "$o" = "missed two,new messages,missed three," ] ||
    fail "after kill -9, no rule above the first missed line: $o
$(tui_screen three)"
ok "after kill -9 the room in view has the rule above what was missed"

client_stop ann
exit 0
