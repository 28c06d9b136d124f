#!/bin/bash
# SPDX-License-Identifier: ISC
# The history file carries a SHA-256 of its content.  A file damaged on
# disk (a byte changed inside a message, a file cut short) is never
# loaded as if it were whole, nor overwritten, nor set aside: like any
# other damaged file it stops the hub with an error naming it, which
# says the file was left untouched, names history.json.backup if there
# is one, and how a file edited by hand on purpose is made to load
# (delete its "sha256" field).  --check says the same.  A file without
# a checksum (an older hub's, or one so edited) still loads.
. "$top_srcdir/tests/lib.sh"

H=$T/history.json

# Start a hub that must refuse to start: sets REFUSE_RC, output in
# $T/refused.out.  A hub that starts all the same is stopped by timeout.
refuse_start() {
	timeout 60 $VG "$CHATROOM" --serve $INSECURE \
	    --listen "127.0.0.1:$(pick_port)" --history "$H" \
	    >"$T/refused.out" 2>&1
	REFUSE_RC=$?
}

start_hub
run_batch first alice "first words of the day"
[ "$BATCH_RC" -eq 0 ] || fail "alice could not say anything"
kill -USR1 "$HUB_PID"
wait_for "$HUB_LOG" "backup written to"
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
ls "$H".journal.* >"$T/journals.before" 2>/dev/null
"$CHATROOM" --serve --check $INSECURE --history "$H" >"$T/check.txt" 2>&1 &&
    fail "--check passed a damaged file"
for want in "history.json: damaged: its content does not match its checksum" \
    "the hub does not start and the file was left untouched" \
    "a backup is at $H.backup" \
    "if it was edited by hand on purpose, delete its \"sha256\" field"; do
	grep -qF -- "$want" "$T/check.txt" ||
	    fail "--check does not say '$want': $(cat "$T/check.txt")"
done
cmp -s "$H" "$T/damaged.json" || fail "--check changed the damaged file"
ok "--check reports a damaged file, names the backup, and leaves it"

refuse_start
[ "$REFUSE_RC" -eq 1 ] || fail "the hub did not refuse a damaged file" \
    "(exit $REFUSE_RC): $(cat "$T/refused.out")"
cmp -s "$T/check.txt" <(grep -v "^==" "$T/refused.out") ||
    fail "the start and --check say different things:" \
    "$(cat "$T/check.txt" "$T/refused.out")"
cmp -s "$H" "$T/damaged.json" || fail "the damaged file was changed"
ls "$H".damaged-* >/dev/null 2>&1 && fail "the damaged file was set aside"
ls "$H".journal.* 2>/dev/null | cmp -s - "$T/journals.before" ||
    fail "a refused start changed the journals: $(ls "$H".journal.*)"
ok "a damaged file stops the hub, and is left untouched"

# Cut short by a disk fault: refused too, and no backup named.
rm -f "$H.backup"
head -c 200 "$T/sound.json" >"$H"
cp "$H" "$T/cut.json"
refuse_start
[ "$REFUSE_RC" -eq 1 ] || fail "the hub did not refuse a file cut short"
grep -qF "history.json: damaged: its content does not match its checksum" \
    "$T/refused.out" || fail "a file cut short: $(cat "$T/refused.out")"
grep -qF "backup" "$T/refused.out" &&
    fail "a backup that is not there is named: $(cat "$T/refused.out")"
cmp -s "$H" "$T/cut.json" || fail "the file cut short was changed"
ok "a file cut short stops the hub too"

# An administrator who edited the file on purpose deletes the checksum.
cp "$T/damaged.json" "$H"
history_unseal "$H"
grep -q '^{"version"' "$H" || fail "history_unseal did nothing"
start_hub
run_batch second bob "after the edit"
stop_hub TERM
[ "$HUB_RC" -eq 0 ] || fail "the hub exited $HUB_RC"
grep -qF '"text":"first words of the dax"' "$H" ||
    fail "the file edited on purpose did not load"
grep -q '^{"sha256":"[0-9a-f]\{64\}",' "$H" || fail "the new file has no checksum"
ok "a file without its checksum loads as it is, and the next save seals it"

# An older hub's file, without a checksum, still loads.
rm -f "$H".journal.*
cp "$T/sound.json" "$H"
history_unseal "$H"
start_hub
stop_hub TERM
grep -qF '"text":"first words of the day"' "$H" ||
    fail "a file without a checksum did not load"
ok "a file without a checksum loads as before"
