#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: lines it holds back (beyond CLIENT_INFLIGHT unanswered)
# outlive a lost connection and go, once and in order, to the same room
# after the session resumes; a /quit waits for answers, but not for ever.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

N=45
start_hub --flush-interval 1
tui_start bob bob
tui_wait bob "you joined #lobby"
tui_type bob "/join dev"
tui_keys bob Enter
tui_wait bob "you joined #dev"

# Has the hub saved the history (sessions included) since it started?
saved() {
	[ "$(grep -c "history saved" "$HUB_LOG")" -gt "$1" ]
}

# N lines at once into #dev; the hub is killed once a few have come back,
# with many still held by the client, and started again on the same port
# with history file $1; bob's client says $2 once back.
burst() {
	local history=$1 back=$2 round=$3 i last held
	wait_until 10 saved "$(grep -c "history saved" "$HUB_LOG")" ||
	    fail "the hub did not save its history"
	keys=()
	for i in $(seq 1 $N); do
		keys+=("$(printf 'held %s line %02d' "$round" "$i")" Enter)
	done
	tui_keys bob C-l "${keys[@]}"
	tui_wait bob "<bob> held $round line 05" 30
	stop_hub KILL
	tui_wait bob "disconnected — retrying in"
	tui_wait_match bob "[0-9]+ lines waiting to be sent will be sent once"
	tui_has bob "were not sent" && fail "held lines dropped: $(tui_screen bob)"
	held=$(tui_screen bob |
	    sed -n 's/.* \([0-9][0-9]*\) lines waiting to be sent.*/\1/p' |
	    tail -n 1)
	[ "${held:-0}" -gt 0 ] || fail "no line was held"
	HUB_HISTORY=$history FORCE_PORT=$HUB_PORT start_hub --flush-interval 1
	tui_wait bob "$back" 45
	tui_wait bob "<bob> held $round line $N" 60
	ok "round $round: the lines held when the hub died go after '$back'"

	# What #dev holds now: each line at most once, in order, and every
	# line from the first one held on; the lines in flight when the hub
	# died may be lost (it was killed before it could save them).
	run_batch seer seer "/join dev"
	[ "$BATCH_RC" -eq 0 ] || fail "seer could not read #dev"
	grep -F "<bob> held $round line " "$T/seer.out" |
	    grep -vE '^~?\[[^]]*\] #dev ' &&
	    fail "held lines went to another room than #dev"
	grep -F "#dev <bob> held $round line " "$T/seer.out" |
	    sed 's/.*held [a-z]* line //' >"$T/got"
	sort -u "$T/got" | cmp -s - "$T/got" ||
	    fail "lines twice or out of order: $(tr '\n' ' ' <"$T/got")"
	last=$(tail -n 1 "$T/got")
	[ "$last" = "$N" ] || fail "the last line is $last"
	# The last $held lines were held: none is lost.
	for i in $(seq $((N - held + 1)) $N); do
		grep -qx "$i" "$T/got" || fail "held line $i was lost"
	done
	ok "round $round: no line twice or out of order, none of $held held" \
	    "lost ($(wc -l <"$T/got") of $N stored)"
}

# The history file kept: the session resumes.  A new one: the session is
# gone, the client joins #dev again before the held lines go.
burst "$T/history.json" "welcome back, bob" resumed
burst "$T/other.json" "reconnected as bob" rejoined

# A hub that keeps the connection but stops answering: /quit gives up
# after a few seconds without an answer and says what was not confirmed.
tui_keys bob C-l
kill -STOP "$HUB_PID"
keys=()
for i in $(seq 1 20); do
	keys+=("unanswered $i" Enter)
done
tui_keys bob "${keys[@]}" "/quit bye" Enter
tui_wait bob "quitting once the hub has confirmed 20 lines"
start=$(date +%s)
tui_wait bob "CLIENT EXITED rc=0" 20
took=$(( $(date +%s) - start ))
kill -CONT "$HUB_PID"
[ -n "$VG" ] || [ "$took" -le 10 ] || fail "/quit took $took s"
grep -qF "the hub did not confirm 20 lines before the quit" \
    "$T/bob.tui.err" || fail "no count of lines not confirmed"
ok "/quit to a hub that stopped answering ends in ${took} s"
exit 0
