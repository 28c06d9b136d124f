#!/bin/bash
# SPDX-License-Identifier: ISC
# An acknowledgement is a promise: kill -9 the hub the moment the first
# ack of a burst arrives, JOURNAL_ACK_ROUNDS times, and every message
# acknowledged (or delivered to another member) before it died must be in
# the history after a restart.  The hub writes a message to its journal
# before its ack or any copy can leave, and a killed process loses nothing
# it wrote; the journal is synced only every 30 seconds here, so a late
# write, not a late sync, is what this catches.
. "$top_srcdir/tests/lib.sh"

rounds=${JOURNAL_ACK_ROUNDS:-10}
burst=100
checked=0

# The seq of an ack line, or nothing.
ack_seq() {
	case "$1" in
	*'"type":"ack"'*)
		local s=${1##*\"seq\":}
		echo "${s%%[!0-9]*}" ;;
	esac
}

for round in $(seq 1 "$rounds"); do
	start_hub --flood-rate 0 --flush-interval 30 --resume-timeout 0
	raw_open w
	raw_send w "{\"type\":\"hello\",\"version\":1,\"nick\":\"w$round\"}"
	raw_expect w '"type":"welcome"'
	raw_expect w '"type":"history_end"'
	raw_open o
	raw_send o "{\"type\":\"hello\",\"version\":1,\"nick\":\"o$round\"}"
	raw_expect o '"type":"welcome"'
	raw_expect o '"type":"history_end"'

	# The whole burst in one write: the hub reads it in one or a few
	# passes and acknowledges as it goes.
	burst_text=
	for i in $(seq 1 "$burst"); do
		burst_text+=$(printf '{"type":"msg","room":"lobby","text":"k%d-%d","seq":%d}' \
		    "$round" "$i" "$i")$'\n'
	done
	printf '%s' "$burst_text" >&"${RAW_FD[w]}"
	raw_expect w '"type":"ack"'
	kill -9 "$HUB_PID"
	wait "$HUB_PID" 2>/dev/null

	# What the hub sent before it died is still in the sockets.
	: >"$T/acked"
	ack_seq "$RAW_LINE" >>"$T/acked"
	while IFS= read -r -t 5 line <&"${RAW_FD[w]}"; do
		ack_seq "$line" >>"$T/acked"
	done
	: >"$T/seen"
	while IFS= read -r -t 5 line <&"${RAW_FD[o]}"; do
		case "$line" in
		*'"type":"msg"'*'"text":"k'*)
			t=${line##*\"text\":\"}
			echo "${t%%\"*}" >>"$T/seen" ;;
		esac
	done
	exec {RAW_FD[w]}>&- {RAW_FD[o]}>&-
	[ -s "$T/acked" ] || fail "round $round: no ack read"

	# A clean restart and stop folds the journal into the history file.
	start_hub --flood-rate 0
	stop_hub
	[ "$HUB_RC" = 0 ] || fail "round $round: exit status $HUB_RC after the restart"
	while read -r seq; do
		grep -qF "\"text\":\"k$round-$seq\"" "$T/history.json" ||
		    fail "round $round: k$round-$seq was acknowledged, then lost by kill -9"
		checked=$(( checked + 1 ))
	done <"$T/acked"
	while read -r text; do
		grep -qF "\"text\":\"$text\"" "$T/history.json" ||
		    fail "round $round: $text was delivered to another member, then lost by kill -9"
	done <"$T/seen"
	echo "round $round: $(wc -l <"$T/acked") acknowledged," \
	    "$(wc -l <"$T/seen") delivered to the other member, none lost"
done
ok "kill -9 right after an ack, $rounds rounds: none of $checked acknowledged messages lost"
exit 0
