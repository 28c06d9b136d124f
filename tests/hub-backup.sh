#!/bin/bash
# SPDX-License-Identifier: ISC
# SIGUSR1 writes a backup beside the history file: everything the hub
# holds, the journals folded in, written safely; a hub started on a copy
# of it has every message.  A backup that cannot be written is logged and
# the hub goes on.
. "$top_srcdir/tests/lib.sh"

# A long flush interval: the messages stay in the journal, not yet in
# the history file, as on a busy hub between folds.
start_hub --flush-interval 3600
run_batch a1 alice "first kept" "second kept" "third kept"
[ "$BATCH_RC" = 0 ] || fail "alice: $(cat "$T/a1.err")"
grep -q "third kept" "$T/history.json" 2>/dev/null &&
    fail "the history file has the messages already: nothing to prove"
grep -q "third kept" "$T"/history.json.journal.* ||
    fail "the messages are not in the journal"

kill -USR1 "$HUB_PID"
wait_for "$HUB_LOG" "backup written to $T/history.json.backup" ||
    fail "no backup: $(tail -3 "$HUB_LOG")"
for w in first second third; do
	grep -q "$w kept" "$T/history.json.backup" ||
	    fail "the backup lacks \"$w kept\""
done
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' \
    "$T/history.json.backup" || fail "the backup is not JSON"
ls "$T"/history.json.backup.* >/dev/null 2>&1 && fail "temporary file left"
kill -0 "$HUB_PID" || fail "the hub stopped"
ok "SIGUSR1 writes the whole history, journals included, to NAME.backup"

# A restore: a hub started on a copy of the backup alone replays them.
mkdir "$T/restore"
cp "$T/history.json.backup" "$T/restore/history.json"
run_batch a2 alice "after the backup"
MAIN_PID=$HUB_PID MAIN_LOG=$HUB_LOG MAIN_PORT=$HUB_PORT
HUB_NAME=restored HUB_HISTORY=$T/restore/history.json start_hub
run_batch b1 bob "/names"
grep -q "<alice> third kept" "$T/b1.out" ||
    fail "the restored hub lacks the messages: $(cat "$T/b1.out")"
grep -q "after the backup" "$T/b1.out" &&
    fail "the restored hub has a message newer than the backup"
stop_hub TERM
ok "a hub started on the backup has every message it held"

# Another backup overwrites the first, atomically, with the newer message.
HUB_PID=$MAIN_PID HUB_LOG=$MAIN_LOG HUB_PORT=$MAIN_PORT
kill -USR1 "$HUB_PID"
wait_until 10 grep -q "after the backup" "$T/history.json.backup" ||
    fail "the second backup lacks the newer message"
ok "a second SIGUSR1 replaces the backup"

# A backup that cannot be written: logged, and the hub goes on.
rm -f "$T/history.json.backup"
mkdir "$T/history.json.backup"
kill -USR1 "$HUB_PID"
wait_for "$HUB_LOG" "backup not written to $T/history.json.backup" ||
    fail "no failure logged: $(tail -3 "$HUB_LOG")"
run_batch a3 alice "still here"
[ "$BATCH_RC" = 0 ] || fail "the hub stopped serving after a failed backup"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exited $HUB_RC"
grep -q "still here" "$T/history.json" || fail "history not saved at stop"
ok "a backup that cannot be written is logged and the hub goes on"
