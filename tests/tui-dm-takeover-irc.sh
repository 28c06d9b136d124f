#!/bin/bash
# SPDX-License-Identifier: ISC
# As tui-dm-takeover.sh, with the DMs from an IRC user: a client frozen
# while one comes, then killed and started again, takes its session over
# with its key and is sent the DM again, and shows it once; the IRC
# sender is told nothing was lost.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

stopped=
tui_dm_cleanup() {
	local rc=$?
	[ -n "$stopped" ] && kill -CONT "$stopped" 2>/dev/null
	(exit "$rc")
	tui_cleanup
}
trap tui_dm_cleanup EXIT

# Keep the IRC connection speaking (so that the ping timeout leaves it)
# until a command succeeds, for at most SECS seconds.
irc_alive_until() {
	local secs=$1 end
	shift
	[ -n "$VG_SLOW" ] && secs=$((secs * 3))
	end=$((SECONDS + secs))
	until "$@"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		irc_sync b
		sleep 0.5
	done
}

start_irc_hub --ping-timeout 12 --resume-timeout 120
env="XDG_STATE_HOME=$T/state/dave XDG_CONFIG_HOME=$T/cfg"
kept="$T/state/dave/chatroom/dm_windows"

irc_open b
irc_register b bob
tui_start one dave 100 30 "$env"
tui_wait one "you joined #lobby"
irc_send b "PRIVMSG dave :shown before the freeze"
tui_wait one "@bob"
tui_type one "/window @bob"
tui_keys one Enter
tui_wait one "shown before the freeze"
wait_until 10 grep -q "^dave@127.0.0.1:$HUB_PORT ids [0-9]" "$kept" ||
    fail "the ids of the DMs shown were not kept: $(cat "$kept" 2>&1)"

pid=$(tui_pid one)
[ -n "$pid" ] || fail "no client pid"
kill -STOP "$pid"
stopped=$pid
irc_send b "PRIVMSG dave :sent while frozen"
irc_alive_until 60 grep -q "Ping timeout: [0-9]* seconds" "$HUB_LOG" ||
    fail "the hub did not time the frozen client out"
kill -9 "$pid"
kill -CONT "$pid" 2>/dev/null
stopped=
wait_until 10 eval "! kill -0 $pid 2>/dev/null" || fail "the client lives"

tui_start two dave 100 30 "$env"
tui_wait two "connected as dave"
irc_alive_until 20 grep -q "sent again on a takeover" "$HUB_LOG" ||
    fail "the hub did not send the DMs again on the takeover"
tui_settle two
tui_wait two "@bob"
tui_type two "/window @bob"
tui_keys two Enter
tui_wait two "sent while frozen"
[ "$(tui_screen two | grep -c "sent while frozen")" = 1 ] ||
    fail "the DM sent while frozen shows twice: $(tui_screen two)"
[ "$(tui_screen two | grep -c "shown before the freeze")" = 1 ] ||
    fail "a DM shown before the kill shows again: $(tui_screen two)"
ok "an IRC user's DM to a frozen client shows once after it is started again"
irc_sync b
grep -q "NOTICE bob :dave" "$T/b.irc" &&
    fail "bob was told of a loss: $(grep NOTICE "$T/b.irc")"
ok "the IRC sender is not told of a loss"
tui_type two "/quit"
tui_keys two Enter
tui_wait two "CLIENT EXITED rc=0"
exit 0
