#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: an IRC NOTICE, to a room or directly, shows as
# -nick- text (as irssi shows it), not as a message, on the screen and in
# the logs, and so again when a conversation's last lines come back from
# its log at a restart.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_irc_hub --resume-timeout 120 --flood-rate 0
env="XDG_STATE_HOME=$T/state XDG_CONFIG_HOME=$T/cfg"
logs="$T/state/chatroom/logs/nat@127.0.0.1:$HUB_PORT"

tui_start one nat 100 30 "$env"
tui_wait one "you joined #lobby"
tui_cmd one "/join dev"
tui_wait one "you joined #dev"
irc_join_dev b rbot
irc_send b "NOTICE #dev :a notice to the room" \
    "PRIVMSG #dev :a message to the room"
tui_wait one "-rbot- a notice to the room"
tui_wait one "<rbot> a message to the room"
wait_until 10 grep -qF "a message to the room" "$logs/#dev.log" ||
    fail "not logged: $(cat "$logs/#dev.log" 2>&1)"
grep -qF -- "-rbot- a notice to the room" "$logs/#dev.log" ||
    fail "room notice logged as: $(grep 'notice to' "$logs/#dev.log")"
ok "a room NOTICE: -rbot- on the screen and in the log"

irc_send b "NOTICE nat :this is a notice dm" "PRIVMSG nat :this is a privmsg dm"
tui_wait_match one '^ +[0-9]+ @rbot '
n=$(tui_screen one | sed -n 's/^ *\([0-9][0-9]*\) @rbot .*/\1/p')
tui_keys one "M-$n"
tui_wait one "*rbot* this is a privmsg dm"
tui_has one "-rbot- this is a notice dm" ||
    fail "direct notice: $(tui_screen one | grep 'notice dm')"
wait_until 10 grep -qF "this is a privmsg dm" "$logs/@rbot.log" ||
    fail "not logged: $(ls "$logs")"
grep -qF -- "-rbot- this is a notice dm" "$logs/@rbot.log" ||
    fail "direct notice logged as: $(grep 'notice dm' "$logs/@rbot.log")"
ok "a direct NOTICE: -rbot- on the screen and in the log"

tui_quit one
tui_start two nat 100 30 "$env"
tui_wait two "connected as nat"
tui_wait_match two '^ +[0-9]+ @rbot '
n=$(tui_screen two | sed -n 's/^ *\([0-9][0-9]*\) @rbot .*/\1/p')
tui_keys two "M-$n"
tui_wait two "this is a privmsg dm"
tui_has two "-rbot- this is a notice dm" ||
    fail "restored from the log as: $(tui_screen two | grep 'notice dm')"
ok "and so when its last lines come back from the log"
exit 0
