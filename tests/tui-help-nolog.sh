#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: /help, /help COMMAND, /help keys and F1 are shown in
# the window in view but kept out of its log file (as irssi logs no
# CLIENTCRAP): a conversation's log holds the conversation.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
env="XDG_STATE_HOME=$T/state XDG_CONFIG_HOME=$T/cfg"
log="$T/state/chatroom/logs/bob@127.0.0.1:$HUB_PORT/#lobby.log"

tui_start bob bob 100 40 "$env"
tui_wait bob "you joined #lobby"
tui_cmd bob "before the help"
tui_wait bob "<bob> before the help"
tui_cmd bob "/help"
tui_wait bob "/help keys lists the key bindings"
tui_cmd bob "/help names"
tui_wait bob "show or hide the nick list)"
tui_keys bob F1
tui_wait bob "chatroom(1) describes every key"
tui_cmd bob "after the help"
tui_wait bob "<bob> after the help"
wait_until 20 grep -q "<bob> after the help" "$log" ||
	fail "the log was not written: $(cat "$log" 2>&1)"
grep -q "<bob> before the help" "$log" || fail "a line is not logged: $(cat "$log")"
for s in "commands:" "keys:" "/help keys lists" "describes every key" \
    "go to the window that most wants attention" "/names"; do
	grep -qF -- "$s" "$log" && fail "help is logged ($s): $(cat "$log")"
done
ok "help is shown, not logged"
exit 0
