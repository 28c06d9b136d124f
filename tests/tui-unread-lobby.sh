#!/bin/bash
# SPDX-License-Identifier: ISC
# #lobby, the room the hub joins at login before the client joins the
# others again, keeps its unread count and mention across a restart
# (after /quit and after a kill -9) when another room was in view.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --resume-timeout 120
env="XDG_STATE_HOME=$T/state/bob XDG_CONFIG_HOME=$T/cfg"
kept="$T/state/bob/chatroom/dm_windows"

# The room list as "N NAME COUNT" lines, the status window left out.
room_list() {
	tui_screen "$1" | cut -c1-16 |
	    sed -n 's/^ *\([0-9][0-9]*\) \(#[^ ]*\) *\([0-9!]*\) *$/\1 \2 \3/p'
}

list_is() {
	[ "$(room_list "$1" | tr '\n' ' ')" = "$2" ]
}

title_has() {
	tui_screen "$1" | head -n 1 | grep -qF -- "$2"
}

# Type a command and press Enter.
cmd() {
	tui_type "$1" "$2"
	tui_keys "$1" Enter
}

# Is a room's read line in the state file?
read_kept() {
	grep -q "^bob@127.0.0.1:$HUB_PORT read #$1 [0-9]* [0-9]*$" "$kept" \
	    2>/dev/null
}

# Is a room in view?
in_view() {
	tui_screen "$1" | grep -qF "[#$2]"
}

client_start ann ann
client_say ann "/join dev"
wait_for "$T/ann.out" "you joined #dev"

tui_start one bob 100 30 "$env"
tui_wait one "you joined #lobby"
cmd one "/join dev"
tui_wait one "you joined #dev"
cmd one "/window 1"
tui_wait one "[#lobby]"
client_say ann "/window #lobby" "lobby line read"
tui_wait one "lobby line read"
# #dev in view; two unread lines in #lobby, one a mention.
cmd one "/window 2"
tui_wait one "[#dev]"
client_say ann "/window #lobby" "lobby unread one" "bob: lobby unread two"
wait_until 10 list_is one "1 #lobby 2! 2 #dev  " ||
    fail "unexpected room list: $(room_list one)"
wait_until 10 read_kept lobby || fail "no read line for #lobby: $(cat "$kept")"
n=$(count_in "$HUB_LOG" "disconnected")
cmd one "/quit"
tui_wait one "CLIENT EXITED"
gone() { [ "$(count_in "$HUB_LOG" "disconnected")" -gt "$n" ]; }
wait_until 10 gone || fail "the hub did not see bob go"

# A new session: #lobby has its two, with the mention; #dev is in view.
tui_start two bob 100 30 "$env"
tui_wait two "connected as bob"
wait_until 15 in_view two dev || fail "#dev is not in view: $(tui_screen two)"
wait_until 15 list_is two "1 #lobby 2! 2 #dev  " ||
    fail "after /quit, unexpected counts: $(room_list two)"
wait_until 10 title_has two "Act: 1!" ||
    fail "after /quit, title: $(tui_screen two | head -n 1)"
tui_settle two
list_is two "1 #lobby 2! 2 #dev  " ||
    fail "after /quit, the counts changed: $(room_list two)"
ok "after /quit #lobby keeps its unread count and mention"

# The read id kept for #lobby, and is it another one?
lobby_id() {
	sed -n "s/^bob@127.0.0.1:$HUB_PORT read #lobby \([0-9]*\) .*/\1/p" \
	    "$kept" 2>/dev/null
}
lobby_id_not() {
	[ -n "$(lobby_id)" ] && [ "$(lobby_id)" != "$1" ]
}

# The rule is above the first unread line, below the line read.
old=$(lobby_id)
cmd two "/window 1"
tui_wait two "[#lobby]"
tui_settle two
order=$(tui_screen two |
    grep -oE "lobby line read|new messages|lobby unread one" | tr '\n' ,)
[ "$order" = "lobby line read,new messages,lobby unread one," ] ||
    fail "the rule is not above the first unread line: $order
$(tui_screen two)"
ok "the new messages rule is above #lobby's first unread line"

# #lobby read now; #dev in view again; a mention in #lobby; a kill -9.
cmd two "/window 2"
tui_wait two "[#dev]"
wait_until 10 list_is two "1 #lobby  2 #dev  " ||
    fail "unexpected room list: $(room_list two)"
client_say ann "/window #lobby" "bob: lobby mention"
wait_until 10 list_is two "1 #lobby 1! 2 #dev  " ||
    fail "unexpected room list: $(room_list two)"
wait_until 10 lobby_id_not "$old" ||
    fail "the read id of #lobby was not kept: $(cat "$kept")"
tui_crash two
tui_start three bob 100 30 "$env"
tui_wait three "connected as bob"
wait_until 15 in_view three dev ||
    fail "#dev is not in view: $(tui_screen three)"
wait_until 15 list_is three "1 #lobby 1! 2 #dev  " ||
    fail "after kill -9, unexpected counts: $(room_list three)
$(cat "$kept")"
tui_settle three
list_is three "1 #lobby 1! 2 #dev  " ||
    fail "after kill -9, the counts changed: $(room_list three)"
ok "after kill -9 #lobby keeps its unread count and mention"

client_stop ann
exit 0
