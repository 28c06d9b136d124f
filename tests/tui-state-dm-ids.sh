#!/bin/bash
# SPDX-License-Identifier: ISC
# A burst of DMs larger than a conversation log writes at once, logged
# as it comes; the client killed just after, then started again, takes
# its session over: the hub sends the DMs again (passed just before the
# loss), and the client, having kept their ids with their lines
# (dm_windows), logs each once.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# The hub sends again the DMs passed in the last 1.5 ping timeouts.
start_hub --ping-timeout 12 --resume-timeout 120
env="XDG_STATE_HOME=$T/state/dave XDG_CONFIG_HOME=$T/cfg"
log="$T/state/dave/chatroom/logs/dave@127.0.0.1:$HUB_PORT/@bob.log"

tui_start one dave 100 30 "$env"
tui_wait one "you joined #lobby"
run_batch bob bob "/msg dave the first line"
[ "$BATCH_RC" = 0 ] || fail "bob could not send: $(cat "$T/bob.err")"
wait_until 10 grep -qF "the first line" "$log" || fail "no log: $(ls -R "$T/state")"

# A burst of long DMs (more than the 64 KiB a log writes at once) is
# logged as it comes; the client is killed as soon as the log has it.
pid=$(tui_pid one)
[ -n "$pid" ] || fail "no client pid"
long=$(printf '€%.0s' $(seq 3000))
set --
for i in 1 2 3 4 5 6 7 8 9 10; do
	set -- "$@" "/msg dave burst$i $long"
done
n=$(count_in "$HUB_LOG" "disconnected")
run_batch bob bob "$@"
[ "$BATCH_RC" = 0 ] || fail "bob could not send: $(cat "$T/bob.err")"
logged() {
	grep -q "burst1 " "$log"
}
wait_until 10 logged || fail "the burst was not logged"
kill -9 "$pid"
more_gone() {
	[ "$(count_in "$HUB_LOG" "disconnected")" -gt "$n" ]
}
wait_until 10 more_gone || fail "the hub did not see the client go"

tui_start two dave 100 30 "$env"
tui_wait two "connected as dave"
wait_until 20 grep -q "sent again on a takeover" "$HUB_LOG" ||
    fail "the hub did not send the DM again on the takeover"
tui_settle two
tui_type two "/quit"
tui_keys two Enter
tui_wait two "CLIENT EXITED rc=0"
for i in 1 2 3 4 5 6 7 8 9 10; do
	[ "$(grep -c "burst$i " "$log")" -le 1 ] ||
	    fail "burst$i is logged twice: $(grep -o "burst[0-9]* " "$log")"
done
ok "DMs logged just before a kill show and are logged once"
exit 0
