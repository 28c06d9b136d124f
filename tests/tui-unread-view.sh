#!/bin/bash
# SPDX-License-Identifier: ISC
# A terminal client started again, after /quit or a kill -9, in view of
# the room it was reading: the messages that came meanwhile replay with
# the "new messages" rule above the first of them, and the view shows
# the rule, though the room is in view and nothing counts unread.
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

# Is the read id kept for #ROOM past ID?
read_id_past() {
	local id
	id=$(read_id "$1")
	[ -n "$id" ] && [ "$id" -gt "$2" ]
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
# The id kept at the exit, before the client saves any other: taken once
# the next client runs, it may be the new one already (saved each second).
old=$(read_id dev)
[ -n "$old" ] || fail "no read id kept for #dev: $(cat "$kept")"
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
wait_until 10 read_id_past dev "$old" ||
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

# More missed than the window holds: the view begins at the rule.
tui_quit three
old=$(read_id dev)
[ -n "$old" ] || fail "no read id kept for #dev: $(cat "$kept")"
for i in $(seq 1 40); do
	client_say ann "flood $i"
done
wait_for "$T/ann.out" "flood 40"
tui_start four bob 100 30 "$env"
tui_wait four "connected as bob"
tui_wait four "[#dev]"
wait_until 15 tui_has four "flood 1" ||
    fail "the view does not show the first missed line
$(tui_screen four)"
tui_settle four
o=$(order four "missed three|new messages|flood 1$")
[ "$o" = "missed three,new messages,flood 1," ] ||
    fail "the rule is not in view above the first missed line: $o
$(tui_screen four)"
tui_title_has four "more below" ||
    fail "the title does not say more is below: $(tui_screen four | head -n 1)"
ok "after /quit the view shows the rule when more was missed than it holds"

# The same after a kill -9, once the state says all was read.
tui_keys four End
wait_until 10 read_id_past dev "$old" ||
    fail "the read id of #dev was not kept: $(cat "$kept")"
tui_crash four
for i in $(seq 1 40); do
	client_say ann "again $i"
done
wait_for "$T/ann.out" "again 40"
tui_start five bob 100 30 "$env"
tui_wait five "connected as bob"
tui_wait five "[#dev]"
wait_until 15 tui_has five "again 1" ||
    fail "after kill -9, the view does not show the first missed line
$(tui_screen five)"
tui_settle five
o=$(order five "flood 40|new messages|again 1$")
[ "$o" = "flood 40,new messages,again 1," ] ||
    fail "after kill -9, the rule is not in view above the first missed line: $o
$(tui_screen five)"
ok "after kill -9 the view shows the rule when more was missed than it holds"

client_stop ann
exit 0
