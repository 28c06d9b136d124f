#!/bin/bash
# SPDX-License-Identifier: ISC
# A terminal client started again opens the conversations (DM windows)
# it had open, kept in $XDG_STATE_HOME/chatroom/dm_windows, with their
# last lines from the logs and their unread counts; one the user closed
# with /leave stays closed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --resume-timeout 120
env="XDG_STATE_HOME=$T/state/dave XDG_CONFIG_HOME=$T/cfg"
kept="$T/state/dave/chatroom/dm_windows"

# Kill a client as a crash would, and wait for the hub to see it.
crash() {
	local pid n
	pid=$(tui_pid "$1")
	[ -n "$pid" ] || fail "no client pid for $1"
	n=$(count_in "$HUB_LOG" "disconnected")
	kill -9 "$pid"
	more_gone() {
		[ "$(count_in "$HUB_LOG" "disconnected")" -gt "$n" ]
	}
	wait_until 10 more_gone || fail "the hub did not see $1 go"
}

tui_start one dave 100 30 "$env"
tui_wait one "you joined #lobby"
# A conversation dave read, and one he has not read.
run_batch carol carol "/msg dave are you there"
[ "$BATCH_RC" = 0 ] || fail "carol could not send: $(cat "$T/carol.err")"
tui_wait one "@carol"
tui_type one "/window @carol"
tui_keys one Enter
tui_wait one "are you there"
run_batch bob bob "/msg dave first unread line" "/msg dave second one"
[ "$BATCH_RC" = 0 ] || fail "bob could not send: $(cat "$T/bob.err")"
tui_type one "/window #lobby"
tui_keys one Enter
wait_until 10 grep -qx "dave@127.0.0.1:$HUB_PORT 2! bob" "$kept" ||
    fail "bob's conversation was not kept: $(cat "$kept" 2>&1)"
grep -qx "dave@127.0.0.1:$HUB_PORT 0 carol" "$kept" ||
    fail "carol's conversation was not kept: $(cat "$kept" 2>&1)"
crash one

tui_start two dave 100 30 "$env"
tui_wait two "connected as dave"
tui_settle two
tui_has two "@bob" || fail "no window for bob: $(tui_screen two)"
tui_has two "@carol" || fail "no window for carol: $(tui_screen two)"
tui_wait two "@bob"
tui_type two "/window @bob"
tui_keys two Enter
tui_wait two "first unread line"
tui_has two "second one" || fail "a line is missing: $(tui_screen two)"
[ "$(tui_screen two | grep -c "second one")" = 1 ] ||
    fail "a line shows twice: $(tui_screen two)"
ok "a client started again opens its conversations with their lines"

# Read now: kept with nothing unread.  Closed: not kept.
wait_until 10 grep -qx "dave@127.0.0.1:$HUB_PORT 0 bob" "$kept" ||
    fail "bob's conversation is still unread: $(cat "$kept" 2>&1)"
tui_wait two "@carol"
tui_type two "/window @carol"
tui_keys two Enter
tui_wait two "are you there"
tui_type two "/leave"
tui_keys two Enter
wait_until 10 eval "! grep -q carol '$kept'" ||
    fail "a closed conversation is kept: $(cat "$kept")"
tui_type two "/quit"
tui_keys two Enter
tui_wait two "CLIENT EXITED rc=0"

tui_start three dave 100 30 "$env"
tui_wait three "connected as dave"
tui_settle three
tui_has three "@bob" || fail "no window for bob: $(tui_screen three)"
tui_has three "@carol" && fail "a closed conversation came back"
ok "a conversation closed with /leave stays closed"
exit 0
