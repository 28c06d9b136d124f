#!/bin/bash
# SPDX-License-Identifier: ISC
# A restart loses nothing: the hub keeps sessions in its history file, so
# after kill -9 or SIGTERM each client resumes by token, in its rooms,
# with only what it missed; the others see it lost until then and "back"
# once it is (hub-restore-lost.sh), never a join.
. "$top_srcdir/tests/lib.sh"

# Read raw lines into $T/NAME.lines until one contains a string.
raw_collect() {
	local name=$1 text=$2 line
	: >"$T/$name.lines"
	while IFS= read -r -t 10 line <&"${RAW_FD[$name]}"; do
		printf '%s\n' "$line" >>"$T/$name.lines"
		case "$line" in
		*"$text"*) return 0 ;;
		esac
	done
	fail "raw connection $name: no line with '$text'"
}

# Resume on a raw connection with a token and last id, and collect what
# comes until the end of the replay of both rooms.
raw_resume() {
	raw_open "$1"
	raw_send "$1" "{\"type\":\"hello\",\"version\":1,\"token\":\"$2\",\"last_id\":$3}"
	raw_expect "$1" '"resumed":true'
	raw_collect "$1" '"type":"history_end","room":"dev"'
}

# Close the raw connections of a hub that is gone.
raw_drop() {
	local n
	for n in "$@"; do
		exec {RAW_FD[$n]}>&-
	done
}

start_hub --resume-timeout 60 --flush-interval 1
raw_login a alice
ta=$TOKEN
raw_login b bob
tb=$TOKEN
raw_send a '{"type":"join","room":"dev","seq":1}'
raw_expect a '"type":"ack","seq":1'
raw_send b '{"type":"join","room":"dev","seq":1}'
raw_expect b '"type":"ack","seq":1'
raw_send a '{"type":"msg","room":"lobby","text":"one","seq":2}'
raw_expect a '"type":"ack","seq":2'
id1=$(sed 's/.*"id":\([0-9]*\).*/\1/' <<<"$RAW_LINE")
raw_send a '{"type":"msg","room":"dev","text":"two","seq":3}'
raw_expect a '"type":"ack","seq":3'
id2=$(sed 's/.*"id":\([0-9]*\).*/\1/' <<<"$RAW_LINE")
raw_expect b '"text":"two"'
wait_until 20 grep -q '"text":"two".*"sessions":\[{.*"nick":"bob"' \
    "$T/history.json" || fail "the sessions were not saved"

stop_hub KILL
raw_drop a b
FORCE_PORT=$HUB_PORT start_hub --resume-timeout 60 --flush-interval 1
grep -q "2 sessions" "$HUB_LOG" || fail "the sessions were not loaded"

# bob saw everything: nothing is sent twice.
raw_resume b2 "$tb" "$id2"
grep -q '"type":"msg"' "$T/b2.lines" &&
    fail "bob was sent messages again: $(cat "$T/b2.lines")"
grep -q '"type":"room","room":"dev"' "$T/b2.lines" || fail "bob lost #dev"
# alice says she saw only the first message: she gets the second alone.
raw_resume a2 "$ta" "$id1"
grep -q '"text":"two"' "$T/a2.lines" || fail "alice did not get what she missed"
grep -q '"text":"one"' "$T/a2.lines" && fail "alice was sent 'one' twice"
raw_send b2 '{"type":"ping","seq":9}'
raw_collect b2 '"type":"pong"'
grep -q '"type":"joined"\|"type":"lost"' "$T/b2.lines" &&
    fail "bob saw noise about alice: $(cat "$T/b2.lines")"
grep -q '"type":"back","nick":"alice"' "$T/b2.lines" ||
    fail "bob was not told alice is back: $(cat "$T/b2.lines")"
raw_send a2 '{"type":"msg","room":"dev","text":"three","seq":4}'
raw_expect a2 '"type":"ack","seq":4'
id3=$(sed 's/.*"id":\([0-9]*\).*/\1/' <<<"$RAW_LINE")
[ "$id3" -gt "$id2" ] || fail "a message id was used again: $id3"
raw_expect b2 '"text":"three"'
ok "after kill -9 the sessions resume: same rooms, only what was missed"

# A clean stop keeps them too, and a client that does not say what it saw
# gets what the hub had not sent it.
stop_hub TERM
raw_drop a2 b2
FORCE_PORT=$HUB_PORT start_hub --resume-timeout 60 --flush-interval 1
grep -q "2 sessions" "$HUB_LOG" || fail "SIGTERM lost the sessions"
raw_resume a3 "$ta" 0
grep -q '"type":"msg"' "$T/a3.lines" &&
    fail "alice was sent messages she had: $(cat "$T/a3.lines")"
raw_send a3 '{"type":"msg","room":"dev","text":"four","seq":5}'
raw_expect a3 '"type":"ack","seq":5'
raw_resume b3 "$tb" 0
grep -q '"text":"four"' "$T/b3.lines" || fail "bob did not get 'four'"
grep -q '"text":"three"' "$T/b3.lines" && fail "bob was sent 'three' twice"
ok "after SIGTERM too; the hub knows what it sent to each session"

# A message acknowledged just before a kill -9 is lost with its id; a
# client that saw it makes the hub go on after that id, never reuse it.
stop_hub TERM
raw_drop a3 b3
FORCE_PORT=$HUB_PORT start_hub --resume-timeout 60 --flush-interval 2
raw_resume a4 "$ta" 0
raw_resume b4 "$tb" 0
raw_send a4 '{"type":"msg","room":"dev","text":"kept","seq":5}'
raw_expect a4 '"type":"ack","seq":5'
wait_saved kept
raw_send a4 '{"type":"msg","room":"dev","text":"doomed","seq":6}'
raw_expect a4 '"type":"ack","seq":6'
lost=$(sed 's/.*"id":\([0-9]*\).*/\1/' <<<"$RAW_LINE")
stop_hub KILL
grep -q '"text":"doomed"' "$T/history.json" && fail "no message was lost"
raw_drop a4 b4
FORCE_PORT=$HUB_PORT start_hub --resume-timeout 60 --flush-interval 2
raw_resume a5 "$ta" "$lost"
raw_resume b5 "$tb" "$lost"
raw_send b5 '{"type":"msg","room":"dev","text":"after the crash","seq":7}'
raw_expect b5 '"type":"ack","seq":7'
id=$(sed 's/.*"id":\([0-9]*\).*/\1/' <<<"$RAW_LINE")
[ "$id" -gt "$lost" ] || fail "id $lost was given out again ($id)"
raw_expect a5 '"text":"after the crash"'
ok "ids seen before a crash are never given out again"

# Sessions that never come back end with the resume window.
stop_hub TERM
raw_drop a5 b5
FORCE_PORT=$HUB_PORT start_hub --resume-timeout 1 --flush-interval 1
wait_for "$HUB_LOG" "bob: resume window expired"
run_batch carol carol "hi"
[ "$BATCH_RC" -eq 0 ] || fail "the hub does not work after the restore"
ok "restored sessions expire with the resume window"
exit 0
