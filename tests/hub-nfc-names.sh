#!/bin/bash
# SPDX-License-Identifier: ISC
# Names are compared and kept in Unicode NFC: "élodie" spelled with
# U+00E9 or with e + U+0301, and "민수" as two syllables or as six
# conjoining jamo, are one nick, taken by whoever has it, on the native
# protocol and on the IRC listener; a room created in one spelling and
# joined in the other is the same room; a name that starts with a
# combining mark is refused.  A history file holding two spellings of
# one claimed nick keeps the first and still loads.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

ELODIE=$'\xc3\xa9lodie'				# U+00E9
ELODIE_NFD=$'e\xcc\x81lodie'			# e U+0301
MINSU=$'\xeb\xaf\xbc\xec\x88\x98'		# 민수, two syllables
MINSU_NFD=$'\xe1\x84\x86\xe1\x85\xb5\xe1\x86\xab\xe1\x84\x89\xe1\x85\xae'
SEOUL=$'\xec\x84\x9c\xec\x9a\xb8'		# 서울
SEOUL_NFD=$'\xe1\x84\x89\xe1\x85\xa5\xe1\x84\x8b\xe1\x85\xae\xe1\x86\xaf'

start_irc_hub

raw_login a "$ELODIE"
raw_login m "$MINSU"
raw_open b
raw_send b "{\"type\":\"hello\",\"version\":1,\"nick\":\"$ELODIE_NFD\"}"
raw_expect b '"type":"error"'
[[ $RAW_LINE == *'"code":"nick_taken"'* ]] ||
    fail "e + U+0301 lodie was not refused as taken: $RAW_LINE"
raw_open k
raw_send k "{\"type\":\"hello\",\"version\":1,\"nick\":\"$MINSU_NFD\"}"
raw_expect k '"type":"error"'
[[ $RAW_LINE == *'"code":"nick_taken"'* ]] ||
    fail "민수 in conjoining jamo was not refused as taken: $RAW_LINE"
ok "the decomposed spelling of a connected nick is refused as taken"

irc_open i
irc_send i "NICK $MINSU_NFD" "USER x 0 * :x"
irc_wait i " 433 "
irc_send i "NICK $ELODIE_NFD"
wait_until 10 eval "[ \$(count_in \"\$T/i.irc\" ' 433 ') -ge 2 ]" ||
    fail "IRC NICK took the decomposed spelling of élodie"
irc_send i "NICK zoe"
irc_wait i " 001 zoe "
ok "IRC NICK in the decomposed spelling is refused as in use"

# A new nick in NFD is kept in NFC.
raw_open n
raw_send n "{\"type\":\"hello\",\"version\":1,\"nick\":\"n$ELODIE_NFD\"}"
raw_expect n '"type":"welcome"'
[[ $RAW_LINE == *"\"nick\":\"n$ELODIE\""* ]] ||
    fail "a decomposed new nick was not put in NFC: $RAW_LINE"
ok "a new nick given decomposed is kept composed"

# A client given a decomposed nick claims it composed, and its key opens
# it in either spelling; another key is refused it.
run_batch z1 "z$ELODIE_NFD" "first words"
[ "$BATCH_RC" -eq 0 ] || fail "z + decomposed élodie: $(cat "$T/z1.err")"
run_batch z2 "z$ELODIE_NFD" "again"
[ "$BATCH_RC" -eq 0 ] ||
    fail "the key of a decomposed nick did not open it: $(cat "$T/z2.err")"
cp -r "$T/state/z$ELODIE_NFD" "$T/state/z$ELODIE"
run_batch z3 "z$ELODIE" "composed"
[ "$BATCH_RC" -eq 0 ] ||
    fail "the key did not open the composed spelling: $(cat "$T/z3.err")"
raw_open z
raw_send z "{\"type\":\"hello\",\"version\":1,\"nick\":\"z$ELODIE\"}"
raw_expect z '"type":"error"'
[[ $RAW_LINE == *'"code":"nick_claimed"'* ]] ||
    fail "a nick claimed decomposed is free composed: $RAW_LINE"
ok "a nick claimed decomposed opens for its key alone, in either spelling"

# One room, whichever spelling: created composed, joined decomposed.
join_ok a "$SEOUL" 1
join_ok m "$SEOUL_NFD" 2
raw_send m "{\"type\":\"msg\",\"room\":\"$SEOUL_NFD\",\"text\":\"same room\","\
"\"seq\":3}"
raw_expect a '"text":"same room"'
[[ $RAW_LINE == *"\"room\":\"$SEOUL\""* ]] ||
    fail "the message came in another room: $RAW_LINE"
irc_send i "JOIN #$SEOUL_NFD"
irc_wait i " 366 zoe #$SEOUL :"
grep -q " 353 zoe . #$SEOUL :.*$MINSU" "$T/i.irc" ||
    fail "IRC JOIN in the decomposed spelling found another room"
# The target in NFC, the text as it came.
irc_send i "PRIVMSG #$SEOUL_NFD :$ELODIE_NFD from irc"
raw_expect a "from irc"
[[ $RAW_LINE == *"\"room\":\"$SEOUL\""* &&
    $RAW_LINE == *"\"text\":\"$ELODIE_NFD from irc\""* ]] ||
    fail "IRC PRIVMSG to the decomposed channel: $RAW_LINE"
raw_send a '{"type":"rooms","seq":4}'
raw_expect a '"type":"roomlist"'
[ "$(grep -o "\"name\":\"[^\"]*\"" <<<"$RAW_LINE" |
    grep -c -e "$SEOUL" -e "$SEOUL_NFD")" -eq 1 ] ||
    fail "two rooms for one name: $RAW_LINE"
ok "a room joined in another spelling of its name is the same room"

# No base for the mark.
raw_open x
raw_send x $'{"type":"hello","version":1,"nick":"\xcc\x81lodie"}'
raw_expect x '"code":"nick_invalid"'
[[ $RAW_LINE == *"combining mark (U+0301)"* ]] ||
    fail "no reason for a nick starting with a mark: $RAW_LINE"
raw_send a $'{"type":"join","room":"\xcc\x81lodie","seq":5}'
raw_expect a '"seq":5'
[[ $RAW_LINE == *'"code":"room_invalid"'*"combining mark"* ]] ||
    fail "a room name starting with a mark: $RAW_LINE"
ok "a name starting with a combining mark is refused"
stop_hub TERM

# A history file from before: a room in both spellings is refused as
# rooms differing in case only are (which to keep is the operator's
# call: merging them would reorder messages).
now=$(( $(date +%s) * 1000 ))
cat >"$T/history.json" <<JSON
{"version":1,"next_id":3,"saved":$now,
 "rooms":[{"name":"$SEOUL","topic":"","created":$now,"messages":[
  {"id":1,"ts":$now,"nick":"$ELODIE","text":"first room"}]},
  {"name":"$SEOUL_NFD","topic":"","created":$now,"messages":[
  {"id":2,"ts":$now,"nick":"$ELODIE_NFD","text":"second room"}]}],
 "claims":[], "bans":[]}
JSON
cp "$T/history.json" "$T/before.json"
"$CHATROOM" --serve --insecure --listen "127.0.0.1:$(pick_port)" \
    --history "$T/history.json" >"$T/dup.log" 2>&1 &&
    fail "a hub started with one room twice in its history file"
grep -q "room $SEOUL appears twice" "$T/dup.log" ||
    fail "no reason for refusing the history file: $(cat "$T/dup.log")"
cmp -s "$T/history.json" "$T/before.json" || fail "the history file changed"
ok "a room in two spellings in the history file is refused, the file kept"

# One nick claimed in both spellings (with different keys): the first
# is kept; a room and a claim kept decomposed are loaded composed.
key1=$(printf '%064d' 1)
key2=$(printf '%064d' 2)
cat >"$T/history.json" <<JSON
{"version":1,"next_id":2,"saved":$now,
 "rooms":[{"name":"$SEOUL_NFD","topic":"","created":$now,"messages":[
  {"id":1,"ts":$now,"nick":"$ELODIE_NFD","text":"old words"}]}],
 "claims":[{"nick":"$ELODIE","key":"$key1","seen":$now},
  {"nick":"$ELODIE_NFD","key":"$key2","seen":$now},
  {"nick":"$MINSU_NFD","key":"$key2","seen":$now}],
 "bans":[]}
JSON
start_hub
grep -q "history loaded from " "$HUB_LOG" ||
    fail "a history file with two spellings was not loaded"
grep -q "claim .* same nick as" "$HUB_LOG" ||
    fail "the second spelling of a claim was dropped without a word"
raw_open c
raw_send c "{\"type\":\"hello\",\"version\":1,\"nick\":\"$MINSU\"}"
raw_expect c '"type":"error"'
[[ $RAW_LINE == *'"code":"nick_claimed"'* ]] ||
    fail "a nick claimed decomposed is free composed: $RAW_LINE"
raw_login r reader
join_ok r "$SEOUL" 1
replayed "old words" "the room kept decomposed"
stop_hub TERM
grep -qF "\"nick\":\"$ELODIE\",\"key\":\"$key1\"" "$T/history.json" ||
    fail "the first of two spellings of a claim was not kept"
grep -qF "\"nick\":\"$MINSU\",\"key\"" "$T/history.json" ||
    fail "a decomposed claim was not saved composed"
grep -qF "\"name\":\"$SEOUL\"" "$T/history.json" ||
    fail "a decomposed room was not saved composed"
grep -qF "$key2\",\"seen\":$now},{\"nick\":\"$MINSU" "$T/history.json" &&
    fail "the second spelling of a claim was kept"
ok "a history file with decomposed names loads in NFC, the first claim kept"
exit 0
