#!/bin/bash
# SPDX-License-Identifier: ISC
# Issue 19, item 4: rooms made for nothing.  A refused join makes no room;
# one address makes 10 rooms at once and then 12 an hour, while another
# address still makes its own; rooms nobody is in and nobody speaks in
# expire after --room-expire seconds, those in the history file too.
. "$top_srcdir/tests/lib.sh"
perl -MIO::Socket::INET -MTime::HiRes -e 1 2>/dev/null || exit 77
LOAD="perl $top_srcdir/tests/addr-load.pl"

# A value from a load report: field FILE KEY.
field() {
	sed -n "s/^$2=//p" "$1" | grep . || echo 0
}

# A join refused because the user is in 32 rooms makes no room.
HUB_NAME=refused start_hub --room-burst 100 --flood-rate 0
raw_open u
raw_send u '{"type":"hello","version":2,"nick":"joiner"}'
raw_expect u '"type":"welcome"'
for i in $(seq 1 31); do
	raw_send u "{\"type\":\"join\",\"room\":\"r$i\",\"seq\":$i}"
	raw_expect u "\"type\":\"ack\",\"seq\":$i"
done
raw_send u '{"type":"join","room":"one-too-many","seq":40}'
raw_expect u '"seq":40'
grep -qF '"code":"too_many_rooms"' <<<"$RAW_LINE" ||
    fail "a 33rd room was not refused: $RAW_LINE"
raw_send u '{"type":"create","room":"made-anyway","seq":41}'
raw_expect u '"seq":41'
grep -qF '"code":"too_many_rooms"' <<<"$RAW_LINE" ||
    fail "create in a 33rd room was not refused: $RAW_LINE"
raw_send u '{"type":"names","room":"one-too-many","seq":42}'
raw_expect u '"seq":42'
grep -qF '"code":"no_such_room"' <<<"$RAW_LINE" ||
    fail "the refused join made a room: $RAW_LINE"
raw_send u '{"type":"names","room":"made-anyway","seq":43}'
raw_expect u '"seq":43'
grep -qF '"code":"no_such_room"' <<<"$RAW_LINE" ||
    fail "the refused create made a room: $RAW_LINE"
grep -q "room one-too-many created\|room made-anyway created" "$HUB_LOG" &&
    fail "a refused join or create made a room"
ok "a refused join or create makes no room"
stop_hub TERM

# Many new rooms from one address: 10, then 12 an hour.
rm -f "$T/history.json"
HUB_NAME=rate start_hub --flood-rate 0
start=$(date +%s%N)
$LOAD rooms "$HUB_PORT" 127.0.0.1 4 3 2000 >"$T/on.txt" ||
    fail "the load tool failed"
cat "$T/on.txt"
made=$(field "$T/on.txt" joined)
refused=$(field "$T/on.txt" too_many_new_rooms)
[ "$made" -le 11 ] || fail "one address made $made rooms"
[ "$refused" -gt 0 ] || fail "no new room was refused"
rooms=$(count_in "$HUB_LOG" " created")
$LOAD rooms "$HUB_PORT" 127.0.0.2 1 60 1 y >"$T/other.txt" ||
    fail "the load tool failed"
[ "$(field "$T/other.txt" joined)" = 1 ] ||
    fail "127.0.0.2 could not make a room: $(cat "$T/other.txt")"
ok "one address made $made rooms in" \
    "$(( ($(date +%s%N) - start) / 1000000 )) ms ($refused refused," \
    "$rooms in the log); 127.0.0.2 still made one"
run_batch maker maker "/join brand-new-room"
grep -qF "too many new rooms from your address" "$T/maker.err" ||
    fail "the client does not say why: $(cat "$T/maker.err")"
ok "the client says why in plain words"
stop_hub TERM

# Junk rooms saved in the history file go once they are old enough; a
# room with a member, one spoken in lately, and the lobby stay.
rm -f "$T/history.json"
HUB_NAME=junk start_hub --room-burst 1000 --flood-rate 0 --room-expire 0
$LOAD rooms "$HUB_PORT" 127.0.0.1 4 60 200 junk >"$T/junk.txt" ||
    fail "the load tool failed"
[ "$(field "$T/junk.txt" joined)" = 200 ] || fail "$(cat "$T/junk.txt")"
client_start stayer stayer
wait_for "$T/stayer.out" "you joined #lobby"
client_say stayer "/join kept" "/join spoken" "said in spoken" "/part"
wait_for "$T/stayer.out" "<stayer> said in spoken"
# The part must reach the hub before it stops: a session saved in #spoken
# comes back in it after the restart, and the room is not empty.
wait_for "$T/stayer.out" "you left #spoken"
stop_hub TERM
[ "$(grep -o '"name":"junk' "$T/history.json" | wc -l)" = 200 ] ||
    fail "the junk rooms were not saved"
client_stop stayer
MPORT=$(pick_port)
HUB_NAME=expire start_hub --room-expire 3 --metrics "127.0.0.1:$MPORT"
client_start keeper keeper
wait_for "$T/keeper.out" "you joined #lobby"
client_say keeper "/join kept"
wait_for "$T/keeper.out" "you joined #kept"
# 200 junk rooms of the file expire within a few seconds of the start.
junk_gone() {
	[ "$(grep -c 'room junk[0-9]*r[0-9]* expired: empty and quiet' \
	    "$HUB_LOG")" -eq 200 ]
}
wait_until 15 junk_gone ||
    fail "only $(count_in "$HUB_LOG" "expired: empty and quiet") rooms expired"
grep -q "room kept expired" "$HUB_LOG" && fail "a room with a member expired"
grep -q "room lobby expired" "$HUB_LOG" && fail "the lobby expired"
wait_until 15 grep -q "room spoken expired" "$HUB_LOG" ||
    fail "the quiet room did not expire"
wait_until 20 sh -c "! grep -q '\"name\":\"junk' '$T/history.json'" ||
    fail "the history file keeps the junk rooms"
grep -q '"name":"kept"' "$T/history.json" || fail "the room in use is gone"
expired=$(metric "$MPORT" chatroom_rooms_expired_total)
[ "$expired" -ge 201 ] || fail "/metrics counts $expired expired rooms"
ok "200 saved junk rooms expired after the restart; rooms in use stay"
client_stop keeper
stop_hub TERM
