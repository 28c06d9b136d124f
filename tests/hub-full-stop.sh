#!/bin/bash
# SPDX-License-Identifier: ISC
# A hub stopped while its disk is full (a small tmpfs; root only): the
# last save fails, and the messages the journal could not take wait in
# memory.  The hub tries the journal again for a while before it exits:
# given room meanwhile, it keeps them; otherwise the log names exactly
# what is lost (the messages no journal took, by id, and the topic set
# meanwhile), not everything since the last save, which the journals keep
# and the next start replays.
. "$top_srcdir/tests/lib.sh"

small_disk

big=$(printf "%03900d" 0)
# No periodic save: the journals alone hold what came after the start.
opts="--history $M/history.json --history-bytes 1048576 --flood-rate 0
    --flush-interval 3600 --resume-timeout 0"
seq=0
login() {
	raw_open w
	raw_send w '{"type":"hello","version":1,"nick":"writer"}'
	raw_expect w '"type":"welcome"'
	raw_expect w '"type":"history_end"'
}
# Send a message and wait for its ack; its id in ID.
say() {
	local line
	seq=$(( seq + 1 ))
	raw_send w "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"$1 $big\",\"seq\":$seq}"
	while IFS= read -r -t 10 line <&"${RAW_FD[w]}"; do
		case "$line" in
		*"\"type\":\"ack\",\"seq\":$seq,"*)
			ID=$(printf '%s\n' "$line" | sed 's/.*"id":\([0-9]*\).*/\1/')
			return 0 ;;
		*"\"type\":\"error\""*"\"seq\":$seq"[,}]*)
			fail "$1 refused: $line" ;;
		esac
	done
	fail "no answer to $1"
}
fill() {
	dd if=/dev/zero of="$M/fill" bs=4k 2>/dev/null
	df -k "$M" | tail -n 1
}

# 1. Nothing frees room: what the journal could not take is lost, and
# only that is counted.
# shellcheck disable=SC2086
start_hub $opts
login
for i in 1 2 3; do
	say "kept-$i"
done
fill
for i in 1 2 3 4 5; do
	say "held-$i"
	[ "$i" = 1 ] && first=$ID
done
last=$ID
seq=$(( seq + 1 ))
raw_send w "{\"type\":\"topic\",\"seq\":$seq,\"room\":\"lobby\",\"text\":\"held topic\"}"
raw_expect w '"type":"topic_changed"'
grep -q "journal .* not written: No space left on device" "$HUB_LOG" ||
    fail "the journal did not fail on the full disk"
stop_hub TERM
[ "$HUB_RC" = 1 ] || fail "exit status $HUB_RC after a failed last save, not 1"
grep "NOT saved at shutdown" "$HUB_LOG"
grep -q "NOT saved at shutdown: .*trying it again for 10 seconds" "$HUB_LOG" ||
    fail "the hub does not say it tries the journal again"
grep -q "NOT saved at shutdown: .*; lost: 5 messages (ids $first to $last), the topics set.*, which no journal could take" \
    "$HUB_LOG" || fail "the loss is not counted from the first held message ($first to $last)"
rm -f "$M/fill"
exec {RAW_FD[w]}>&-
# shellcheck disable=SC2086
start_hub $opts
stop_hub
[ "$HUB_RC" = 0 ] || fail "exit status $HUB_RC after the restart"
for i in 1 2 3; do
	grep -qF "\"text\":\"kept-$i " "$M/history.json" ||
	    fail "kept-$i, in the journal, was lost"
done
grep -qF '"text":"held-' "$M/history.json" &&
    fail "a message logged as lost is there"

# 2. Room is made while the hub tries again: nothing is lost.
# shellcheck disable=SC2086
start_hub $opts
login
say "kept-4"
fill
for i in 6 7 8; do
	say "held-$i"
done
grep -q "journal .* not written: No space left on device" "$HUB_LOG" ||
    fail "the journal did not fail on the full disk (2)"
# The log holds the first stop's line too: wait for a second one.
tries() {
	[ "$(grep -c "NOT saved at shutdown: .*trying it again" "$HUB_LOG")" = 2 ]
}
kill -TERM "$HUB_PID"
wait_until 20 tries || fail "no second try announced"
rm -f "$M/fill"
wait "$HUB_PID" 2>/dev/null
HUB_RC=$?
tail -n 4 "$HUB_LOG"
grep -q "written at shutdown: what waited in memory is kept" "$HUB_LOG" ||
    fail "the journal was not written again during the stop"
grep -q "NOT saved at shutdown: .*nothing is lost" "$HUB_LOG" ||
    fail "the stop does not say that nothing is lost"
exec {RAW_FD[w]}>&-
# shellcheck disable=SC2086
start_hub $opts
stop_hub
grep -qF '"text":"kept-4 ' "$M/history.json" || fail "kept-4 lost"
for i in 6 7 8; do
	grep -qF "\"text\":\"held-$i " "$M/history.json" ||
	    fail "held-$i was written during the stop, then lost"
done
ok "a stop on a full disk: counts only what no journal took, keeps what room made late allows"
exit 0
