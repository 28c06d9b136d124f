#!/bin/bash
# SPDX-License-Identifier: ISC
# A full disk under the hub's state directory (a small tmpfs; root only):
# the hub keeps what it cannot write in memory up to an eighth of
# --history-bytes, then refuses messages with the code "storage" (the
# client words it), says so in its log, and once there is space again
# writes everything that waited and takes messages again.  No acknowledged
# message is lost, even to a kill -9 after the recovery.
. "$top_srcdir/tests/lib.sh"

small_disk

# disk_say: about 4 KiB a journal record; the limit of 128 KiB
# (--history-bytes 1 MiB) is some 30 of them.
opts="--history $M/history.json --history-bytes 1048576 --flood-rate 0
    --flush-interval 1 --resume-timeout 0 --log-messages"
# shellcheck disable=SC2086
start_hub $opts
disk_writer
: >"$T/acked"
for i in 1 2 3; do
	disk_say "before-$i"
	disk_answer
	case "$RAW_LINE" in *'"type":"ack"'*) ;; *) fail "before-$i: $RAW_LINE" ;; esac
	echo "before-$i" >>"$T/acked"
done

# Fill the disk: the journal's next write fails.
dd if=/dev/zero of="$M/fill" bs=4k 2>/dev/null
df -k "$M" | tail -n 1
refused=0
for i in $(seq 1 200); do
	disk_say "full-$i"
	disk_answer
	case "$RAW_LINE" in
	*'"type":"ack"'*)
		echo "full-$i" >>"$T/acked" ;;
	*'"code":"storage"'*)
		refused=$i
		break ;;
	*)
		fail "full-$i: neither an ack nor a storage error: $RAW_LINE" ;;
	esac
done
[ "$refused" -gt 0 ] || fail "200 messages of 4 KiB accepted on a full disk"
n=$(grep -c '^full-' "$T/acked")
echo "full disk: $n messages kept in memory, the next refused"
[ "$n" -ge 20 ] || fail "only $n messages kept before refusing (the limit is 128 KiB)"
grep -q "not written: No space left on device; " "$HUB_LOG" ||
    fail "the failed write is not logged"
grep -q "new messages are refused until it can be written" "$HUB_LOG" ||
    fail "the refusal is not logged"
# Refused again, and the client says why in words.
disk_say "refused-again"
disk_answer
case "$RAW_LINE" in *'"code":"storage"'*) ;; *) fail "not refused again: $RAW_LINE" ;; esac
run_batch talker talker "refused-batch" "/quit"
grep -qF "the hub cannot store messages now" "$T/talker.err" "$T/talker.out" ||
    fail "the batch client does not word the refusal: $(cat "$T/talker.out" "$T/talker.err")"
# --log-messages logs what was said: a refused message was not.
grep -q "lobby <writer> before-1 " "$HUB_LOG" ||
    fail "--log-messages does not log an accepted message"
grep -q "refused-again\|refused-batch" "$HUB_LOG" &&
    fail "--log-messages logs messages the hub refused"
# In French where the catalogue and a locale for it are there (tests/po.sh
# checks that they are).
if LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)"; then
	LANGUAGE=fr run_batch talkerfr talkerfr "refused-fr" "/quit"
	grep -qF "le hub ne peut pas enregistrer de messages pour l'instant" \
	    "$T/talkerfr.err" ||
	    fail "the refusal is not worded in French: $(cat "$T/talkerfr.err")"
fi

# The history's save fails too, and its warning must not claim the
# journal holds the changes: they wait in memory.
wait_until 15 grep -q "history not saved (will retry)" "$HUB_LOG" ||
    fail "no failed save on a full disk"
grep "history not saved (will retry)" "$HUB_LOG"
grep -q "history not saved (will retry): .*the journal cannot be written either: the changes wait in memory" \
    "$HUB_LOG" || fail "the failed save is not worded for a failing journal"
grep -q "history not saved (will retry): .*the journal holds the changes" \
    "$HUB_LOG" && fail "the log says the failing journal holds the changes"
# It says how much room the new copy needs beside the old one.
grep -q "history not saved (will retry): .*No space left on device (the new copy needs [0-9]* bytes free beside the old one)" \
    "$HUB_LOG" || fail "the failed save does not say how much room it needs"

# Space again: the next try writes everything and messages are taken.
rm -f "$M/fill"
wait_until 10 grep -q "written again: " "$HUB_LOG" ||
    fail "the journal was not written again once there was space"
grep -q "messages\? that waited in memory are written\|messages\?) that waited in memory are written" "$HUB_LOG" ||
    fail "the recovery does not say what was written"
grep "written again: " "$HUB_LOG"
disk_say "after"
disk_answer
case "$RAW_LINE" in *'"type":"ack"'*) ;; *) fail "not taken after the recovery: $RAW_LINE" ;; esac
echo "after" >>"$T/acked"

# A shutdown on a full disk, every acknowledged message being in the
# journal already: the last save fails and the log counts no message lost
# (it said "lost: N messages" when the new journal the save starts failed
# too).  The state the stop journals (the writer's session, who was last
# seen when) may not fit: then the log says that, and only that, is lost.
# A flush interval of an hour: no periodic save, the last one has work.
stop_hub TERM
# shellcheck disable=SC2086
start_hub $opts --flush-interval 3600
disk_writer
disk_say "after2"
disk_answer
case "$RAW_LINE" in *'"type":"ack"'*) ;; *) fail "after2: $RAW_LINE" ;; esac
echo "after2" >>"$T/acked"
dd if=/dev/zero of="$M/fill" bs=4k 2>/dev/null
stop_hub TERM
grep "NOT saved at shutdown" "$HUB_LOG"
grep -Eq "history NOT saved at shutdown: .*(nothing is lost|; lost: the claim and session changes, which no journal could take)" \
    "$HUB_LOG" ||
    fail "the failed last save does not say the journals hold every message"
grep -q "NOT saved at shutdown: .*; lost: [0-9]* messages" "$HUB_LOG" &&
    fail "a failed last save claims losses the journals hold"
rm -f "$M/fill"
# shellcheck disable=SC2086
start_hub $opts
wait_until 10 grep -q "records replayed" "$HUB_LOG" || true

# kill -9: everything acknowledged is in the journal.
kill -9 "$HUB_PID"
wait "$HUB_PID" 2>/dev/null
exec {RAW_FD[w]}>&-
# shellcheck disable=SC2086
start_hub $opts
stop_hub
[ "$HUB_RC" = 0 ] || fail "exit status $HUB_RC after the restart"
while read -r text; do
	grep -qF "\"text\":\"$text " "$M/history.json" ||
	    fail "$text was acknowledged, then lost"
done <"$T/acked"
for text in "full-$refused" refused-again refused-batch refused-fr; do
	grep -qF "\"text\":\"$text" "$M/history.json" &&
	    fail "$text was refused, yet stored"
done
ok "a full disk: $n messages kept, then refused with a worded error; all written once there was space"
exit 0
