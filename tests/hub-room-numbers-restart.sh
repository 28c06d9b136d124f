#!/bin/bash
# SPDX-License-Identifier: ISC
# Room numbers outlive the hub: after a clean stop, after a kill -9 once
# the periodic save and journal ran, and after a kill -9 with only the
# journal, every room keeps the number it had (the rooms answer shows it
# and join by it enters that room), the number of a room that expired is
# never given again, and new rooms are numbered above every number given.
# A history file from before numbers were kept loads, numbered in its
# order; bad and duplicate numbers in a file are said in the log and
# mended, losing no room or message.
. "$top_srcdir/tests/lib.sh"

command -v ss >/dev/null || exit 77

# The rooms a rooms answer lists, "N:name" separated by spaces.
ROOMS_SEQ=100
rooms_of() {
	local name=$1
	ROOMS_SEQ=$(( ROOMS_SEQ + 1 ))
	raw_send "$name" "{\"type\":\"rooms\",\"seq\":$ROOMS_SEQ}"
	raw_expect "$name" "\"type\":\"roomlist\",\"seq\":$ROOMS_SEQ"
	printf '%s\n' "$RAW_LINE" | grep -o '"n":[0-9]*,"name":"[^"]*"' |
	    sed 's/"n":\([0-9]*\),"name":"\(.*\)"/\1:\2/' | tr '\n' ' ' |
	    sed 's/ $//'
}

# Check the rooms answer: want_rooms NAME "1:lobby 2:alpha ..." WHEN.
want_rooms() {
	local got
	got=$(rooms_of "$1")
	[ "$got" = "$2" ] || fail "$3: rooms $got, not $2"
}

# A new connection with a fresh nick.
hello() {
	raw_open "$1"
	raw_send "$1" "{\"type\":\"hello\",\"version\":2,\"nick\":\"$1\"}"
	raw_expect "$1" '"type":"welcome"'
}


# join by number N enters the room named R (the hub's log says who joined).
join_number_is() {
	local who=$1 n=$2 room=$3
	join_ok "$who" "$n" "$4"
	wait_for "$HUB_LOG" "$who joined $room"
}

# join by number N is refused: no such room.
join_number_none() {
	raw_send "$1" "{\"type\":\"join\",\"room\":$2,\"seq\":$3}"
	raw_expect "$1" "\"seq\":$3"
	case "$RAW_LINE" in
	*'"type":"error"'*no_such_room*) ;;
	*) fail "join $2 (no such room): $RAW_LINE" ;;
	esac
}

say() {
	raw_send "$1" "{\"type\":\"msg\",\"room\":\"$2\",\"text\":\"$3\",\"seq\":$4}"
	raw_expect "$1" "\"seq\":$4"
}

# (a) Rooms made, one of them left to expire, then a clean stop.
start_hub --room-expire 2 --flush-interval 1
hello u1
join_ok u1 alpha 1
join_ok u1 gone 2
join_ok u1 beta 3
say u1 alpha "in alpha" 4
raw_send u1 '{"type":"leave","room":"gone","seq":5}'
raw_expect u1 '"seq":5'
wait_for "$HUB_LOG" "room gone expired" 30
join_ok u1 gamma 6
want_rooms u1 "1:lobby 2:alpha 4:beta 5:gamma" "before the stop"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"

start_hub --flush-interval 1
hello u2
want_rooms u2 "1:lobby 2:alpha 4:beta 5:gamma" "after a clean stop"
grep -q '"last_room_number":5' "$T/history.json" ||
    fail "the history file does not keep the highest number"
join_number_is u2 4 beta 1
join_number_is u2 2 alpha 2
replayed "in alpha"
join_number_none u2 3 3
join_ok u2 delta 4
want_rooms u2 "1:lobby 2:alpha 4:beta 5:gamma 6:delta" \
    "a room made after the restart"
ok "a clean stop: rooms keep their numbers, join 4 enters beta, the" \
    "number of the room that expired (3) is not given again"

# (b) A kill -9 once the periodic save and journal hold a new room.
join_ok u2 epsilon 5
say u2 epsilon "in epsilon" 6
wait_until 30 grep -q '"name":"epsilon","number":7' "$T/history.json" ||
    fail "the periodic save did not hold epsilon"
stop_hub KILL
start_hub --flush-interval 3600
hello u3
want_rooms u3 "1:lobby 2:alpha 4:beta 5:gamma 6:delta 7:epsilon" \
    "after a kill -9 following the save"
join_number_is u3 7 epsilon 1
replayed "in epsilon"
ok "a kill -9 after the periodic save: epsilon is still room 7"

# (c) A kill -9 with the new rooms only in the journal (the hub saves
# every hour here): one room with a message and one without.
join_ok u3 zeta 2
say u3 zeta "in zeta" 3
join_ok u3 eta 4
want_rooms u3 "1:lobby 2:alpha 4:beta 5:gamma 6:delta 7:epsilon 8:zeta 9:eta" \
    "before a kill -9 with only the journal"
grep -q '"zeta"' "$T/history.json" &&
    fail "zeta reached the history file: the journal is not tested"
stop_hub KILL
start_hub --flush-interval 1
hello u4
want_rooms u4 "1:lobby 2:alpha 4:beta 5:gamma 6:delta 7:epsilon 8:zeta 9:eta" \
    "after a kill -9 with only the journal"
join_number_is u4 8 zeta 1
replayed "in zeta"
join_number_is u4 9 eta 2
join_ok u4 theta 3
want_rooms u4 \
    "1:lobby 2:alpha 4:beta 5:gamma 6:delta 7:epsilon 8:zeta 9:eta 10:theta" \
    "a room made after a kill -9"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
ok "a kill -9 with only the journal: zeta and eta keep 8 and 9, a new" \
    "room is 10"

# (d) A history file from before numbers were kept.
now=$(now_ms)
room() {
	printf '{"name":"%s","topic":"","created":%s,"messages":[%s]}' \
	    "$1" "$now" "$2"
}
msg() {
	printf '{"id":%s,"ts":%s,"nick":"old","text":"%s"}' "$1" "$now" "$2"
}
printf '{"version":1,"next_id":4,"rooms":[%s,%s,%s,%s],"claims":[],"bans":[]}\n' \
    "$(room lobby "")" "$(room r-a "$(msg 1 in-a)")" \
    "$(room r-b "$(msg 2 in-b)")" "$(room r-c "$(msg 3 in-c)")" \
    >"$T/history.json"
rm -f "$T"/history.json.journal.*
HUB_NAME=old start_hub
hello u5
want_rooms u5 "1:lobby 2:r-a 3:r-b 4:r-c" "an old file"
wait_for "$HUB_LOG" "history: 4 rooms had no number"
wait_until 30 grep -q '"name":"r-c","number":4' "$T/history.json" ||
    fail "the numbers given to an old file's rooms were not saved"
join_number_is u5 3 r-b 1
replayed "in-b"
join_ok u5 r-d 2
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
HUB_NAME=old start_hub
hello u6
want_rooms u6 "1:lobby 2:r-a 3:r-b 4:r-c 5:r-d" "an old file saved again"
stop_hub TERM
ok "a file without numbers loads, numbered in its order, and keeps them"

# (e) Bad and duplicate numbers: the later room gets a new number above
# every number given (last_room_number 7 here), with a line in the log;
# no room or message is lost.
nroom() {
	printf '{"name":"%s","number":%s,"topic":"","created":%s,"messages":[%s]}' \
	    "$1" "$2" "$now" "$3"
}
printf '{"version":1,"next_id":6,"last_room_number":7,"rooms":[%s,%s,%s,%s,%s,%s]}\n' \
    "$(nroom lobby 1 "")" "$(nroom x 5 "$(msg 1 in-x)")" \
    "$(nroom y 5 "$(msg 2 in-y)")" "$(nroom z -3 "$(msg 3 in-z)")" \
    "$(nroom w '"six"' "$(msg 4 in-w)")" \
    "$(nroom v 9007199254740993 "$(msg 5 in-v)")" >"$T/history.json"
rm -f "$T"/history.json.journal.*
HUB_NAME=bad start_hub
hello u7
want_rooms u7 "1:lobby 5:x 8:y 9:z 10:w 11:v" "a file with bad numbers"
wait_for "$HUB_LOG" "history: room y has number 5, as room x has: it is now number 8"
wait_for "$HUB_LOG" "history: room z has a bad number"
wait_for "$HUB_LOG" "history: room v has a bad number"
wait_until 30 grep -q '"name":"y","number":8' "$T/history.json" ||
    fail "the mended numbers were not saved"
join_number_is u7 8 y 1
replayed "in-y"
join_number_is u7 11 v 2
replayed "in-v"
join_ok u7 new 3
want_rooms u7 "1:lobby 5:x 8:y 9:z 10:w 11:v 12:new" \
    "a room made after bad numbers"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
ok "bad and duplicate numbers: said in the log, mended above the highest" \
    "number, no room or message lost"
exit 0
