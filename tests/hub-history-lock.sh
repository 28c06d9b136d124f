#!/bin/bash
# SPDX-License-Identifier: ISC
# The history lock file: a hub that refuses to start or stops removes the
# lock it made; a lock a running hub holds is never removed.
. "$top_srcdir/tests/lib.sh"

# Start a hub on history file $2 that must stop at once: its output in
# $T/$1.log, its exit status in RC.  Further arguments go to the hub.
hub_refused() {
	local name=$1 hist=$2 pid
	shift 2
	"$CHATROOM" --serve $INSECURE --history "$hist" "$@" \
	    >"$T/$name.log" 2>&1 &
	pid=$!
	PIDS="$PIDS $pid"
	wait_until 10 bash -c "! kill -0 $pid" || fail "$name: hub kept running"
	wait "$pid"
	RC=$?
}

# A corrupt history file: refused, and no lock file left beside it.
printf '{"version":1,"rooms":[' >"$T/bad.json"
hub_refused corrupt "$T/bad.json" --listen "127.0.0.1:$(pick_port)"
[ "$RC" -ne 0 ] || fail "hub exited 0 on a corrupt file"
grep -q "$T/bad.json" "$T/corrupt.log" || fail "file not named"
[ -e "$T/bad.json.lock" ] && fail "a refused start left bad.json.lock"
ok "a corrupt history file leaves no lock file"

# A start refused later, at the listening address taken by a running hub.
start_hub
hub_refused busy "$T/other.json" --listen "127.0.0.1:$HUB_PORT"
[ "$RC" -ne 0 ] || fail "hub exited 0 on a busy port"
grep -q "in use" "$T/busy.log" || fail "busy: $(cat "$T/busy.log")"
[ -e "$T/other.json.lock" ] && fail "a refused start left other.json.lock"
ok "a start refused at the listening address leaves no lock file"

# A second hub on the running hub's history file leaves that hub's lock
# alone: a third hub is still refused, with the first hub's process ID.
hub_refused second "$T/history.json" --listen "127.0.0.1:$(pick_port)"
[ "$RC" -ne 0 ] || fail "second hub exited 0"
grep -q "in use by another hub (process $HUB_PID)" "$T/second.log" ||
    fail "second: $(cat "$T/second.log")"
[ "$(cat "$T/history.json.lock")" = "$HUB_PID" ] ||
    fail "the running hub's lock file changed or went"
hub_refused third "$T/history.json" --listen "127.0.0.1:$(pick_port)"
grep -q "in use by another hub (process $HUB_PID)" "$T/third.log" ||
    fail "third: $(cat "$T/third.log")"
kill -0 "$HUB_PID" || fail "the first hub died"
ok "a refused second hub leaves the running hub's lock in place"

# A clean stop removes the lock; the next hub makes its own.
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
[ -e "$T/history.json.lock" ] && fail "a clean stop left the lock file"
start_hub
[ "$(cat "$T/history.json.lock")" = "$HUB_PID" ] || fail "no new lock"
stop_hub TERM
ok "a clean stop removes the lock file"
