#!/bin/bash
# SPDX-License-Identifier: ISC
# A terminal client started again, after /quit or a kill -9, keeps the
# rooms' unread counts and mentions: the messages after the last one read
# count again, once, with the "new messages" rule above the first of
# them; a room read stays read.
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

client_start ann ann
client_say ann "/join dev" "/join ops"
wait_for "$T/ann.out" "you joined #ops"

tui_start one bob 100 30 "$env"
tui_wait one "you joined #lobby"
tui_cmd one "/join dev"
tui_wait one "you joined #dev"
tui_cmd one "/join ops"
tui_wait one "you joined #ops"
# Read in view: one line in each room.
client_say ann "/window #ops" "ops line read"
tui_wait one "ops line read"
tui_cmd one "/window 2"
tui_wait one "[#dev]"
client_say ann "/window #dev" "dev line read"
tui_wait one "dev line read"
tui_cmd one "/window 1"
tui_wait one "[#lobby]"
# Unread in #dev: two lines, one a mention.
client_say ann "dev unread one" "bob: dev unread two"
wait_until 10 tui_room_counts_are one "1 #lobby  2 #dev 2! 3 #ops  " ||
    fail "unexpected room list: $(tui_room_counts one)"
tui_quit one
client_say ann "/window #ops" "ops while away"

# A new session: #dev has its two, with the mention; #ops the one said
# while away, no more.
tui_start two bob 100 30 "$env"
tui_wait two "connected as bob"
wait_until 15 tui_room_counts_are two "1 #lobby  2 #dev 2! 3 #ops 1 " ||
    fail "after /quit, unexpected counts: $(tui_room_counts two)"
wait_until 10 tui_title_has two "Act: 2! 3" ||
    fail "after /quit, title: $(tui_screen two | head -n 1)"
tui_settle two
tui_room_counts_are two "1 #lobby  2 #dev 2! 3 #ops 1 " ||
    fail "after /quit, the counts changed: $(tui_room_counts two)"
ok "after /quit the rooms keep their unread counts and mentions"

# The rule is above the first unread line, below the line read.
old=$(read_id dev)
tui_cmd two "/window 2"
tui_wait two "[#dev]"
tui_settle two
order=$(tui_screen two | grep -oE "dev line read|new messages|dev unread one" |
    tr '\n' ,)
[ "$order" = "dev line read,new messages,dev unread one," ] ||
    fail "the rule is not above the first unread line: $order
$(tui_screen two)"
ok "the new messages rule is above the first unread line"

# #dev is read now; a mention in #ops; a kill -9 once the state says so.
tui_cmd two "/window 1"
tui_wait two "[#lobby]"
wait_until 10 read_id_not dev "$old" ||
    fail "the read id of #dev was not kept: $(cat "$kept")"
client_say ann "bob: ops mention"
wait_until 10 tui_room_counts_are two "1 #lobby  2 #dev  3 #ops 2! " ||
    fail "unexpected room list: $(tui_room_counts two)"
tui_crash two
tui_start three bob 100 30 "$env"
tui_wait three "connected as bob"
wait_until 15 tui_room_counts_are three "1 #lobby  2 #dev  3 #ops 2! " ||
    fail "after kill -9, unexpected counts: $(tui_room_counts three)"
wait_until 10 tui_title_has three "Act: 3!" ||
    fail "after kill -9, title: $(tui_screen three | head -n 1)"
tui_settle three
tui_room_counts_are three "1 #lobby  2 #dev  3 #ops 2! " ||
    fail "after kill -9, the counts changed: $(tui_room_counts three)"
ok "after kill -9 the counts and the mention are kept, a room read stays read"

# A room left with /part is not kept.
tui_cmd three "/part #ops"
wait_until 10 tui_room_counts_are three "1 #lobby  2 #dev  " ||
    fail "#ops was not left: $(tui_room_counts three)"
wait_until 10 sh -c "! grep -q ' read #ops ' '$kept'" ||
    fail "a room left keeps its read id: $(cat "$kept")"
ok "a room left with /part keeps nothing"

# A hub that lost its history: nothing to count, no crash; its messages,
# numbered from 1 again, count as new ones do.
tui_quit three
client_stop ann
stop_hub
rm -f "$T"/history.json*
FORCE_PORT=$HUB_PORT start_hub --resume-timeout 120
tui_start four bob 100 30 "$env"
tui_wait four "connected as bob"
wait_until 15 tui_room_counts_are four "1 #lobby  2 #dev  " ||
    fail "after the history was lost, unexpected counts: $(tui_room_counts four)"
client_start ann2 ann
client_say ann2 "/join dev" "dev on a new hub"
wait_until 15 tui_room_counts_are four "1 #lobby  2 #dev 1 " ||
    fail "a new hub's message was not counted: $(tui_room_counts four)"
ok "a hub that lost its history: nothing counted, its new messages are"

client_stop ann2
exit 0
