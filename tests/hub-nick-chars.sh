#!/bin/bash
# SPDX-License-Identifier: ISC
# A new nick is one word for IRC and for our commands, as modern IRC
# servers have it: not '!', '@', ':', '/', '*' or '?' anywhere, and not
# a digit, '&' or '$' first (nor '#', '-', '+', '@', '/', '*' as for
# room names), at hello and at /nick.  A history file written before
# these rules, holding such nicks in claims, sessions and messages, still
# loads and its messages are replayed, and a nick claimed before them
# still opens for its owner.
. "$top_srcdir/tests/lib.sh"

start_hub
for nick in 'a!b' 'a@b' ':ab' '!' 'x@' 'a:b' 'a/b' 'a*b' 'who?' 'bob:' \
    '1abc' '&x' '$x'; do
	raw_open r
	raw_send r "{\"type\":\"hello\",\"version\":1,\"nick\":\"$nick\"}"
	raw_expect r '"code":"nick_invalid"'
	# One message with the whole rule, not the older one first.
	case $RAW_LINE in
	*"may not contain '!', '@', ':', '/', '*' or '?'"*) ;;
	*"may not start with '@'"*) ;;
	*"may not start with a digit"*) ;;
	*"may not start with '&'"* | *"may not start with '\$'"*) ;;
	*) fail "no reason for $nick: $RAW_LINE" ;;
	esac
	raw_closed r || fail "the hub kept a connection refused for $nick"
done
for nick in 'a.b' '[x]|y' 'r2d2' 'o_o-' 'b&b'; do
	raw_open r
	raw_send r "{\"type\":\"hello\",\"version\":1,\"nick\":\"$nick\"}"
	raw_expect r '"type":"welcome"'
	raw_send r '{"type":"quit"}'
	raw_closed r || fail "quit did not close $nick's connection"
done
ok "hello refuses what IRC or our commands would read apart, not the rest"

client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"
client_say bob '/nick bob!web' '/nick bob@home' '/nick :bob' \
    '/nick bob:away' '/nick bob/web' '/nick 2bob'
six_refused() {
	[ "$(count_in "$T/bob.err" "may not")" -eq 6 ]
}
wait_until 10 six_refused || fail "/nick took a nick it should refuse"
client_say bob '/nick bob.away'
wait_for "$T/bob.out" "you are now known as bob.away"
ok "/nick refuses them too"
client_stop bob
stop_hub TERM

# A nick claimed before the rules: "deejay" becomes "dee/jay" in the
# file, as if claimed then, and opens with the same key; a newcomer is
# refused it, and another such nick unclaimed is refused as invalid.
start_hub
run_batch dj1 deejay "first words"
[ "$BATCH_RC" -eq 0 ] || fail "deejay could not log in"
stop_hub TERM
grep -q '"nick":"deejay","key"' "$T/history.json" || fail "no claim saved"
history_unseal "$T/history.json"
sed -i 's/"deejay"/"dee\/jay"/g' "$T/history.json"
mkdir -p "$T/state/dee"
cp -r "$T/state/deejay" "$T/state/dee/jay"
start_hub
run_batch dj2 dee/jay "still me"
[ "$BATCH_RC" -eq 0 ] ||
    fail "a nick claimed before the rules: $(cat "$T/dj2.err")"
grep -q "connected to 127.0.0.1 as dee/jay" "$T/dj2.out" ||
    fail "not logged in as dee/jay"
raw_open n
raw_send n '{"type":"hello","version":1,"nick":"Dee/Jay"}'
raw_expect n '"code":"nick_claimed"'
raw_open z
raw_send z '{"type":"hello","version":1,"nick":"zee/jay"}'
raw_expect z '"code":"nick_invalid"'
stop_hub TERM
grep -qF '"nick":"dee/jay","key"' "$T/history.json" ||
    fail "the old claim was dropped at the next save"
ok "a nick claimed before the rules still opens for its owner alone"

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
grep -q "history loaded from .*: 1 room, 1 session," "$HUB_LOG" ||
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
