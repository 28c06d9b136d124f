#!/bin/bash
# SPDX-License-Identifier: ISC
# Nicks may not hold '!' or '@' nor start with ':' (they would break IRC's
# nick!user@host), at hello and at /nick; a history file written before
# the rule, holding such nicks in claims, sessions and messages, still
# loads and its messages are replayed.
. "$top_srcdir/tests/lib.sh"

start_hub
for nick in 'a!b' 'a@b' ':ab' '!' 'x@' ; do
	raw_open r
	raw_send r "{\"type\":\"hello\",\"version\":1,\"nick\":\"$nick\"}"
	raw_expect r '"code":"nick_invalid"'
	case $RAW_LINE in
	*"may not contain '!' or '@', nor start with ':'"*) ;;
	*"may not start with '@'"*) ;;
	*) fail "no reason for $nick: $RAW_LINE" ;;
	esac
	raw_closed r || fail "the hub kept a connection refused for $nick"
done
raw_open r
raw_send r '{"type":"hello","version":1,"nick":"a:b"}'
raw_expect r '"type":"welcome"'
ok "hello refuses '!', '@' and a leading ':'; a ':' inside is fine"

client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"
client_say bob '/nick bob!web' '/nick bob@home' '/nick :bob'
three_refused() {
	[ "$(count_in "$T/bob.err" "nor start with ':'")" -eq 3 ]
}
wait_until 10 three_refused ||
    fail "/nick took a nick with '!', '@' or a leading ':'"
client_say bob '/nick bob:away'
wait_for "$T/bob.out" "you are now known as bob:away"
ok "/nick refuses them too"
client_stop bob
stop_hub TERM

# A history file from before the rule.
now=$(( $(date +%s) * 1000 ))
key=$(printf '%064d' 7)
cat >"$T/history.json" <<JSON
{"version":1,"next_id":3,"saved":$now,
 "rooms":[{"name":"lobby","topic":"","created":$now,"messages":[
  {"id":1,"ts":$now,"nick":"old!timer","text":"from before the rule"},
  {"id":2,"ts":$now,"nick":"mail@home","text":"me too"}]}],
 "claims":[{"nick":"old!timer","key":"$key","seen":$now},
  {"nick":":colon","key":"$key","seen":$now}],
 "bans":[],
 "sessions":[{"nick":"mail@home","token":"00112233445566778899aabbccddeeff",
  "rooms":[{"name":"lobby","last_id":2}]}]}
JSON
start_hub	# a history file it cannot load stops it
grep -q "history loaded from .*: 1 rooms, 1 sessions" "$HUB_LOG" ||
    fail "the old history file was not loaded whole"
run_batch reader carol ""
[ "$BATCH_RC" -eq 0 ] || fail "a client could not join after the load"
grep -q "<old!timer> from before the rule" "$T/reader.out" ||
    fail "an old message was not replayed"
grep -q "<mail@home> me too" "$T/reader.out" || fail "second old message"
# The old session resumes by its token.
raw_open s
token=00112233445566778899aabbccddeeff
raw_send s "{\"type\":\"hello\",\"version\":1,\"token\":\"$token\"}"
raw_expect s '"type":"welcome"'
case $RAW_LINE in *'"nick":"mail@home"'*) ;; *) fail "resume: $RAW_LINE" ;; esac
# The claims are kept: the nick is still refused to a newcomer.
raw_open c
raw_send c '{"type":"hello","version":1,"nick":"Old!Timer"}'
raw_expect c '"type":"error"'
stop_hub TERM
grep -qF '"nick":"old!timer","key"' "$T/history.json" ||
    fail "an old claim was dropped at the next save"
ok "a history file holding such nicks loads, replays, resumes and keeps them"
exit 0
