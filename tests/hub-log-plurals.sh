#!/bin/bash
# SPDX-License-Identifier: ISC
# The hub's start-up log in plain English: "1 room", "1 record
# replayed", not "1 rooms" or "1 records"; and on a first start, with
# no history file, it says it starts a new one rather than "history
# loaded from" a file that does not exist.
. "$top_srcdir/tests/lib.sh"

H=$T/history.json

start_hub
grep -qF "no history file yet: starting a new one at $H: 1 room, 0 sessions," \
    "$HUB_LOG" || fail "first start: $(grep history "$HUB_LOG")"
grep -qF "history loaded from" "$HUB_LOG" &&
    fail "a history loaded from a file that is not there"
stop_hub TERM
[ -f "$H" ] || fail "no history file written"
ok "a first start says it starts a new history file"

# One message in the journal after the file, as a killed hub leaves it.
gen=$(grep -o '"journal":[0-9]*' "$H" | head -n 1 | cut -d: -f2)
next=$(grep -o '"next_id":[0-9]*' "$H" | head -n 1 | cut -d: -f2)
[ -n "$gen" ] && [ -n "$next" ] || fail "no journal number or next id"
rm -f "$H".journal.*
printf '{"t":"msg","room":"lobby","id":%s,"ts":%s,"nick":"bob","text":"%s"}\n' \
    "$next" "$(now_ms)" "one record" >"$H.journal.$gen"
: >"$HUB_LOG"
start_hub
grep -qF "$H.journal.$gen: 1 record replayed" "$HUB_LOG" ||
    fail "one record: $(grep replayed "$HUB_LOG")"
grep -qF "history loaded from $H: 1 room, 0 sessions," "$HUB_LOG" ||
    fail "loaded: $(grep history "$HUB_LOG")"
grep -E "\b1 (rooms|records|sessions)\b" "$HUB_LOG" &&
    fail "a plural for one"
stop_hub TERM
ok "one room, one record: said in the singular"
