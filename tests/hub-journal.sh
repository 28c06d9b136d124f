#!/bin/bash
# SPDX-License-Identifier: ISC
# The journal under load (issue 19, items 7 and 8): with both CPUs kept
# busy and a big history, kill -9 the hub while a client sends at a steady
# rate.  Nothing acknowledged may be lost (the hub writes a message to
# the journal before it acknowledges it), and after the restart
# ids go on above every id acknowledged before the kill: a client resuming
# with the highest id it saw gets the new messages.
. "$top_srcdir/tests/lib.sh"

rounds=${JOURNAL_ROUNDS:-1}

# A damaged journal stops the hub with an error naming it and the byte,
# and leaves it untouched; a torn last record (a write cut by a crash) is
# ignored.
mkdir "$T/bad"
printf '{"version":1,"next_id":1,"journal":3,"rooms":[]}\n' >"$T/bad/h.json"
printf '%s\n%s\n%s\n' \
    '{"t":"msg","room":"lobby","id":1,"ts":1,"nick":"a","text":"one"}' \
    '{"t":"msg","room":"lobby","id":2,"ts":1,"ni' \
    '{"t":"msg","room":"lobby","id":3,"ts":1,"nick":"a","text":"three"}' \
    >"$T/bad/h.json.journal.3"
cp "$T/bad/h.json.journal.3" "$T/bad/copy"
"$CHATROOM" --serve --insecure --listen 127.0.0.1:0 \
    --history "$T/bad/h.json" >"$T/refused.txt" 2>&1
rc=$?
[ "$rc" = 1 ] || fail "a damaged journal: exit status $rc, not 1"
grep -qF "h.json.journal.3: damaged record at byte 65 (not a JSON record)" "$T/refused.txt" ||
    fail "a damaged journal: $(cat "$T/refused.txt")"
cmp -s "$T/bad/copy" "$T/bad/h.json.journal.3" ||
    fail "the damaged journal was changed"
mkdir "$T/bad/h.json.journal.4"
head -n 1 "$T/bad/copy" >"$T/bad/h.json.journal.3"
"$CHATROOM" --serve --insecure --listen 127.0.0.1:0 \
    --history "$T/bad/h.json" >"$T/refused.txt" 2>&1
grep -qF "h.json.journal.4: the journal must be a regular file" \
    "$T/refused.txt" || fail "a journal that is a directory: $(cat "$T/refused.txt")"
rmdir "$T/bad/h.json.journal.4"
printf '{"t":"msg","room":"lobby","id":2,"ts":1,"nick":"a","te' \
    >>"$T/bad/h.json.journal.3"
start_hub --history "$T/bad/h.json"
grep -qF "ignored a torn last record" "$HUB_LOG" ||
    fail "the torn record is not reported"
run_batch torn reader "/quit"
grep -qF "<a> one" "$T/torn.out" || fail "the journal was not replayed"
stop_hub
[ "$HUB_RC" = 0 ] || fail "exit status $HUB_RC after a torn journal"
ok "a damaged journal is refused by name; a torn last record is ignored"

# A full disk (here a file size limit set on the running hub): the hub
# says the journal is not written, goes on serving, keeps the changes in
# memory, and writes them once there is space again: a crash after that
# loses nothing.  Its log goes through a pipe, which the limit spares.
HUB_PORT=$(pick_port)
(
	close_client_fds
	trap '' XFSZ	# writes past the limit fail with EFBIG instead
	exec "$CHATROOM" --serve --insecure --listen "127.0.0.1:$HUB_PORT" \
	    --history "$T/full.json" 2>&1
) | cat >"$T/full.log" &
PIDS="$PIDS $!"
wait_for "$T/full.log" "hub ready"
HUB_PID=$(pgrep -f -- "--listen 127.0.0.1:$HUB_PORT --history $T/full.json")
[ -n "$HUB_PID" ] || fail "no hub for the full disk"
PIDS="$PIDS $HUB_PID"
raw_open f
raw_send f '{"type":"hello","version":1,"nick":"filler"}'
raw_expect f '"type":"welcome"'
prlimit --pid "$HUB_PID" --fsize=1: || fail "prlimit failed"
for i in $(seq 1 20); do
	raw_send f "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"full-$i\",\"seq\":$i}"
	raw_expect f "\"type\":\"ack\",\"seq\":$i,"
done
wait_for "$T/full.log" "not written: File too large; "
grep -q "wait in memory (at most [0-9]*, then new messages are refused)" \
    "$T/full.log" || fail "the journal error does not say what happens"
prlimit --pid "$HUB_PID" --fsize=unlimited: || fail "prlimit failed"
wait_for "$T/full.log" "written again"
kill -9 "$HUB_PID"
wait "$HUB_PID" 2>/dev/null
exec {RAW_FD[f]}>&-
start_hub --history "$T/full.json"
stop_hub
for i in $(seq 1 20); do
	grep -qF "\"text\":\"full-$i\"" "$T/full.json" ||
	    fail "full-$i was lost after the disk was full"
done
ok "a full disk is reported, and once there is space nothing is lost"

# A history of 8,000 messages of 900 bytes (7 MB): each snapshot of it is
# a long write, which used to leave acknowledged messages unsaved.
awk -v n=8000 'BEGIN {
	pad = sprintf("%0900d", 0)
	printf "{\"version\":1,\"next_id\":%d,\"rooms\":[{\"name\":\"lobby\",", n + 1
	printf "\"topic\":\"\",\"created\":1,\"messages\":["
	for (i = 1; i <= n; i++)
		printf "%s{\"id\":%d,\"ts\":1,\"nick\":\"old\",\"text\":\"%s\"}",
		    (i > 1 ? "," : ""), i, pad
	printf "]}]}\n"
}' >"$T/history.json"

hub_opts="--flood-rate 0 --flush-interval 1 --history-size 30000
    --history-bytes 1073741824 --room-history-bytes 1073741824"
total_acked=0
for round in $(seq 1 "$rounds"); do
	# shellcheck disable=SC2086
	start_hub $hub_opts
	# Two busy loops while the client sends: the hub shares the two CPUs
	# with them (only that long: other tests may run meanwhile).
	busy=
	for i in 1 2; do
		yes >/dev/null &
		busy="$busy $!"
	done
	PIDS="$PIDS $busy"
	# Send one message every 10 ms, noting when each is acknowledged and
	# its id, and kill the hub somewhere between 2.5 and 3.5 seconds in.
	hub_kill_under_load "$round" 0.01 2.5
	token=$(sed 's/.*"token":"\([0-9a-f]*\)".*/\1/' <<<"$RAW_LINE")
	# shellcheck disable=SC2086
	kill $busy
	wait $busy 2>/dev/null
	[ -s "$T/acked" ] || fail "round $round: nothing was acknowledged"
	maxid=$(awk '{ if ($3 > m) m = $3 } END { print m }' "$T/acked")

	# Item 8: after the restart the next id is above every id
	# acknowledged before the kill, and a client that resumes with the
	# highest id it saw gets what is said next.
	# shellcheck disable=SC2086
	start_hub $hub_opts
	raw_open n
	raw_send n "{\"type\":\"hello\",\"version\":1,\"nick\":\"n$round\"}"
	raw_expect n '"type":"welcome"'
	raw_send n "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"after$round\",\"seq\":1}"
	raw_expect n '"type":"ack"'
	newid=${RAW_LINE##*\"id\":}
	newid=${newid%%[!0-9]*}
	[ "$newid" -gt "$maxid" ] ||
	    fail "round $round: id $newid given again (acknowledged up to $maxid before the kill)"
	raw_open r
	raw_send r "{\"type\":\"hello\",\"version\":1,\"token\":\"$token\",\"last_id\":$maxid}"
	raw_expect r '"resumed":true'
	raw_expect r "\"text\":\"after$round\"" 5
	raw_expect r '"type":"history_end"'
	raw_send n "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"later$round\",\"seq\":2}"
	raw_expect r "\"text\":\"later$round\"" 5
	exec {RAW_FD[r]}>&- {RAW_FD[n]}>&-
	stop_hub
	[ "$HUB_RC" = 0 ] || fail "round $round: the hub exit status $HUB_RC"

	# Item 7: every acknowledged message is in the history (the clean
	# stop folded the journals in).
	ls "$T"/history.json.journal.* >/dev/null 2>&1 &&
	    fail "round $round: a journal is left after a clean stop: $(ls "$T")"
	while read -r when text id; do
		grep -q "\"text\":\"$text\"" "$T/history.json" ||
		    fail "round $round: $text (id $id) acknowledged $(( KILLED_AT - when )) ms before the kill, lost"
	done <"$T/acked"
	n=$(wc -l <"$T/acked")
	total_acked=$(( total_acked + n ))
	echo "round $round: $n acknowledged (ids up to $maxid), none lost; next id $newid"
done
echo "in all: $total_acked acknowledged, none lost"
ok "kill -9 under load: nothing acknowledged before the kill was lost"
ok "ids go on above the acknowledged ones after kill -9; a resumed client gets new messages"
exit 0
