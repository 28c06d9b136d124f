#!/bin/bash
# SPDX-License-Identifier: ISC
# Bad input gets an error frame with a stable code, and the hub keeps
# serving; oversize lines close the connection.
. "$top_srcdir/tests/lib.sh"

start_hub
client_start watcher watcher
wait_for "$T/watcher.out" "you joined #lobby"

raw_open a
raw_send a '{"type":"msg","room":"lobby","text":"too early","seq":1}'
raw_expect a '"code":"not_registered"'
raw_send a 'this is not json'
raw_expect a '"code":"bad_json"'
raw_send a '[1,2,3]'
raw_expect a '"code":"bad_json"'
raw_send a '{"type":"msg"} trailing'
raw_expect a '"code":"bad_json"'
raw_send a '{"type":5}'
raw_expect a '"code":"bad_type"'
raw_send a '{"type":"frobnicate","seq":7}'
raw_expect a '"code":"bad_type"'
grep -q '"seq":7' <<<"$RAW_LINE" || fail "error lacks the request's seq"
printf '{"type":"hello","nick":"\xff\xfe"}\n' >&"${RAW_FD[a]}"
raw_expect a '"code":"bad_utf8"'
ok "malformed frames get error codes and the connection stays"

# A frame split into single bytes is the same frame.
hello='{"type":"hello","version":1,"nick":"slowpoke"}'
for (( i = 0; i < ${#hello}; i++ )); do
	printf '%s' "${hello:i:1}" >&"${RAW_FD[a]}"
done
printf '\n' >&"${RAW_FD[a]}"
raw_expect a '"type":"welcome"'
raw_send a '{"type":"msg","room":5,"text":"x","seq":2}'
raw_expect a '"code":"bad_field"'
# A field of the wrong type is named as such, not as missing.
case $RAW_LINE in
*'\"room\" must be a string'*) ;;
*) fail "a numeric room: $RAW_LINE" ;;
esac
raw_send a '{"type":"msg","room":"lobby","text":"x","seq":"2"}'
raw_expect a '"code":"bad_field"'
raw_send a '{"type":"msg","room":"nowhere","text":"x","seq":3}'
raw_expect a '"code":"no_such_room"'
raw_send a '{"type":"msg","room":"lobby","text":"   ","seq":4}'
raw_expect a '"code":"text_invalid"'
raw_send a '{"type":"hello","version":1,"nick":"again","seq":5}'
raw_expect a '"code":"already_registered"'
raw_send a '{"type":"msg","room":"lobby","text":"still here","seq":6}'
raw_expect a '"type":"ack","seq":6'
wait_for "$T/watcher.out" "<slowpoke> still here"
ok "byte-by-byte frames work; field errors are reported"

# An unsupported version is refused and the connection closed.
raw_open v
raw_send v '{"type":"hello","version":99,"nick":"future"}'
raw_expect v '"code":"version"'
raw_closed v 10 || fail "connection not closed after a version error"
ok "unsupported protocol version"

# Oversize: a long line, and a long unterminated line.
raw_open big
long=$(head -c 40000 /dev/zero | tr '\0' 'x')
raw_send big "{\"type\":\"ping\",\"pad\":\"$long\"}"
raw_expect big '"code":"line_too_long"'
raw_closed big 10 || fail "connection not closed after a long line"
raw_open huge
head -c 300000 /dev/zero | tr '\0' 'y' 2>/dev/null >&"${RAW_FD[huge]}"
raw_expect huge '"code":"line_too_long"'
raw_closed huge 10 || fail "connection not closed after unterminated input"
ok "oversize lines get line_too_long and are closed"

# Escape sequences are neutralised before they reach a terminal.
raw_send a "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"\\u001b[31mred\\u001b[0m \\u202e evil\",\"seq\":8}"
raw_expect a '"type":"ack","seq":8'
wait_for "$T/watcher.out" "^[[31mred^[[0m"
grep -q $'\x1b' "$T/watcher.out" && fail "a raw ESC reached the output"
grep -q $'\u202e' "$T/watcher.out" && fail "a bidi override reached the output"
ok "control and bidi characters are neutralised in --batch output"

# Through all of this the hub kept serving.
run_batch after later "all good"
[ "$BATCH_RC" = 0 ] || fail "hub stopped serving"
wait_for "$T/watcher.out" "<later> all good"
client_stop watcher
ok "the hub survived"
exit 0
