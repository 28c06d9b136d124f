#!/bin/bash
# SPDX-License-Identifier: ISC
# A terminal client started again (after /quit or a kill -9) opens the room
# it was in; a line that comes there live, while the user looks at it, is
# no news: no "new messages" rule above it (it used to get one, below
# "end of history", once per start).
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

# No "new messages" rule on screen $1, once it is drawn.
no_rule() {
	tui_settle "$1"
	tui_has "$1" "new messages" && fail "$2: $(tui_screen "$1")"
	return 0
}

client_start ann ann
client_say ann "/join dev"
wait_for "$T/ann.out" "you joined #dev"

tui_start one bob 100 30 "$env"
tui_wait one "you joined #lobby"
tui_cmd one "/join dev"
tui_wait one "you joined #dev"
client_say ann "read before the quit"
tui_wait one "<ann> read before the quit"
tui_quit one

# Started again: in #dev, its history replayed, nothing unread.
tui_start two bob 100 30 "$env"
tui_wait two "[#dev]"
tui_wait two "end of history"
no_rule two "a rule with nothing unread"
old=$(read_id dev)
client_say ann "live after the start"
tui_wait two "<ann> live after the start"
no_rule two "a rule above a line that came in view after /quit"
ok "after /quit, no rule above a line that comes in view"

# The same after a kill -9, once the line read is kept (a kill loses
# the last second: see chatroom(1)).
wait_until 10 read_id_not dev "$old" ||
    fail "the read id of #dev was not kept: $(cat "$kept")"
tui_crash two
tui_start three bob 100 30 "$env"
tui_wait three "[#dev]"
tui_wait three "connected as bob"
no_rule three "a rule with nothing unread after kill -9"
client_say ann "live after the crash"
tui_wait three "<ann> live after the crash"
no_rule three "a rule above a line that came in view after kill -9"
ok "after kill -9, no rule above a line that comes in view"

# A room out of view still gets its rule and count.
tui_cmd three "/window 1"
tui_wait three "[#lobby]"
client_say ann "unread out of view"
wait_until 10 tui_room_counts_are three "1 #lobby  2 #dev 1 " ||
    fail "unexpected counts: $(tui_room_counts three)"
tui_cmd three "/window 2"
tui_wait three "[#dev]"
tui_settle three
order=$(tui_screen three | grep -oE "live after the crash|new messages|unread out of view" |
    tr '\n' ,)
[ "$order" = "live after the crash,new messages,unread out of view," ] ||
    fail "the rule is not above the unread line: $order
$(tui_screen three)"
ok "a line that came out of view still gets the rule"

client_stop ann
exit 0
