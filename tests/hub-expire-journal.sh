#!/bin/bash
# SPDX-License-Identifier: ISC
# A room that expired stays gone after a kill -9: the restarted hub does
# not bring it back, nor its messages, from the history file and the
# journals.  A room made again with the same name after the expiry comes
# back fresh after a kill -9 with only the journal: its new number, only
# its new messages.  Journals replayed twice (a second kill -9 before
# any save) give the same rooms.
. "$top_srcdir/tests/lib.sh"

command -v ss >/dev/null || exit 77

hello() {
	raw_open "$1"
	raw_send "$1" "{\"type\":\"hello\",\"version\":2,\"nick\":\"$1\"}"
	raw_expect "$1" '"type":"welcome"'
}

# The rooms a rooms answer lists, "N:name" separated by spaces.
ROOMS_SEQ=100
rooms_of() {
	ROOMS_SEQ=$(( ROOMS_SEQ + 1 ))
	raw_send "$1" "{\"type\":\"rooms\",\"seq\":$ROOMS_SEQ}"
	raw_expect "$1" "\"type\":\"roomlist\",\"seq\":$ROOMS_SEQ"
	printf '%s\n' "$RAW_LINE" | grep -o '"n":[0-9]*,"name":"[^"]*"' |
	    sed 's/"n":\([0-9]*\),"name":"\(.*\)"/\1:\2/' | tr '\n' ' ' |
	    sed 's/ $//'
}

want_rooms() {
	local got
	got=$(rooms_of "$1")
	[ "$got" = "$2" ] || fail "$3: rooms $got, not $2"
}


not_replayed() {
	case "$JOIN_LINES" in
	*"\"text\":\"$1\""*) fail "$2: \"$1\" replayed: it came back" ;;
	esac
}

# A request about a room that must not exist: NAME REQUEST-JSON SEQ.
no_such_room() {
	raw_send "$1" "$2"
	raw_expect "$1" "\"seq\":$3"
	case "$RAW_LINE" in
	*'"type":"error"'*no_such_room*) ;;
	*) fail "$4: $RAW_LINE" ;;
	esac
}

say() {
	raw_send "$1" \
	    "{\"type\":\"msg\",\"room\":\"$2\",\"text\":\"$3\",\"seq\":$4}"
	raw_expect "$1" "\"type\":\"ack\",\"seq\":$4"
}

# (a) A room with messages, left, expires; the hub is killed at once.
start_hub --room-expire 1 --flush-interval 1
hello u1
join_ok u1 old 1
say u1 old "old-one" 2
say u1 old "old-two" 3
want_rooms u1 "1:lobby 2:old" "before the expiry"
raw_send u1 '{"type":"leave","room":"old","seq":4}'
raw_expect u1 '"seq":4'
wait_for "$HUB_LOG" "room old expired" 30
stop_hub KILL
if grep -q '"name":"old"' "$T/history.json" 2>/dev/null; then
	how="the history file still held it"
else
	how="the history file no longer held it"
fi

# No flush tick from now on: only what is on disk counts.
start_hub --flush-interval 3600
hello u2
want_rooms u2 "1:lobby" "after a kill -9 following the expiry ($how)"
no_such_room u2 '{"type":"names","room":"old","seq":1}' 1 \
    "names old after the restart ($how)"
no_such_room u2 '{"type":"join","room":2,"seq":2}' 2 \
    "join 2 (the expired room's number) after the restart ($how)"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
grep -q '"name":"old"\|old-one\|old-two' "$T/history.json" &&
    fail "the history file saved after the restart has the expired room"
ok "a room that expired stays gone after a kill -9 ($how)"

# (b) The same name made again after the expiry, in the journal only.
start_hub --room-expire 1 --flush-interval 1
hello u3
join_ok u3 again 1
say u3 again "first-life" 2
raw_send u3 '{"type":"leave","room":"again","seq":3}'
raw_expect u3 '"seq":3'
wait_for "$HUB_LOG" "room again expired" 30
# The expiry is logged, then journaled in the same tick: kill once the
# state a restart would load (the journals' last state record, or the
# history file if they hold none) is without the room; under valgrind
# the log line and the journal's write can be far enough apart for a
# kill between them.
expiry_journaled() {
	local last
	last=$(ls -v "$T"/history.json.journal.* 2>/dev/null |
	    while read -r f; do cat "$f"; done |
	    grep '"rooms":\[' | tail -n 1)
	[ -n "$last" ] || last=$(cat "$T/history.json")
	! grep -q '"name":"again"' <<<"$last"
}
wait_until 10 expiry_journaled ||
    fail "the expiry of again was not journaled"
stop_hub KILL

start_hub --flush-interval 3600
hello u4
want_rooms u4 "1:lobby" "after again expired"
join_ok u4 again 1
not_replayed "first-life" "again made anew"
say u4 again "second-life" 2
want_rooms u4 "1:lobby 4:again" "again made anew"
grep -q 'second-life' "$T/history.json" &&
    fail "second-life reached the history file: the journal is not tested"
stop_hub KILL

start_hub --flush-interval 3600
hello u5
want_rooms u5 "1:lobby 4:again" "after a kill -9 with again in the journal"
join_ok u5 4 1
replayed "second-life" "again after a kill -9"
not_replayed "first-life" "again after a kill -9"
ok "a room made again after its expiry comes back fresh after a kill -9:" \
    "its new number, only its new messages"

# (c) Killed again before any save: the journals are replayed twice.
stop_hub KILL
start_hub --flush-interval 3600
hello u6
want_rooms u6 "1:lobby 4:again" "after a second kill -9"
join_ok u6 again 1
replayed "second-life" "again after a second kill -9"
not_replayed "first-life" "again after a second kill -9"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
grep -q '"name":"again","number":4' "$T/history.json" ||
    fail "the history file does not keep again as number 4"
grep -q 'first-life' "$T/history.json" &&
    fail "the history file has the expired room's message"
ok "journals replayed twice give the same rooms"
exit 0
