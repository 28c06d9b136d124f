#!/bin/bash
# SPDX-License-Identifier: ISC
# A client frozen (a laptop that froze) while a DM comes, then killed and
# started again, takes its session over with its key: the hub sends it
# again the DMs passed to the frozen connection, and the client shows
# each once, dropping those it showed before the kill by the ids it kept
# in $XDG_STATE_HOME/chatroom/dm_windows (its logged lines have none).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# Continue a client left stopped, so that the wrapper can end.
stopped=
tui_dm_cleanup() {
	local rc=$?
	[ -n "$stopped" ] && kill -CONT "$stopped" 2>/dev/null
	(exit "$rc")
	tui_cleanup
}
trap tui_dm_cleanup EXIT

# The hub sends again the DMs passed in the last 1.5 ping timeouts before
# the loss: both, if the client is frozen soon enough after the first.
start_hub --ping-timeout 12 --resume-timeout 120
env="XDG_STATE_HOME=$T/state/dave XDG_CONFIG_HOME=$T/cfg"
kept="$T/state/dave/chatroom/dm_windows"

tui_start one dave 100 30 "$env"
tui_wait one "you joined #lobby"
run_batch bob bob "/msg dave shown before the freeze"
[ "$BATCH_RC" = 0 ] || fail "bob could not send: $(cat "$T/bob.err")"
tui_wait one "@bob"
tui_type one "/window @bob"
tui_keys one Enter
tui_wait one "shown before the freeze"
wait_until 10 grep -q "^dave@127.0.0.1:$HUB_PORT ids [0-9]" "$kept" ||
    fail "the ids of the DMs shown were not kept: $(cat "$kept" 2>&1)"

# Frozen while a DM comes; killed once the hub has given up on it.
pid=$(tui_pid one)
[ -n "$pid" ] || fail "no client pid"
kill -STOP "$pid"
stopped=$pid
run_batch bob bob "/msg dave sent while frozen"
[ "$BATCH_RC" = 0 ] || fail "bob could not send: $(cat "$T/bob.err")"
wait_until 60 grep -q "Ping timeout: [0-9]* seconds" "$HUB_LOG" ||
    fail "the hub did not time the frozen client out"
kill -9 "$pid"
kill -CONT "$pid" 2>/dev/null
stopped=
wait_until 10 eval "! kill -0 $pid 2>/dev/null" || fail "the client lives"

tui_start two dave 100 30 "$env"
tui_wait two "connected as dave"
wait_until 20 grep -q "sent again on a takeover" "$HUB_LOG" ||
    fail "the hub did not send the DMs again on the takeover"
tui_settle two
tui_wait two "@bob"
tui_type two "/window @bob"
tui_keys two Enter
tui_wait two "sent while frozen"
[ "$(tui_screen two | grep -c "sent while frozen")" = 1 ] ||
    fail "the DM sent while frozen shows twice: $(tui_screen two)"
ok "a DM sent to a frozen client shows once after it is started again"
grep -q "2 direct messages passed before the loss sent again" "$HUB_LOG" ||
    echo "note: the DM shown before the freeze was not sent again"
[ "$(tui_screen two | grep -c "shown before the freeze")" = 1 ] ||
    fail "a DM shown before the kill shows again: $(tui_screen two)"
ok "a DM shown before the kill does not show twice"
tui_type two "/quit"
tui_keys two Enter
tui_wait two "CLIENT EXITED rc=0"
exit 0
