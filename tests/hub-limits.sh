#!/bin/bash
# SPDX-License-Identifier: ISC
# Abuse: flood control holds back, then refuses, then disconnects; the
# per-address limit; a reader that stops reading is cut off; a failed
# history write is retried and loses nothing.
. "$top_srcdir/tests/lib.sh"

start_hub --max-clients-per-ip 4
client_start watcher watcher
wait_for "$T/watcher.out" "you joined #lobby"

# A person pasting a dozen lines: all arrive, in order, no error.
lines=()
for i in $(seq 1 12); do lines+=("paste line $i"); done
run_batch paster paster "${lines[@]}"
[ "$BATCH_RC" = 0 ] || fail "paster"
[ -s "$T/paster.err" ] && fail "pasting a dozen lines gave errors"
wait_for "$T/watcher.out" "<paster> paste line 12"
grep -o "paste line [0-9]*" "$T/watcher.out" | tr -d 'a-z ' | tr '\n' ' ' |
    grep -qx "1 2 3 4 5 6 7 8 9 10 11 12 " || fail "paste out of order"
ok "a pasted dozen lines all arrive in order"

# A burst beyond the limit is held back, then refused, never dropped.
raw_open f
raw_send f '{"type":"hello","version":1,"nick":"flooder"}'
raw_expect f '"type":"welcome"'
burst=
for i in $(seq 1 45); do
	burst+="{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"flood $i\",\"seq\":$i}"$'\n'
done
printf '%s' "$burst" >&"${RAW_FD[f]}"
acks=0 refused=0
while [ $(( acks + refused )) -lt 45 ]; do
	IFS= read -r -t 15 line <&"${RAW_FD[f]}" || fail "flooder: no answer"
	case "$line" in
	*'"type":"ack"'*) acks=$(( acks + 1 )) ;;
	*'"code":"flood"'*) refused=$(( refused + 1 )) ;;
	esac
done
[ "$refused" -gt 0 ] || fail "nothing was refused"
[ "$acks" -ge 30 ] || fail "only $acks delivered"
wait_for "$T/watcher.out" "<flooder> flood $acks"
[ "$(count_in "$T/watcher.out" "<flooder> flood")" -eq "$acks" ] ||
    fail "delivered and acknowledged differ"
ok "a burst: $acks held back and delivered, $refused refused with an error"

# Keep flooding: disconnected.
printf '%s%s%s' "$burst" "$burst" "$burst" >&"${RAW_FD[f]}" 2>/dev/null
raw_closed f 20 || fail "a flooder was not disconnected"
wait_for "$HUB_LOG" "excess flood"
ok "a client that keeps flooding is disconnected"

# The per-address limit (watcher holds one connection).
raw_open l1; raw_open l2; raw_open l3
raw_open l4
raw_expect l4 '"code":"hub_full"'
raw_closed l4 10 || fail "connection over the limit not closed"
exec {RAW_FD[l1]}>&- {RAW_FD[l2]}>&- {RAW_FD[l3]}>&-
ok "per-address connection limit"
client_stop watcher
stop_hub TERM

# A reader that never reads is cut off; the others are served.
start_hub --flood-rate 0 --send-queue 2097152
client_start watcher watcher
wait_for "$T/watcher.out" "you joined #lobby"
raw_open slow
raw_send slow '{"type":"hello","version":1,"nick":"sleepy"}'
wait_for "$T/watcher.out" "sleepy joined"
big=$(head -c 3900 /dev/zero | tr '\0' 'z')
client_start talker talker
wait_for "$T/talker.out" "you joined #lobby"
# Chunks paced by the watcher, so only the sleeper falls behind.
for chunk in 1 2 3 4 5 6 7 8 9 10 11 12; do
	for i in $(seq 1 500); do echo "$chunk.$i $big"; done \
	    >&"${CLIENT_FD[talker]}"
	wait_for "$T/watcher.out" "<talker> $chunk.500 zzz" 30
	grep -q "send queue exceeded" "$HUB_LOG" && break
done
wait_for "$HUB_LOG" "send queue exceeded" 20
# A warning that names who was dropped and from where.
grep -q "warning: 127.0.0.1:[0-9]*: sleepy dropped: send queue exceeded" \
    "$HUB_LOG" || fail "the drop is not a warning naming sleepy"
wait_for "$T/watcher.out" "sleepy lost the connection"
client_say talker "after the sleeper"
wait_for "$T/watcher.out" "<talker> after the sleeper"
client_stop talker
[ -s "$T/watcher.err" ] && fail "the watcher had errors: $(cat "$T/watcher.err")"
ok "a reader that stops reading is disconnected; others get everything"
client_stop watcher
stop_hub TERM

# Out of file descriptors: the hub pauses accepting, backs off, and keeps
# serving the clients it has (not under valgrind, which needs its own).
if [ -z "${CHATROOM_VALGRIND:-}" ]; then
	saved_port=$HUB_PORT saved_log=$HUB_LOG
	HUB_PORT=$(pick_port)
	HUB_LOG="$T/emfile.log" HUB_READY_SEEN=0
	( ulimit -n 32; exec "$CHATROOM" --serve --insecure \
	    --listen "127.0.0.1:$HUB_PORT" --history "$T/emfile.json" \
	    --max-clients-per-ip 0 --handshake-timeout 3 ) >"$HUB_LOG" 2>&1 &
	HUB_PID=$!
	PIDS="$PIDS $HUB_PID"
	wait_until 10 hub_ready_or_dead || fail "emfile hub did not start"
	client_start keeper keeper
	wait_for "$T/keeper.out" "you joined #lobby"
	for i in $(seq 1 40); do raw_open "x$i"; done
	wait_for "$HUB_LOG" "Too many open files; pausing"
	client_say keeper "still served"
	wait_for "$T/keeper.out" "<keeper> still served"
	for i in $(seq 1 40); do exec {RAW_FD[x$i]}>&-; done
	run_batch late latecomer "made it"
	[ "$BATCH_RC" = 0 ] || fail "the hub did not accept again"
	client_stop keeper
	stop_hub TERM
	[ "$HUB_RC" = 0 ] || fail "emfile hub exit status"
	HUB_PORT=$saved_port HUB_LOG=$saved_log
	ok "out of file descriptors, the hub backs off and keeps serving"
fi

# A history write that fails is logged and retried; nothing is lost.
mkdir "$T/sub"
start_hub --history "$T/sub/h.json"
run_batch w1 writer "first"
wait_until 20 grep -q first "$T/sub/h.json" || fail "first not saved"
rm -rf "$T/sub"
: >"$T/sub"
run_batch w2 writer "second"
wait_for "$HUB_LOG" "history not saved (will retry)" 20
rm -f "$T/sub"
mkdir "$T/sub"
wait_until 20 grep -q second "$T/sub/h.json" || fail "not retried"
grep -q first "$T/sub/h.json" || fail "lost the first message"
ok "a failed history write is retried"
exit 0
