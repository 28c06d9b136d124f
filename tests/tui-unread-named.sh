#!/bin/bash
# SPDX-License-Identifier: ISC
# A client started on a target that names a room (NICK@HOST:PORT/#room)
# shows that room at once; #lobby, which the hub joins first and which is
# in view until then, keeps its unread count and mention from the last
# run (after /quit and after a kill -9).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --resume-timeout 120
env="XDG_STATE_HOME=$T/state/bob XDG_CONFIG_HOME=$T/cfg"
kept="$T/state/bob/chatroom/dm_windows"

client_start ann ann
client_say ann "/join dev"
wait_for "$T/ann.out" "you joined #dev"

tui_start one bob 100 30 "$env"
tui_wait one "you joined #lobby"
tui_cmd one "/join dev"
tui_wait one "you joined #dev"
tui_cmd one "/window 1"
tui_wait one "[#lobby]"
client_say ann "/window #lobby" "lobby line read"
tui_wait one "lobby line read"
# #dev in view; two unread lines in #lobby, one a mention.
tui_cmd one "/window 2"
tui_wait one "[#dev]"
client_say ann "/window #lobby" "lobby unread one" "bob: lobby unread two"
wait_until 10 tui_room_counts_are one "1 #lobby 2! 2 #dev  " ||
    fail "unexpected room list: $(tui_room_counts one)"
wait_until 10 tui_read_kept "$kept" bob lobby ||
    fail "no read line for #lobby: $(cat "$kept")"
tui_quit one

# A new session on a target naming #dev: #lobby has its two, with the
# mention; #dev is in view.
tui_start two bob/#dev 100 30 "$env"
tui_wait two "connected as bob"
wait_until 15 tui_in_view two dev ||
    fail "#dev is not in view: $(tui_screen two)"
wait_until 15 tui_room_counts_are two "1 #lobby 2! 2 #dev  " ||
    fail "after /quit, unexpected counts: $(tui_room_counts two)
$(tui_screen two)"
tui_settle two
tui_room_counts_are two "1 #lobby 2! 2 #dev  " ||
    fail "after /quit, the counts changed: $(tui_room_counts two)"
ok "started on #dev after /quit, #lobby keeps its unread count and mention"

# The read id kept for #lobby, and is it another one?
lobby_id() {
	sed -n "s/^bob@127.0.0.1:$HUB_PORT read #lobby \([0-9]*\) .*/\1/p" \
	    "$kept" 2>/dev/null
}
lobby_id_not() {
	[ -n "$(lobby_id)" ] && [ "$(lobby_id)" != "$1" ]
}

# #lobby read now; #dev in view again; a mention in #lobby; a kill -9.
old=$(lobby_id)
tui_cmd two "/window 1"
tui_wait two "[#lobby]"
tui_cmd two "/window 2"
tui_wait two "[#dev]"
wait_until 10 tui_room_counts_are two "1 #lobby  2 #dev  " ||
    fail "unexpected room list: $(tui_room_counts two)"
client_say ann "/window #lobby" "bob: lobby mention"
wait_until 10 tui_room_counts_are two "1 #lobby 1! 2 #dev  " ||
    fail "unexpected room list: $(tui_room_counts two)"
wait_until 10 lobby_id_not "$old" ||
    fail "the read id of #lobby was not kept: $(cat "$kept")"
tui_crash two

# The session is taken over, in #lobby and #dev: #dev is shown again.
tui_start three bob/#dev 100 30 "$env"
tui_wait three "connected as bob"
wait_until 15 tui_in_view three dev ||
    fail "#dev is not in view: $(tui_screen three)"
wait_until 15 tui_room_counts_are three "1 #lobby 1! 2 #dev  " ||
    fail "after kill -9, unexpected counts: $(tui_room_counts three)
$(cat "$kept")"
tui_settle three
tui_room_counts_are three "1 #lobby 1! 2 #dev  " ||
    fail "after kill -9, the counts changed: $(tui_room_counts three)"
ok "started on #dev after kill -9, #lobby keeps its unread count and mention"

client_stop ann
exit 0
