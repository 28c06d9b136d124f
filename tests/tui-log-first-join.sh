#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a room's log begins when the client is first in the
# room.  The replay of what was said before a first join is shown but not
# logged; what is said from then on is, and so are lines that come while
# the client is down, once its log is there.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
logs="$T/state/chatroom/logs/anna@127.0.0.1:$HUB_PORT"
run_batch writer writer "/create dev" "said before anna came" \
    "also before"
[ "$BATCH_RC" = 0 ] || fail "setup: $(cat "$T/writer.err")"
run_batch writer writer "/create quiet" "old words in quiet"
[ "$BATCH_RC" = 0 ] || fail "setup: $(cat "$T/writer.err")"

tui_start anna anna
tui_wait anna "you joined #lobby"
tui_type anna "/join dev"
tui_keys anna Enter
tui_wait anna "you joined #dev"
tui_wait anna "also before"
# A room where anna never speaks: its log holds events only.
tui_type anna "/join quiet"
tui_keys anna Enter
tui_wait anna "old words in quiet"
tui_type anna "/join dev"
tui_keys anna Enter
tui_wait anna "you joined #quiet"
wait_until 10 grep -qF "you joined #quiet" "$logs/#quiet.log" ||
    fail "the join of #quiet is not logged"
tui_type anna "anna is here now"
tui_keys anna Enter
wait_until 10 grep -qF "<anna> anna is here now" "$logs/#dev.log" ||
    fail "a live line is not logged: $(cat "$logs/#dev.log" 2>&1)"
grep -qF "you joined #dev" "$logs/#dev.log" ||
    fail "the join is not logged: $(cat "$logs/#dev.log")"
grep -qF "before" "$logs/#dev.log" &&
    fail "the first join logged the replay: $(cat "$logs/#dev.log")"
ok "the replay of a first join is shown, not logged"

# Down, then back: what came meanwhile is logged, once.
kill -9 "$(tui_pid anna)"
tui_wait anna "CLIENT EXITED"
run_batch writer writer "/join dev" "said while anna was down"
# The log's times are local seconds: a later one than its last line.
sleep 1.1
run_batch writer writer "/join quiet" "new words in quiet"
tui_start anna2 anna
tui_wait anna2 "said while anna was down" 20
wait_until 10 grep -qF "said while anna was down" "$logs/#dev.log" ||
    fail "a line that came while down is not logged"
[ "$(count_in "$logs/#dev.log" "anna is here now")" = 1 ] ||
    fail "a line logged twice: $(cat "$logs/#dev.log")"
grep -qF "before" "$logs/#dev.log" &&
    fail "the restart logged the first replay: $(cat "$logs/#dev.log")"
ok "lines that came while the client was down are logged once"

# The same in a room whose log had only events: what was said before
# anna's first join stays out of it (walk69 F2).
wait_until 10 grep -qF "new words in quiet" "$logs/#quiet.log" ||
    fail "a line that came while down is not logged in #quiet: $(cat \
    "$logs/#quiet.log")"
grep -qF "old words" "$logs/#quiet.log" &&
    fail "the restart logged what came before the first join: $(cat \
    "$logs/#quiet.log")"
ok "a log of events only does not take the replay from before it began"
exit 0
