#!/bin/bash
# SPDX-License-Identifier: ISC
# CHATHISTORY BETWEEN and AROUND, from the same stored history as LATEST,
# BEFORE and AFTER: BETWEEN gives the messages strictly between its two
# references (bounds excluded), from the first towards the second, in
# either direction; AROUND gives limit messages with the one it names in
# the middle.  Both come oldest first, by msgid or by timestamp, and a
# reference that is neither is refused, as is AROUND a msgid not held.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

command -v perl >/dev/null || exit 77

# A history file with 400 messages "mN" (N its id, sent at BASE + N
# seconds) in #big; the hub keeps the last 300 (101 to 400).
base=$(( $(date +%s) - 3600 ))
perl - "$base" >"$T/history.json" <<'EOF'
use strict; use warnings;
my $base = $ARGV[0] * 1000;
print qq({"version":1,"next_id":401,"rooms":[);
print qq({"name":"lobby","topic":"","created":$base,"messages":[]},);
print qq({"name":"big","topic":"","created":$base,"messages":[);
print join(',', map { qq({"id":$_,"ts":) . ($base + $_ * 1000) .
    qq(,"nick":"old","text":"m$_"}) } 1 .. 400), "]}";
print qq(],"claims":[],"bans":[],"sessions":[]}\n);
EOF

# The timestamp reference of message N.
at() {
	date -u -d "@$((base + $1))" +timestamp=%Y-%m-%dT%H:%M:%S.000Z
}

# Send a request and wait for all it brings (a PING behind it); the lines
# are in $T/answer.
n=0
request() {
	local before
	before=$(wc -l <"$T/h.irc")
	n=$((n + 1))
	irc_send h "$*" "PING :done$n"
	irc_wait h "PONG irc.test :done$n"
	tail -n +"$((before + 1))" "$T/h.irc" | tr -d '\r' >"$T/answer"
}

# Ask and check the ids that come, in order: ask FIRST LAST REQUEST
# (FIRST greater than LAST: none, an empty batch).
ask() {
	local first=$1 last=$2
	shift 2
	request "$@"
	grep -q "^:irc.test BATCH +h[0-9]* chathistory #big" "$T/answer" &&
	    grep -q "^:irc.test BATCH -h" "$T/answer" ||
	    fail "$*: no batch: $(cat "$T/answer")"
	grep "^@batch=h.* PRIVMSG #big :m" "$T/answer" |
	    sed 's/.*PRIVMSG #big :m//' >"$T/ids"
	seq "$first" "$last" | cmp -s - "$T/ids" ||
	    fail "$*: $(wc -l <"$T/ids") messages" \
	    "($(head -n 1 "$T/ids")..$(tail -n 1 "$T/ids")), not" \
	    "$first..$last"
}

# Ask and expect a FAIL: refused TEXT REQUEST.
refused() {
	local text=$1
	shift
	request "$@"
	grep -qF "$text" "$T/answer" || fail "$*: $(cat "$T/answer")"
	grep -q "BATCH" "$T/answer" && fail "$*: a batch as well"
	return 0
}

start_irc_hub --irc-server-name irc.test --history-size 300 \
    --room-history-bytes 1048576 --flood-rate 0
irc_open h
irc_send h "CAP REQ :batch message-tags server-time draft/chathistory" \
    "CAP END"
irc_register h hist
irc_send h "JOIN #big"
irc_wait h " 366 hist #big "

# BETWEEN forwards: the earliest after the first reference, up to the
# second, neither included.
ask 151 159 "CHATHISTORY BETWEEN #big msgid=150 msgid=160 100"
ask 151 155 "CHATHISTORY BETWEEN #big msgid=150 msgid=300 5"
ask 151 159 "CHATHISTORY BETWEEN #big $(at 150) $(at 160) 100"
ask 151 159 "CHATHISTORY BETWEEN #big $(at 150) msgid=160 50"
ok "BETWEEN forwards: bounds excluded, the earliest limit, by msgid or time"

# BETWEEN backwards: the latest before the first, oldest first.
ask 295 299 "CHATHISTORY BETWEEN #big msgid=300 msgid=150 5"
ask 151 159 "CHATHISTORY BETWEEN #big msgid=160 msgid=150 100"
ask 296 299 "CHATHISTORY BETWEEN #big $(at 300) $(at 150) 4"
ok "BETWEEN backwards: the latest limit before the first, oldest first"

# Nothing between: an empty batch.
ask 1 0 "CHATHISTORY BETWEEN #big msgid=150 msgid=151 10"
ask 1 0 "CHATHISTORY BETWEEN #big msgid=200 msgid=200 10"
ask 1 0 "CHATHISTORY BETWEEN #big msgid=151 msgid=150 10"
# A msgid the room does not hold stands for its place among the ids.
ask 391 400 "CHATHISTORY BETWEEN #big msgid=390 msgid=99999 100"
ask 396 400 "CHATHISTORY BETWEEN #big msgid=99999 msgid=390 5"
# Clamped to what the room keeps (--history-size), not refused.
ask 101 400 "CHATHISTORY BETWEEN #big msgid=0 msgid=401 1000000"
ok "BETWEEN: empty ranges, ids not held, a limit above the room's size"

# AROUND: the message named in the middle, limit in all.
ask 198 202 "CHATHISTORY AROUND #big msgid=200 5"
ask 198 201 "CHATHISTORY AROUND #big msgid=200 4"
ask 200 200 "CHATHISTORY AROUND #big msgid=200 1"
ask 249 251 "CHATHISTORY AROUND #big $(at 250) 3"
# At either end of what the room keeps: more on the other side.
ask 101 106 "CHATHISTORY AROUND #big msgid=102 6"
ask 395 400 "CHATHISTORY AROUND #big msgid=399 6"
ask 101 400 "CHATHISTORY AROUND #big msgid=200 1000"
ok "AROUND: limit messages centred on the one named, shifted at the ends"

# What reaches past the oldest message kept says so before the batch;
# a range the room holds whole does not.
request "CHATHISTORY BETWEEN #big msgid=50 msgid=120 100"
grep -q "^:irc.test NOTICE #big :.* no longer kept by the hub" \
    "$T/answer" || fail "BETWEEN 50 120: no NOTICE: $(cat "$T/answer")"
request "CHATHISTORY AROUND #big msgid=101 9"
grep -q "NOTICE #big" "$T/answer" || fail "AROUND 101: no NOTICE"
request "CHATHISTORY BETWEEN #big msgid=150 msgid=160 100"
grep -q "NOTICE" "$T/answer" && fail "BETWEEN 150 160: a NOTICE"
ok "a NOTICE when BETWEEN or AROUND reach past what the room keeps"

# References that are neither msgid= nor timestamp=, and other errors.
refused "FAIL CHATHISTORY INVALID_PARAMS * :Invalid message reference" \
    "CHATHISTORY BETWEEN #big msgid=150 * 10"
refused "FAIL CHATHISTORY INVALID_PARAMS id=150 :Invalid message reference" \
    "CHATHISTORY BETWEEN #big id=150 msgid=160 10"
refused "FAIL CHATHISTORY INVALID_PARAMS msgid=x :Invalid message reference" \
    "CHATHISTORY AROUND #big msgid=x 10"
refused "FAIL CHATHISTORY INVALID_PARAMS timestamp=yesterday :Invalid" \
    "CHATHISTORY AROUND #big timestamp=yesterday 10"
refused "FAIL CHATHISTORY INVALID_PARAMS * :Invalid message reference" \
    "CHATHISTORY AROUND #big * 10"
# AROUND a msgid the room does not hold (let go, never sent, another
# room's): no neighbours of some other message.
refused "FAIL CHATHISTORY INVALID_MSGREFTOKEN msgid=50 :Unknown message" \
    "CHATHISTORY AROUND #big msgid=50 5"
refused "FAIL CHATHISTORY INVALID_MSGREFTOKEN msgid=99999 :Unknown" \
    "CHATHISTORY AROUND #big msgid=99999 5"
refused "FAIL CHATHISTORY INVALID_MSGREFTOKEN msgid=0 :Unknown" \
    "CHATHISTORY AROUND #big msgid=0 5"
refused "FAIL CHATHISTORY NEED_MORE_PARAMS BETWEEN :Missing parameters" \
    "CHATHISTORY BETWEEN #big msgid=150 msgid=160"
refused "FAIL CHATHISTORY INVALID_PARAMS 0 :Invalid limit" \
    "CHATHISTORY AROUND #big msgid=150 0"
refused "FAIL CHATHISTORY INVALID_TARGET #none :You are not on that channel" \
    "CHATHISTORY BETWEEN #none msgid=1 msgid=9 10"
refused "FAIL CHATHISTORY INVALID_PARAMS TARGETS :Unknown subcommand" \
    "CHATHISTORY TARGETS $(at 1) $(at 9) 10"
ok "bad references, a missing limit, a room not joined: FAIL, no batch"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
