#!/bin/bash
# SPDX-License-Identifier: ISC
# What the hub says about our DMs to a nick (kept for a lost user, not
# delivered) goes to the conversation with that nick when it is open,
# not to whichever window is in view; a kick of that nick is said there
# too, as a quit is.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

echo s3cret >"$T/oper.pw"
start_hub --resume-timeout 3 --admin-password-file "$T/oper.pw"
env="XDG_STATE_HOME=$T/state/alice XDG_CONFIG_HOME=$T/cfg"

cmd() {
	tui_type "$1" "$2"
	tui_keys "$1" Enter
}

client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"
client_start carol carol
wait_for "$T/carol.out" "you joined #lobby"

tui_start one alice 100 30 "$env"
tui_wait one "you joined #lobby"
cmd one "/msg bob first"
wait_for "$T/bob.out" "first"
cmd one "/msg carol hi carol"
wait_for "$T/carol.out" "hi carol"
cmd one "/window @carol"
tui_wait one "[@carol]"

# bob's connection dies: his session waits for a resume.
n=$(count_in "$HUB_LOG" "disconnected")
kill -9 "${CLIENT_PID[bob]}"
bob_gone() {
	[ "$(count_in "$HUB_LOG" "disconnected")" -gt "$n" ]
}
wait_until 10 bob_gone || fail "the hub did not see bob go"

# From @carol, a DM to bob: the notice is in @bob, not in @carol.
cmd one "/msg bob are you there"
cmd one "/window @bob"
tui_wait one "[@bob]"
tui_wait one "bob lost the connection; the hub keeps your message"
cmd one "/window @carol"
tui_wait one "[@carol]"
tui_settle one
tui_lacks one "bob lost the connection" ||
    fail "the notice about bob is in @carol: $(tui_screen one)"
ok "a DM kept for a lost user is said in its conversation"

# bob never comes back (3 s): that too is said in @bob only.
wait_for "$HUB_LOG" "bob: resume window expired"
tui_settle one
cmd one "/window @bob"
tui_wait one "[@bob]"
tui_wait one "bob did not come back; your messages to them were not delivered"
cmd one "/window @carol"
tui_wait one "[@carol]"
tui_settle one
tui_lacks one "did not come back" ||
    fail "the not-delivered notice is in @carol: $(tui_screen one)"
ok "and so is one not delivered"

# carol is kicked: the conversation with her says so, as for a quit.
cmd one "/oper s3cret"
tui_wait one "you are now a hub operator"
cmd one "/kick carol enough"
tui_wait one "carol was kicked by alice (enough)"
ok "a kick of the nick is said in its conversation"
