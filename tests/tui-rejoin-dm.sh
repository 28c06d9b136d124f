#!/bin/bash
# SPDX-License-Identifier: ISC
# A conversation in view when the terminal client quit is in view again
# when it starts: after /quit (a new session, its rooms joined again,
# which leave the view be) and after a kill (the session taken over).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --resume-timeout 120
env="XDG_STATE_HOME=$T/state/bob XDG_CONFIG_HOME=$T/cfg"
last="$T/state/bob/chatroom/last_room"

cmd() {
	tui_type "$1" "$2"
	tui_keys "$1" Enter
}

client_start carol carol
wait_for "$T/carol.out" "you joined #lobby"

tui_start one bob 100 30 "$env"
tui_wait one "you joined #lobby"
cmd one "/join dev"
tui_wait one "you joined #dev"
cmd one "/msg carol hello carol"
wait_for "$T/carol.out" "hello carol"
cmd one "/window @carol"
tui_wait one "[@carol]"
wait_until 10 grep -q "^bob@127.0.0.1:$HUB_PORT @carol$" "$last" ||
    fail "the conversation in view was not kept: $(cat "$last" 2>&1)"
n=$(count_in "$HUB_LOG" "disconnected")
cmd one "/quit"
tui_wait one "CLIENT EXITED"
more_gone() {
	[ "$(count_in "$HUB_LOG" "disconnected")" -gt "$n" ]
}
wait_until 10 more_gone || fail "the hub did not see bob go"

tui_start two bob 100 30 "$env"
tui_wait two "connected as bob"
dev_again() {
	[ "$(count_in "$HUB_LOG" "bob joined dev")" -ge 2 ]
}
wait_until 10 dev_again || fail "#dev was not joined again"
tui_settle two
tui_has two "[@carol]" ||
    fail "the conversation last in view is not in view: $(tui_screen two)"
ok "after /quit the conversation last in view is in view again"

# Back to a room: the room is kept again.
cmd two "/window #dev"
tui_wait two "[#dev]"
wait_until 10 grep -q "^bob@127.0.0.1:$HUB_PORT dev$" "$last" ||
    fail "the room in view was not kept: $(cat "$last" 2>&1)"
cmd two "/window @carol"
tui_wait two "[@carol]"
wait_until 10 grep -q "^bob@127.0.0.1:$HUB_PORT @carol$" "$last" ||
    fail "the conversation was not kept again: $(cat "$last" 2>&1)"

# Killed: the session is taken over, the conversation in view again.
tui_crash two
tui_start three bob 100 30 "$env"
tui_wait three "connected as bob"
tui_settle three
tui_has three "[@carol]" ||
    fail "after a kill the conversation is not in view: $(tui_screen three)"
ok "after a kill too"
