#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: lines it holds back (beyond CLIENT_INFLIGHT unanswered)
# outlive a lost connection and go, once and in order, to the same room
# after the session resumes; so do the lines in flight (sent, unanswered)
# that the hub had not stored.  After a new session their fate is unknown:
# the user is told, and Up recalls them.  A /quit waits for answers, but
# not for ever.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

N=45
start_hub --flush-interval 1
tui_start bob bob
tui_wait bob "you joined #lobby"
tui_type bob "/join dev"
tui_keys bob Enter
tui_wait bob "you joined #dev"

# Does the history file keep bob's session in #dev?  The first round
# resumes that session after a kill -9.  (A "history saved" line after the
# join does not say so: that save may have begun before it.)
wait_until 20 grep -q '"nick":"bob",[^]]*"name":"dev"' "$T/history.json" ||
    fail "the hub did not save its history"

# N lines at once into #dev; the hub is killed once a few have come back,
# with many still held by the client, and started again on the same port
# with history file $1; bob's client says $2 once back.
burst() {
	local history=$1 back=$2 round=$3 i last held lost mark
	mark=$(notices | wc -l)
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
	# Until the hub has them, the lines show as being sent (dimmed).
	tui_wait_gone bob "(sending…)" 60
	ok "round $round: the lines held when the hub died go after '$back'"
	again=$(notice_count "had not reached the hub: sent again")
	lost=$(notice_count "w[a-z]* not confirmed: [a-z]* may be lost")

	# What #dev holds now: each line at most once, in order, and every
	# line from the first one held on.
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
	if [ "$round" = resumed ]; then
		# The session resumed: the replay says which lines in flight
		# the hub had stored; the others went again.  None is lost.
		[ -z "$lost" ] || fail "$lost said unconfirmed on a resume"
		seq -w 1 $N | cmp -s - "$T/got" ||
		    fail "lines lost: $(tr '\n' ' ' <"$T/got")"
		ok "round $round: all $N lines stored once, in order" \
		    "(${again:-0} in flight sent again)"
		return
	fi
	# A new session: the lines in flight (16, unanswered as the hub
	# died) are not sent again, and the user is told; Up recalls the
	# last of them, the line before the first one held.
	[ -z "$again" ] || fail "$again lines sent again in a new session"
	wait_until 10 noticed "were not confirmed: they may be lost \(Up" ||
	    fail "no notice of the lines not confirmed: $(notices)"
	lost=$(notice_count "were not confirmed")
	[ "$lost" -eq 16 ] || fail "$lost lines said unconfirmed, not 16"
	tui_keys bob Up
	last=$(printf 'held %s line %02d' "$round" $((N - held)))
	wait_until 10 input_is bob "$last" ||
	    fail "Up recalls '$(input_line bob)', not '$last'"
	tui_keys bob C-u
	ok "round $round: $lost lines in flight said unconfirmed; Up recalls" \
	    "'$last'"
}

# bob's notices about lines in flight, as his conversation logs have them
# (whole, where the screen wraps them or scrolls them away).
notices() {
	cat "$T"/state/chatroom/logs/*/* 2>/dev/null |
	    grep -E "lines? sent before the connection was lost"
}

# The count N of the notice "N line(s) sent before the connection was
# lost $1" of this round, or nothing.
notice_count() {
	notices | tail -n +$((mark + 1)) |
	    grep -oE "[0-9]+ lines? sent before the connection was lost $1" |
	    tail -n 1 | cut -d' ' -f1
}

# Has the notice $1 of this round been logged?
noticed() {
	[ -n "$(notice_count "$1")" ]
}

# The input line, the last row of the screen.
input_line() {
	tui_screen "$1" | tail -n 1
}

# Does the input line show this text?
input_is() {
	input_line "$1" | grep -qF -- "$2"
}

# The history file kept: the session resumes.  A new one: the session is
# gone, the client joins #dev again before the held lines go.
burst "$T/history.json" "reconnected: session resumed" resumed
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
[ -n "$VG_SLOW" ] || [ "$took" -le 10 ] || fail "/quit took $took s"
grep -qF "the hub did not confirm 20 lines before the quit" \
    "$T/bob.tui.err" || fail "no count of lines not confirmed"
ok "/quit to a hub that stopped answering ends in ${took} s"

# --batch sends a line at a time; one the hub never answered may or may
# not have reached it: the client says so and exits 1, whether the
# connection is lost or SIGINT ends it.  A fake hub welcomes, takes one
# line and writes it down, then closes (given "close") or keeps quiet.
command -v socat >/dev/null || { echo "no socat: --batch skipped"; exit 0; }
# The welcome and the room in one write (cat's): the client takes them
# at once, and its first line goes to the room.
cat >"$T/greet" <<'EOF'
{"type":"welcome","version":2,"nick":"eve","token":"00112233445566778899aabbccddeeff","resumed":false,"hub":"fake","resume":120}
{"type":"room","room":"lobby","topic":"","members":["eve"]}
{"type":"history_end","room":"lobby"}
EOF
cat >"$T/mute.sh" <<HUB
cat "$T/greet"
while IFS= read -r line; do
	case \$line in
	*'"type":"msg"'*)
		printf '%s\n' "\$line" >>"$T/mute.sent"
		[ "\$1" = close ] && exit 0 ;;
	esac
done
HUB
socat_serve "bash '$T/mute.sh' close"
run_batch eve eve "never answered"
grep -qF "never answered" "$T/mute.sent" ||
    fail "the line was not sent: $(cat "$T/eve.out" "$T/eve.err")"
[ "$BATCH_RC" -eq 1 ] || fail "--batch exited $BATCH_RC"
said="1 line sent before the connection was lost was not confirmed"
grep -qF "$said: it may be lost" "$T/eve.err" ||
    fail "--batch said nothing of its line: $(cat "$T/eve.err")"
ok "--batch: a line unanswered when the connection is lost: said, exit 1"

socat_serve "bash '$T/mute.sh' quiet"
client_start eve2 eve
client_say eve2 "still unanswered"
wait_until 20 grep -qF "still unanswered" "$T/mute.sent" ||
    fail "the line was not sent: $(cat "$T/eve2.out" "$T/eve2.err")"
kill -INT "${CLIENT_PID[eve2]}"
client_stop eve2
[ "$CLIENT_RC" -eq 1 ] || fail "--batch exited $CLIENT_RC after SIGINT"
grep -qF "the hub did not confirm 1 line before the quit; it may be lost" \
    "$T/eve2.err" || fail "--batch said nothing: $(cat "$T/eve2.err")"
ok "--batch: SIGINT with a line unanswered: said, exit 1"
exit 0
