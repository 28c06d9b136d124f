#!/bin/bash
# SPDX-License-Identifier: ISC
# A history file with two rooms of one name (an edit by hand: "dev"
# renamed "lobby", or "Lobby" beside "lobby") is refused at start-up
# with an error naming the file and the room, and left untouched; it
# used to be merged silently out of id order and then saved in a form
# the hub refused to load.  --check says the same.
. "$top_srcdir/tests/lib.sh"

H=$T/history.json

start_hub
run_batch a alice "in the lobby" "/join dev" "in dev" "/join lobby" \
    "in the lobby again"
[ "$BATCH_RC" -eq 0 ] || fail "alice could not say anything"
stop_hub TERM
grep -qF '"text":"in dev"' "$H" || fail "no message in dev saved"
history_unseal "$H"
cp "$H" "$T/orig.json"

for to in lobby Lobby; do
	sed "s/\"name\":\"dev\"/\"name\":\"$to\"/" "$T/orig.json" \
	    >"$T/twice.json"
	cp "$T/twice.json" "$H"
	"$CHATROOM" --serve --check $INSECURE --history "$H" \
	    >"$T/check.txt" 2>&1 && fail "--check passed two rooms $to"
	grep -qF "$H: room lobby appears twice in the \"rooms\" array" \
	    "$T/check.txt" || fail "--check: $(cat "$T/check.txt")"
	timeout 60 $VG "$CHATROOM" --serve $INSECURE \
	    --listen "127.0.0.1:$(pick_port)" --history "$H" \
	    >"$T/refused.out" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] || fail "the hub started with two rooms $to (exit $rc)"
	grep -qF "$H: room lobby appears twice in the \"rooms\" array" \
	    "$T/refused.out" || fail "start: $(cat "$T/refused.out")"
	grep -qF "the file was left untouched: rename one of the two rooms" \
	    "$T/refused.out" || fail "no advice: $(cat "$T/refused.out")"
	if [ "$to" = Lobby ]; then
		grep -qF "the second as Lobby" "$T/refused.out" ||
		    fail "the other spelling is not named: $(cat "$T/refused.out")"
	fi
	cmp -s "$H" "$T/twice.json" || fail "the file was changed"
	ok "two rooms named lobby and $to are refused, the file left as it was"
done

# Renamed back, the file loads with both rooms and every message.
sed 's/"name":"Lobby"/"name":"dev"/' "$T/twice.json" >"$H"
start_hub
stop_hub TERM
[ "$HUB_RC" -eq 0 ] || fail "the hub exited $HUB_RC"
for text in "in the lobby" "in dev" "in the lobby again"; do
	grep -qF "\"text\":\"$text\"" "$H" || fail "lost: $text"
done
ok "the file mended by hand loads whole"
