#!/bin/bash
# SPDX-License-Identifier: ISC
# /healthz tells a load balancer the truth when the journal cannot be
# written (a full disk, a small tmpfs here; root only): 503 with the
# reason while changes wait in memory, and while messages are refused
# with "storage"; 200 again once the journal is written.  /metrics
# counts the failed journal writes and the refused messages.
. "$top_srcdir/tests/lib.sh"

small_disk

# An HTTP/1.0 GET over bash's /dev/tcp: the whole response.
http() {
	local fd
	exec {fd}<>"/dev/tcp/127.0.0.1/$MPORT" || return 1
	printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&"$fd"
	timeout 10 cat <&"$fd" | tr -d '\r'
	exec {fd}>&-
}

# /healthz: its status code, then its body, on one line.
healthz() {
	http /healthz | awk 'NR == 1 { printf "%s", $2 } NR > 1 && body { printf " %s", $0 } /^$/ { body = 1 }'
}

# Is /healthz's status this code?
healthz_is() {
	[ "$(healthz | cut -d' ' -f1)" = "$1" ]
}

MPORT=$(pick_port)
# No save of the history file meanwhile: only the journal is at stake.
# shellcheck disable=SC2086
start_hub --history "$M/history.json" --history-bytes 1048576 \
    --flood-rate 0 --flush-interval 3600 --resume-timeout 0 \
    --metrics "$MPORT"
wait_for "$HUB_LOG" "metrics on http://127.0.0.1:$MPORT/metrics"
disk_writer

disk_say "before"
disk_answer
case "$RAW_LINE" in *'"type":"ack"'*) ;; *) fail "before: $RAW_LINE" ;; esac
[ "$(healthz)" = "200 ok" ] || fail "/healthz before: $(healthz)"
[ "$(metric "$MPORT" chatroom_journal_write_failures_total)" = 0 ] ||
    fail "journal failures counted before any"
ok "/healthz is 200 while the journal is written"

# Fill the disk: the next message waits in memory, acknowledged.
dd if=/dev/zero of="$M/fill" bs=4k 2>/dev/null
disk_say "waits"
disk_answer
case "$RAW_LINE" in *'"type":"ack"'*) ;; *) fail "waits: $RAW_LINE" ;; esac
wait_for "$HUB_LOG" "not written: No space left on device; "
h=$(healthz)
case "$h" in
"503 journal not written (No space left on device): messages are still taken; "*" bytes of changes wait in memory") ;;
*) fail "/healthz while the journal fails: $h" ;;
esac
[ "$(metric "$MPORT" chatroom_journal_failing)" = 1 ] ||
    fail "chatroom_journal_failing is not 1"
n=$(metric "$MPORT" chatroom_journal_write_failures_total)
[ "${n:-0}" -ge 1 ] || fail "no journal write failure counted ($n)"
[ "$(metric "$MPORT" chatroom_journal_waiting_bytes)" -gt 3900 ] ||
    fail "the bytes waiting are not shown"
ok "/healthz is 503 while changes wait in memory; the failure is counted"

# Past the memory allowed: refused with "storage".
refused=0
for i in $(seq 1 200); do
	disk_say "full-$i"
	disk_answer
	case "$RAW_LINE" in
	*'"type":"ack"'*) ;;
	*'"code":"storage"'*) refused=$i; break ;;
	*) fail "full-$i: $RAW_LINE" ;;
	esac
done
[ "$refused" -gt 0 ] || fail "nothing refused on a full disk"
h=$(healthz)
case "$h" in
"503 journal not written (No space left on device): new messages are refused (storage); "*) ;;
*) fail "/healthz while messages are refused: $h" ;;
esac
n=$(metric "$MPORT" chatroom_storage_refusals_total)
[ "${n:-0}" -ge 1 ] || fail "no refusal counted ($n)"
ok "/healthz is 503 while messages are refused; the refusals are counted"

# Room again: the next probe writes the journal, and it is healthy.
rm -f "$M/fill"
wait_until 30 healthz_is 200 || fail "/healthz did not recover: $(healthz)"
[ "$(healthz)" = "200 ok" ] || fail "/healthz after: $(healthz)"
[ "$(metric "$MPORT" chatroom_journal_failing)" = 0 ] ||
    fail "chatroom_journal_failing is not 0 again"
wait_for "$HUB_LOG" "written again: "
disk_say "after"
disk_answer
case "$RAW_LINE" in *'"type":"ack"'*) ;; *) fail "after: $RAW_LINE" ;; esac
ok "/healthz is 200 once the journal is written again"
