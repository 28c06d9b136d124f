#!/bin/bash
# SPDX-License-Identifier: ISC
# A stop asked for again and again (a service manager's TERM, then an
# impatient admin's Ctrl-C and more TERMs) ends the hub the way one
# does: the history saved, exit status 0, not killed by a signal half way
# through its last steps.
. "$top_srcdir/tests/lib.sh"

# Signal PID with SIG every few milliseconds until it is gone.
storm() {
	local pid=$1 sig=$2
	while kill -"$sig" "$pid" 2>/dev/null; do
		sleep 0.001
	done
}

for round in 1 2 3 4 5; do
	start_hub
	client_start a "alice$round"
	client_start b "bob$round"
	wait_for "$T/a.out" "you joined #lobby"
	wait_for "$T/b.out" "you joined #lobby"
	for i in $(seq 1 50); do
		client_say a "line $i of round $round"
	done
	wait_for "$T/b.out" "line 50 of round $round"
	storm "$HUB_PID" TERM &
	storm_pid=$!
	wait "$HUB_PID" 2>/dev/null
	HUB_RC=$?
	wait "$storm_pid" 2>/dev/null
	[ "$HUB_RC" = 0 ] ||
	    fail "round $round: the hub ended with status $HUB_RC"
	[ "$(count_in "$HUB_LOG" "final stats")" -eq "$round" ] ||
	    fail "round $round: the hub did not get to its last words"
	kill "${CLIENT_PID[a]}" "${CLIENT_PID[b]}" 2>/dev/null
	wait "${CLIENT_PID[a]}" "${CLIENT_PID[b]}" 2>/dev/null
done
ok "a hub sent TERM after TERM stops cleanly, exit status 0"
exit 0
