#!/bin/bash
# SPDX-License-Identifier: ISC
# The history file carries a SHA-256 of its content.  A file damaged on
# disk (a byte changed inside a message, a file cut short) is never
# loaded as if it were whole, nor overwritten: the hub keeps it aside as
# history.json.damaged-TIME, says so in the log, and starts from what the
# journals beside it hold.  --check reports it and touches nothing.  A
# file without a checksum (an older hub's) still loads.
. "$top_srcdir/tests/lib.sh"

H=$T/history.json

start_hub
run_batch first alice "first words of the day"
[ "$BATCH_RC" -eq 0 ] || fail "alice could not say anything"
stop_hub TERM
grep -q '^{"sha256":"[0-9a-f]\{64\}","version":1,' "$H" ||
    fail "no checksum at the head of the history file: $(head -c 100 "$H")"
"$CHATROOM" --serve --check $INSECURE --history "$H" >"$T/check.txt" 2>&1 ||
    fail "--check refused a sound file: $(cat "$T/check.txt")"
cp "$H" "$T/sound.json"
ok "the history file carries its checksum, and loads"

# One byte changed inside the text: still valid JSON, but damaged.
sed 's/first words of the day/first words of the dax/' "$T/sound.json" >"$H"
cmp -s "$H" "$T/sound.json" && fail "the damage did not take"
cp "$H" "$T/damaged.json"
"$CHATROOM" --serve --check $INSECURE --history "$H" >"$T/check.txt" 2>&1 &&
    fail "--check passed a damaged file"
grep -qF "history.json: damaged: its content does not match its checksum" \
    "$T/check.txt" || fail "--check: $(cat "$T/check.txt")"
cmp -s "$H" "$T/damaged.json" || fail "--check changed the damaged file"
ok "--check reports a damaged file and leaves it"

# The journal beside it, as a hub killed after one more message leaves it.
gen=$(grep -o '"journal":[0-9]*' "$H" | head -n 1 | cut -d: -f2)
next=$(grep -o '"next_id":[0-9]*' "$H" | head -n 1 | cut -d: -f2)
[ -n "$gen" ] && [ -n "$next" ] || fail "no journal number or next id"
printf '{"t":"msg","room":"lobby","id":%s,"ts":%s,"nick":"bob","text":"%s"}\n' \
    "$next" "$(now_ms)" "kept by the journal" >"$H.journal.$gen"
start_hub
grep -qF "history.json: damaged: its content does not match its checksum" \
    "$HUB_LOG" || fail "the log does not say the file is damaged"
grep -qF "kept as $H.damaged-" "$HUB_LOG" ||
    fail "the log does not say where the damaged file is"
set -- "$H".damaged-*
[ -f "$1" ] && [ $# -eq 1 ] || fail "no damaged copy kept: $*"
cmp -s "$1" "$T/damaged.json" || fail "the damaged copy is not the file"
stop_hub TERM
[ "$HUB_RC" -eq 0 ] || fail "the hub exited $HUB_RC"
grep -qF '"text":"kept by the journal"' "$H" ||
    fail "the journal's message was not loaded"
grep -qF 'first words of the da' "$H" &&
    fail "a message of the damaged file was loaded"
grep -q '^{"sha256":"[0-9a-f]\{64\}",' "$H" || fail "the new file has no checksum"
new=$(grep -o '"next_id":[0-9]*' "$H" | head -n 1 | cut -d: -f2)
[ "$new" -gt "$next" ] || fail "ids went back: next id $new, was $next"
cmp -s "$1" "$T/damaged.json" || fail "the damaged copy was overwritten"
ok "a damaged file is kept aside and the journal is loaded"

# Cut short by a disk fault: not taken for an invalid file either, and a
# second damaged copy does not replace the first.
rm -f "$H".journal.*
head -c 200 "$T/sound.json" >"$H"
cp "$H" "$T/cut.json"
start_hub
grep -qF "history.json: damaged: its content does not match its checksum" \
    "$HUB_LOG" || fail "a file cut short was not found damaged"
stop_hub TERM
n=0
for f in "$H".damaged-*; do
	cmp -s "$f" "$T/cut.json" && n=$((n + 1))
	cmp -s "$f" "$T/damaged.json" && n=$((n + 10))
done
[ "$n" -eq 11 ] || fail "the damaged copies are not both kept ($n)"
ok "a file cut short is kept aside too, beside the first"

# An older hub's file, without a checksum, still loads.
rm -f "$H".journal.* "$H".damaged-*
cp "$T/sound.json" "$H"
history_unseal "$H"
grep -q '^{"version"' "$H" || fail "history_unseal did nothing"
start_hub
stop_hub TERM
grep -qF '"text":"first words of the day"' "$H" ||
    fail "a file without a checksum did not load"
ls "$H".damaged-* >/dev/null 2>&1 && fail "a file without checksum set aside"
ok "a file without a checksum loads as before"
