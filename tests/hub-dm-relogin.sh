#!/bin/bash
# SPDX-License-Identifier: ISC
# A DM passed to a connection that was then lost unread (a client frozen
# until the ping timeout), whose session then ended without a resume, is
# kept for the session's key: delivered, once, when that key logs in
# again, and its sender is not told it may not have been delivered.  A
# hub restart keeps it.  (A session without a key has nothing kept: its
# sender is told, as tests/hub-dm-unsure.sh shows.)
. "$top_srcdir/tests/lib.sh"

PING=4
WINDOW=4
hub() {
	start_hub --ping-timeout $PING --resume-timeout $WINDOW \
	    --flush-interval 1 "$@"
}

# A stopped client must be continued before the clean-up kills it.
relogin_cleanup() {
	local rc=$?
	[ -n "${CLIENT_PID[alice]:-}" ] &&
	    kill -CONT "${CLIENT_PID[alice]}" 2>/dev/null
	(exit "$rc")
	cleanup
}
trap relogin_cleanup EXIT

hub
client_start bob bob
client_start alice alice
wait_for "$T/bob.out" "you joined #lobby"
wait_for "$T/alice.out" "you joined #lobby"

# alice freezes; bob's DM is passed to her connection, never read.
kill -STOP "${CLIENT_PID[alice]}"
client_say bob "/msg alice written while frozen"
wait_until 10 grep -q "written while frozen" "$T/bob.out" ||
    fail "bob's DM did not go"
wait_until 60 grep -q "alice: resume window expired" "$HUB_LOG" ||
    fail "alice's session did not end"
kill -9 "${CLIENT_PID[alice]}"
wait "${CLIENT_PID[alice]}" 2>/dev/null
unset 'CLIENT_PID[alice]'

sleep 1
cat "$T/bob.out" "$T/bob.err" | grep -q "may not have been delivered" &&
    fail "bob was told it may not have been delivered"

# Kept across a restart of the hub too (bob's batch client ends there).
wait_until 20 grep -q '"dm_boxes"' "$T/history.json" ||
    fail "the history file does not keep it"
stop_hub TERM
client_stop bob
FORCE_PORT=$HUB_PORT hub
client_start bob2 bob
wait_for "$T/bob2.out" "connected to"

# The same key logs in again: the DM comes, once.
client_start alice2 alice
wait_for "$T/alice2.out" "you joined #lobby"
wait_until 10 grep -q "written while frozen" "$T/alice2.out" ||
    fail "the DM was not delivered on the next login: $(cat "$T/alice2.out")"
[ "$(grep -c "written while frozen" "$T/alice2.out")" -eq 1 ] ||
    fail "delivered more than once"
cat "$T/bob2.out" "$T/bob2.err" | grep -q "may not have been delivered" &&
    fail "bob was told it may not have been delivered"
ok "a DM lost unread with its connection is delivered at the key's next login"

client_stop alice2
client_start alice3 alice
wait_for "$T/alice3.out" "you joined #lobby"
sleep 1
grep -q "written while frozen" "$T/alice3.out" && fail "delivered again"
ok "it is delivered only once"
client_stop alice3
client_stop bob2
exit 0
