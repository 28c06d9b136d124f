#!/bin/bash
# SPDX-License-Identifier: ISC
# Ban and mute durations: a word after the target that looks like a
# duration (2x, 0m) is refused when it is not one, rather than taken as
# the reason of a ban for good; a ban for good says so to the operator;
# and the bound is a year of time, not a number (99999d is refused), by
# the client and by the hub for a request that skips the client's check.
. "$top_srcdir/tests/lib.sh"

start_oper_pair start_hub

client_say alice "/ban bob 2x" "/ban bob 0m x" "/ban bob 99999d"
wait_for "$T/alice.err" "2x is not a duration"
wait_for "$T/alice.err" "0m is not a duration"
wait_for "$T/alice.err" "99999d is not a duration"
client_say alice "/mute bob 53w"
wait_for "$T/alice.err" "at most 365d"
client_say alice "/bans"
wait_for "$T/alice.out" "there are no bans"
kill -0 "${CLIENT_PID[bob]}" || fail "bob was removed by a refused ban"
grep -q "banned bob\|muted bob" "$HUB_LOG" && fail "a refused ban was logged"
ok "a word that looks like a duration but is not one is refused"

# The hub refuses too: a raw request past a year, however written.
raw_login op carol
raw_send op '{"type":"oper","seq":1,"password":"s3cret"}'
raw_expect op '"seq":1'
raw_send op '{"type":"ban","seq":2,"target":"zed","duration":"99999d"}'
raw_expect op '"seq":2'
[[ $RAW_LINE == *'"code":"bad_field"'*'at most 365d'* ]] ||
    fail "99999d not refused by the hub: $RAW_LINE"
raw_send op '{"type":"ban","seq":3,"target":"zed","duration":"315360000w"}'
raw_expect op '"seq":3'
[[ $RAW_LINE == *'"code":"bad_field"'* ]] ||
    fail "315360000w not refused by the hub: $RAW_LINE"
raw_send op '{"type":"mute","seq":4,"nick":"bob","duration":"366d"}'
raw_expect op '"seq":4'
[[ $RAW_LINE == *'"code":"bad_field"'* ]] ||
    fail "a mute of 366d not refused by the hub: $RAW_LINE"
raw_send op '{"type":"ban","seq":5,"target":"zed","duration":"52w"}'
raw_expect op '"seq":5'
[[ $RAW_LINE == *'"type":"ack"'* ]] || fail "52w refused: $RAW_LINE"
wait_for "$HUB_LOG" "carol banned zed for 52w"
ok "the hub refuses a ban or a mute past a year"

# A ban for good says so; 0 asks for one, and lets the reason start
# with a digit; a reason that is a word still needs no duration.
client_say alice "/ban bob 0 2nd warning"
wait_for "$T/alice.out" "bob is banned with no end: /unban lifts it"
wait_for "$T/bob.err" "you were banned by alice for good: 2nd warning"
wait_for "$HUB_LOG" "alice banned bob for ever: 2nd warning"
client_say alice "/ban dave spam again" "/ban eve 2h"
wait_for "$T/alice.out" "dave is banned with no end"
wait_for "$HUB_LOG" "alice banned dave for ever: spam again"
wait_for "$T/alice.out" "eve is banned until"
grep -q "eve is banned with no end" "$T/alice.out" &&
    fail "a ban with an end said it has none"
ok "a ban for good says so to the operator"
