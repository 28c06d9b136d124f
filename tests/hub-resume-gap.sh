#!/bin/bash
# SPDX-License-Identifier: ISC
# Resume after the room let go of messages the client missed (more came
# than --history-size keeps): the room frame says "gap" and how many
# ("missed"), counting that room's messages only; a room that kept all
# says nothing, and after a restart the hub still knows of the gap.
. "$top_srcdir/tests/lib.sh"

# The room frame of a room, from a resume with a token and a last id.
raw_resume_room() {
	raw_open "$1"
	raw_send "$1" "{\"type\":\"hello\",\"version\":1,\"token\":\"$2\",\"last_id\":$3}"
	raw_expect "$1" '"resumed":true'
	raw_expect "$1" "\"type\":\"room\",\"room\":\"$4\""
}

start_hub --history-size 5 --resume-timeout 60 --flush-interval 1 -v
raw_login a alice
ta=$TOKEN
raw_send a '{"type":"join","room":"dev","seq":1}'
raw_expect a '"type":"ack","seq":1'
raw_send a '{"type":"msg","room":"dev","text":"before","seq":2}'
raw_expect a '"type":"ack","seq":2'
last=$(sed 's/.*"id":\([0-9]*\).*/\1/' <<<"$RAW_LINE")
exec {RAW_FD[a]}>&-

# Eight in #dev (the room keeps five: w1-w3 go, with "before") and two
# in #lobby between them, whose ids do not count for #dev.
run_batch writer writer "/join dev" w1 w2 "/join lobby" l1 l2 \
    "/join dev" w3 w4 w5 w6 w7 w8
[ "$BATCH_RC" -eq 0 ] || fail "the writer failed: $(cat "$T/writer.err")"

raw_resume_room b "$ta" "$last" dev
[[ $RAW_LINE == *'"gap":true'* ]] ||
    fail "the room frame does not say the room let go of some: $RAW_LINE"
[[ $RAW_LINE == *'"missed":3'[,}]* ]] ||
    fail "the room frame does not say 3 were missed: $RAW_LINE"
raw_expect b '"text":"w4"'
ok "a resume says 3 missed messages of #dev are no longer kept"
raw_open l
raw_send l "{\"type\":\"hello\",\"version\":1,\"token\":\"$ta\",\"last_id\":$last}"
raw_expect l '"type":"room","room":"lobby"'
[[ $RAW_LINE != *'"gap"'* && $RAW_LINE != *'"missed"'* ]] ||
    fail "#lobby, which kept all, claims a gap: $RAW_LINE"
raw_expect l '"type":"room","room":"dev"'
ok "a room that kept every message says nothing"

# From the newest id: nothing missed, no gap.
raw_expect l '"text":"w8"'
newest=$(sed 's/.*"id":\([0-9]*\).*/\1/' <<<"$RAW_LINE")
raw_resume_room c "$ta" "$newest" dev
[[ $RAW_LINE != *'"gap"'* ]] || fail "a gap after the newest id: $RAW_LINE"
ok "no gap after the newest id"

# After a restart the hub remembers that it let go of some (the history
# file keeps "gone"), not how many: "gap" without "missed".
wait_saved w8
exec {RAW_FD[l]}>&- {RAW_FD[c]}>&- {RAW_FD[b]}>&-
stop_hub KILL
FORCE_PORT=$HUB_PORT start_hub --history-size 5 --resume-timeout 60 \
    --flush-interval 1
raw_resume_room d "$ta" "$last" dev
[[ $RAW_LINE == *'"gap":true'* && $RAW_LINE != *'"missed"'* ]] ||
    fail "after a restart, the room frame is wrong: $RAW_LINE"
ok "after a restart the gap is said, without a number"
# Once the restarted hub lets more go, those are counted again.
exec {RAW_FD[d]}>&-
run_batch writer2 writer "/join dev" x1 x2 x3 x4 x5 x6 x7
[ "$BATCH_RC" -eq 0 ] || fail "the writer failed: $(cat "$T/writer2.err")"
raw_resume_room e "$ta" "$newest" dev
[[ $RAW_LINE == *'"gap":true'* && $RAW_LINE == *'"missed":2'[,}]* ]] ||
    fail "the gap after the restart is not counted: $RAW_LINE"
ok "what the restarted hub lets go is counted"
exit 0
