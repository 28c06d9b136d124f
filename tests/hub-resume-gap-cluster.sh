#!/bin/bash
# SPDX-License-Identifier: ISC
# A cluster: a session that resumes on another hub is told of the gap that
# hub's room history has after its last id, as on a hub alone; a hub that
# joined later, and never held the older messages, claims no gap.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

start_member a --history-size 5
start_member b --history-size 5

on a
raw_open a
raw_send a '{"type":"hello","version":1,"nick":"alice"}'
raw_expect a '"type":"welcome"'
token=$(sed 's/.*"token":"\([0-9a-f]*\)".*/\1/' <<<"$RAW_LINE")
raw_send a '{"type":"join","room":"dev","seq":1}'
raw_expect a '"type":"ack","seq":1'
raw_send a '{"type":"msg","room":"dev","text":"before","seq":2}'
raw_expect a '"type":"ack","seq":2'
last=$(sed 's/.*"id":\([0-9]*\).*/\1/' <<<"$RAW_LINE")
exec {RAW_FD[a]}>&-

# Eight in #dev through hub b; each hub's room keeps five.
on b
run_batch writer writer "/join dev" w1 w2 w3 w4 w5 w6 w7 w8
[ "$BATCH_RC" -eq 0 ] || fail "the writer failed: $(cat "$T/writer.err")"
on a
raw_open watch
raw_send watch '{"type":"hello","version":1,"nick":"watch"}'
raw_send watch '{"type":"join","room":"dev","seq":1}'
raw_expect watch '"text":"w8"'
exec {RAW_FD[watch]}>&-

# alice resumes on hub b.
on b
raw_open b
raw_send b "{\"type\":\"hello\",\"version\":1,\"nick\":\"alice\",\"token\":\"$token\",\"last_id\":$last}"
raw_expect b '"resumed":true'
raw_expect b '"type":"room","room":"dev"'
[[ $RAW_LINE == *'"gap":true'* && $RAW_LINE == *'"missed":3'[,}]* ]] ||
    fail "hub b does not say 3 missed messages are gone: $RAW_LINE"
raw_expect b '"text":"w4"'
ok "a resume on another hub of the cluster says how many are gone"
exec {RAW_FD[b]}>&-

# Hub c joins now: it reads the last five from Redis and let go of none.
start_member c --history-size 5
raw_open c
raw_send c "{\"type\":\"hello\",\"version\":1,\"nick\":\"alice\",\"token\":\"$token\",\"last_id\":$last}"
raw_expect c '"resumed":true'
raw_expect c '"type":"room","room":"dev"'
[[ $RAW_LINE != *'"gap"'* ]] ||
    fail "hub c, which never held the older messages, claims a gap: $RAW_LINE"
raw_expect c '"text":"w4"'
ok "a hub that joined later claims no gap (it does not know of one)"
exit 0
