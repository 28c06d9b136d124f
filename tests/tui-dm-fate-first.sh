#!/bin/bash
# SPDX-License-Identifier: ISC
# A DM kept for a lost user to whom we never wrote before: the notice
# that the hub keeps it goes to the new conversation, next to the
# message, as it does for a conversation the client had (walk54 F1), not
# to the window in view.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --resume-timeout 300
env="XDG_STATE_HOME=$T/state/alice XDG_CONFIG_HOME=$T/cfg"
logs="$T/state/alice/chatroom/logs/alice@127.0.0.1:$HUB_PORT"

cmd() {
	tui_type "$1" "$2"
	tui_keys "$1" Enter
}

tui_start one alice 100 30 "$env"
tui_wait one "you joined #lobby"
client_start frank frank
wait_for "$T/frank.out" "you joined #lobby"
tui_wait one "frank joined"

# frank's connection dies: his session waits for a resume.
n=$(count_in "$HUB_LOG" "disconnected")
kill -9 "${CLIENT_PID[frank]}"
frank_gone() {
	[ "$(count_in "$HUB_LOG" "disconnected")" -gt "$n" ]
}
wait_until 20 frank_gone || fail "the hub did not see frank go"

# From #lobby, a first DM to frank: the notice is in @frank only.
cmd one "/msg frank first ever"
wait_until 20 grep -qF "first ever" "$logs/@frank.log" ||
    fail "the DM to frank was not logged in its conversation"
tui_settle one
tui_lacks one "the hub keeps your message" ||
    fail "the notice about frank is in #lobby: $(tui_screen one)"
grep -qF "the hub keeps your message" "$logs/#lobby.log" &&
    fail "the notice about frank was logged in #lobby"
cmd one "/window @frank"
tui_wait one "[@frank]"
tui_wait one "frank lost the connection; the hub keeps your message"
grep -qF "frank lost the connection; the hub keeps your message" \
    "$logs/@frank.log" || fail "the notice was not logged with the DM"
ok "a first DM kept for a lost user is said in its new conversation"
exit 0
