#!/bin/bash
# SPDX-License-Identifier: ISC
# Rooms' rings grow on demand: a hub that loads 3,000 rooms of two
# messages each with --history-size 10000 stays small (each ring used to
# come with 10,000 slots, 240 MB for these rooms, twice while loading:
# 400 MB more than an empty hub), and history still works: messages
# kept, replayed on join in order, saved and loaded again across a
# restart.
. "$top_srcdir/tests/lib.sh"

rooms=3000
size=10000
# KiB the rooms may add to an empty hub's RSS: their messages, names and
# arrays take a few MB (more under AddressSanitizer).
bound=65536
sent=40		# messages sent to one room: its array grows 8, 16, 32, 64

# Under AddressSanitizer freed memory waits in a quarantine: not here.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$HUB_PID/status"; }

# Valgrind's RSS is its own: the bound is checked in the runs without it.
check_rss() {
	local rss
	rss=$(rss_kb)
	echo "RSS $rss KiB $1 (an empty hub: $base KiB)"
	[ -n "${CHATROOM_VALGRIND:-}" ] && return 0
	[ $(( rss - base )) -le "$bound" ] ||
	    fail "RSS $rss KiB $1: $(( rss - base )) KiB over an empty hub's"
}

# The texts of messages a client saw in a room (replayed: marked with a
# "~"), one a line, in order: texts NAME ROOM.
texts() {
	sed -n "s/^~\{0,1\}\[[0-9:]*\] #$2 <[a-z]*> //p" "$T/$1.out"
}

# A history file of rooms r1 .. r$rooms, two messages each, all recent
# (rooms quiet for a week expire).
now=$(now_ms)
awk -v n="$rooms" -v now="$now" 'BEGIN {
	printf "{\"version\":1,\"next_id\":%d,\"saved\":%s,\"rooms\":[",
	    2 * n + 1, now
	for (i = 1; i <= n; i++) {
		printf "%s{\"name\":\"r%d\",\"topic\":\"\",\"created\":%s,",
		    (i > 1 ? "," : ""), i, now
		printf "\"messages\":["
		printf "{\"id\":%d,\"ts\":%s,\"nick\":\"gen\",\"text\":\"r%d first\"},",
		    2 * i - 1, now, i
		printf "{\"id\":%d,\"ts\":%s,\"nick\":\"gen\",\"text\":\"r%d second\"}]}",
		    2 * i, now, i
	}
	printf "]}\n"
}' >"$T/history.json"

# An empty hub with the same options, for the baseline.
start_hub --history-size "$size" --history "$T/empty.json"
base=$(rss_kb)
stop_hub

start_hub --history-size "$size" --replay 100 --flood-rate 0
check_rss "with $rooms rooms loaded"
run_batch j1 alice "/join r2999"
printf '%s\n' "r2999 first" "r2999 second" >"$T/want1"
texts j1 r2999 | diff -u "$T/want1" - >&2 ||
    fail "r2999 replayed other messages"
ok "$rooms rooms of --history-size $size load without their full arrays"

# One room takes $sent more: its array grows while it fills.
lines=("/join r7")
for i in $(seq 1 "$sent"); do
	lines+=("n$i")
done
run_batch s1 alice "${lines[@]}"
[ "$BATCH_RC" = 0 ] || fail "alice could not send"
{
	printf '%s\n' "r7 first" "r7 second"
	seq 1 "$sent" | sed 's/^/n/'
} >"$T/want7"
run_batch b1 bob "/join r7"
texts b1 r7 | diff -u "$T/want7" - >&2 ||
    fail "r7 replayed out of order or incomplete"
check_rss "after $sent messages in r7"
ok "a room keeps what it was sent, replayed in order on join"

# Saved in order at a clean stop, and loaded in order again.
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
grep -o '"text":"n[0-9]*"' "$T/history.json" |
    sed 's/"text":"\(.*\)"/\1/' | diff -u <(seq 1 "$sent" | sed 's/^/n/') - \
    >&2 || fail "r7's messages were not saved in order"
grep -q '"text":"r1 first"' "$T/history.json" &&
    grep -q "\"text\":\"r$rooms second\"" "$T/history.json" ||
    fail "the loaded rooms' messages were not saved"
start_hub --history-size "$size" --replay 100
check_rss "after a restart"
run_batch c1 carol "/join r7"
texts c1 r7 | diff -u "$T/want7" - >&2 ||
    fail "r7 replayed out of order after a restart"
run_batch c2 carol "/join r1"
printf '%s\n' "r1 first" "r1 second" >"$T/want1"
texts c2 r1 | diff -u "$T/want1" - >&2 || fail "r1 lost its messages"
ok "history is saved and loaded again in order across a restart"
exit 0
