#!/bin/bash
# SPDX-License-Identifier: ISC
# Crash safety: kill -9 the hub at random moments under message load,
# CRASH_ROUNDS times (200 in CI, fewer in make check).  After every kill
# the history file must load, and every message acknowledged more than one
# flush interval before the kill must be in it.
. "$top_srcdir/tests/lib.sh"

rounds=${CRASH_ROUNDS:-10}
flush_ms=1000
margin_ms=250		# the write itself, after the flush tick

for round in $(seq 1 "$rounds"); do
	start_hub --flood-rate 0 --flush-interval 1 \
	    --history-size 5000 --resume-timeout 0
	# Kill somewhere between 1.5 and 2.5 seconds in.
	hub_kill_under_load "$round" 0.005 1.5

	# The file parses: the hub loads it (a corrupt file stops it).
	"$CHATROOM" --serve --insecure --listen 127.0.0.1:0 \
	    --history "$T/history.json" --replay 0 >"$T/check.log" 2>&1 &
	checker=$!
	wait_until 10 grep -q "hub ready" "$T/check.log" ||
	    fail "round $round: history did not load: $(cat "$T/check.log")"
	kill -TERM "$checker"
	wait "$checker"
	# A kill during a write leaves a temporary file: the next start
	# removes it.
	ls "$T"/history.json.tmp.* >/dev/null 2>&1 &&
	    fail "round $round: a temporary file was not cleaned up"

	cutoff=$(( KILLED_AT - flush_ms - margin_ms ))
	n=0
	while read -r when text _; do
		[ "$when" -lt "$cutoff" ] || continue
		n=$(( n + 1 ))
		grep -q "\"text\":\"$text\"" "$T/history.json" ||
		    fail "round $round: $text acknowledged at $when, killed at $KILLED_AT, lost"
	done <"$T/acked"
	echo "round $round: $(wc -l <"$T/acked") acknowledged, $n old enough to check"
done
ok "$rounds kill -9 rounds: the file always loads; nothing old enough was lost"
exit 0
