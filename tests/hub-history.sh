#!/bin/bash
# SPDX-License-Identifier: ISC
# History: replay on join, survival of SIGTERM and kill -9, and a corrupt
# file that stops the hub and is left untouched.
. "$top_srcdir/tests/lib.sh"

start_hub --replay 3
run_batch a1 alice "one" "two" "three" "four"
[ "$BATCH_RC" = 0 ] || fail "alice"
run_batch b1 bob "/names"
grep -q "<alice> one" "$T/b1.out" && fail "replayed more than --replay"
grep -q "<alice> two" "$T/b1.out" || fail "no replay"
grep -q "<alice> four" "$T/b1.out" || fail "replay misses the newest"
grep -A3 -F "<alice> two" "$T/b1.out" | grep -q -- "-- end of history" ||
    fail "no history marker after the replay"
ok "join replays the last --replay messages, then a marker"

# A clean stop saves; a restart replays from the file with rising ids.
BATCH_OPTS=--json run_batch j1 alice "keep me"
id1=$(grep '"text":"keep me"' "$T/j1.out" | sed 's/.*"id":\([0-9]*\).*/\1/')
[ -n "$id1" ] || fail "no id in --json output"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
grep -q "keep me" "$T/history.json" || fail "not saved at SIGTERM"
start_hub
BATCH_OPTS=--json run_batch j2 bob "after restart"
grep -q '"text":"keep me"' "$T/j2.out" || fail "history lost in restart"
id2=$(grep '"text":"after restart"' "$T/j2.out" |
    sed 's/.*"id":\([0-9]*\).*/\1/')
[ "$id2" -gt "$id1" ] || fail "ids went backwards ($id1 then $id2)"
ok "history survives SIGTERM and a restart; ids keep rising"

# kill -9: what was acknowledged, once the hub saved it, is on disk.
run_batch k1 alice "before the crash"
wait_saved "before the crash"
stop_hub KILL
: >"$T/history.json.tmp.AbC123"	# as if killed in the middle of a write
start_hub
ls "$T"/history.json.tmp.* >/dev/null 2>&1 && fail "temporary file left"
run_batch k2 bob "/names"
grep -q "<alice> before the crash" "$T/k2.out" || fail "lost after kill -9"
ok "after kill -9 at most the last flush interval is lost"
stop_hub TERM

# Start a hub on $T/history.json that must stop at once: its output in
# $T/$1.log, its exit status in RC.
hub_refused() {
	local pid
	"$CHATROOM" --serve $INSECURE --listen "127.0.0.1:$(pick_port)" \
	    --history "$T/history.json" >"$T/$1.log" 2>&1 &
	pid=$!
	PIDS="$PIDS $pid"
	wait_until 10 bash -c "! kill -0 $pid" || fail "$1: hub kept running"
	wait "$pid"
	RC=$?
}

# A corrupt file stops the hub, names the file and is not touched: one
# without a checksum, as an older hub wrote it (one with a checksum that
# does not match is hub-history-damaged.sh's).
cp "$T/history.json" "$T/good.json"
history_unseal "$T/good.json"
head -c 150 "$T/good.json" >"$T/history.json"
cp "$T/history.json" "$T/corrupt.json"
hub_refused corrupt
[ "$RC" -ne 0 ] || fail "hub exited 0 on a corrupt file"
grep -q "$T/history.json" "$T/corrupt.log" || fail "file not named"
grep -q "byte" "$T/corrupt.log" || fail "no byte offset"
cmp -s "$T/history.json" "$T/corrupt.json" || fail "corrupt file changed"
ok "a corrupt history file stops the hub and is left byte-for-byte intact"

# An unknown version is refused the same way.
sed 's/"version":1/"version":99/' "$T/good.json" >"$T/history.json"
"$CHATROOM" --serve $INSECURE --listen "127.0.0.1:$(pick_port)" \
    --history "$T/history.json" >"$T/version.log" 2>&1
[ $? -ne 0 ] || fail "unknown version accepted"
grep -q "version 99 (at byte 0), written by a newer chatroom" \
    "$T/version.log" || fail "version message"
ok "an unknown history version is refused"

# A second hub on a history file a running hub has is refused, and the
# first hub keeps running with its history.  (Its own saves rename its
# journals meanwhile, so the file list is not compared.)
cp "$T/good.json" "$T/history.json"
start_hub
run_batch lock1 alice "kept by the first hub"
[ "$BATCH_RC" -eq 0 ] || fail "lock1: rc $BATCH_RC"
hub_refused second
[ "$RC" -ne 0 ] || fail "second hub exited 0"
grep -q "$T/history.json is in use by another hub (process $HUB_PID)" \
    "$T/second.log" || fail "second hub: $(cat "$T/second.log")"
kill -0 "$HUB_PID" || fail "the first hub died"
run_batch lock2 bob "/names"
grep -q "<alice> kept by the first hub" "$T/lock2.out" ||
    fail "the first hub lost its history"
ok "a second hub on the same history file is refused"

# The lock goes with the process: after kill -9 a new hub starts.
stop_hub KILL
start_hub
run_batch lock3 bob "/names"
grep -q "<alice> kept by the first hub" "$T/lock3.out" ||
    fail "history lost after kill -9"
ok "a killed hub leaves no lock behind"
stop_hub TERM
exit 0
