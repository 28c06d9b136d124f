#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the first room joined in a run, from a hub with no
# message of the day, says where help is (walk58 F2), in the room and in
# the status window, but not in their logs, where it would come again each
# run; a hub's message of the day replaces it, and --batch never prints it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

hint="type /help for commands, /rooms for the room list"

start_hub
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"
env="XDG_STATE_HOME=$T/state XDG_CONFIG_HOME=$T/cfg"
tui_start bob bob 100 30 "$env"
tui_wait bob "you joined #lobby"
tui_wait bob "$hint"
tui_keys bob M-0
tui_wait bob "connected to 127.0.0.1 as bob"
tui_has bob "$hint" || fail "no hint in the status window"
ok "the first join says where help is, in the room and the status window"

# Shown, not logged: a line after it is in the logs, the hint is not.
logs="$T/state/chatroom/logs/bob@127.0.0.1:$HUB_PORT"
tui_keys bob M-1
tui_cmd bob "after the hint"
wait_until 10 grep -qF "after the hint" "$logs/#lobby.log" 2>/dev/null ||
    fail "not logged: $(ls "$logs" 2>&1)"
wait_until 10 grep -qF "connected to 127.0.0.1 as bob" "$logs/status.log" ||
    fail "the status window is not logged: $(ls "$logs" 2>&1)"
grep -F "type /help" "$logs/#lobby.log" "$logs/status.log" &&
    fail "the hint is in a log"
ok "the hint is kept out of the logs"

# Once a run: a room joined later does not say it again.
tui_keys bob M-1
tui_type bob "/join #second"
tui_keys bob Enter
tui_wait bob "you joined #second"
[ "$(tui_screen bob | grep -c "$hint")" = 0 ] ||
    fail "the hint came again: $(tui_screen bob)"
grep -qF "type /help" "$T/obs.out" && fail "--batch printed the hint"
ok "only once, and not in --batch"

# A hub with a message of the day: that greets instead.
echo "welcome to the test hub" >"$T/motd"
HUB_NAME=motd HUB_HISTORY="$T/motd.json" start_hub --motd-file "$T/motd"
tui_start carol carol
tui_wait carol "you joined #lobby"
tui_keys carol M-0
tui_wait carol "welcome to the test hub"
tui_lacks carol "$hint" || fail "the hint with a message of the day"
tui_keys carol M-1
tui_wait carol "you joined #lobby"
tui_lacks carol "$hint" || fail "the hint in the room with a message of the day"
ok "a hub's message of the day replaces the hint"
exit 0
