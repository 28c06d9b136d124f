#!/bin/bash
# SPDX-License-Identifier: ISC
# Resume: a client that comes back with its token within the window gets
# its nick and rooms back and what it missed; others see "back", not a
# join; the token also takes over a ghost connection.
. "$top_srcdir/tests/lib.sh"

start_hub --resume-timeout 30 --churn-seconds 0	# alice's reason is seen
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"

raw_open a
raw_send a '{"type":"hello","version":1,"nick":"alice"}'
raw_expect a '"type":"welcome"'
token=$(sed 's/.*"token":"\([0-9a-f]*\)".*/\1/' <<<"$RAW_LINE")
[ ${#token} -eq 32 ] || fail "no token in welcome: $RAW_LINE"
# A hub alone stores a message before it reads a hello: its replay after
# a resume is exact, so a client may send again the lines it lacks.
[[ $RAW_LINE == *'"replay_exact":true'* ]] ||
    fail "a hub alone does not say its replay is exact: $RAW_LINE"
raw_send a '{"type":"join","room":"dev","seq":1}'
raw_expect a '"type":"ack","seq":1'
raw_send a '{"type":"msg","room":"lobby","text":"before the drop","seq":2}'
raw_expect a '"type":"ack","seq":2'
last_id=$(sed 's/.*"id":\([0-9]*\).*/\1/' <<<"$RAW_LINE")
wait_for "$T/bob.out" "<alice> before the drop"

# The connection drops: bob sees it, and talks while alice is away.
exec {RAW_FD[a]}>&-
wait_for "$T/bob.out" "alice lost the connection"
client_say bob "while you were away"
wait_for "$T/bob.out" "<bob> while you were away"

# Someone else cannot take the nick while the session waits.
run_batch thief alice "x"
[ "$BATCH_RC" -ne 0 ] || fail "a held nick was given away"

raw_open b
raw_send b "{\"type\":\"hello\",\"version\":1,\"nick\":\"alice\",\"token\":\"$token\",\"last_id\":$last_id}"
raw_expect b '"resumed":true'
[[ $RAW_LINE == *'"replay_exact":true'* ]] ||
    fail "the resumed welcome lacks replay_exact: $RAW_LINE"
raw_expect b '"text":"while you were away"'
wait_for "$T/bob.out" "alice is back"
grep -c "alice joined" "$T/bob.out" | grep -qx 1 || fail "a second join shown"
raw_send b '{"type":"msg","room":"dev","text":"still in dev","seq":3}'
raw_expect b '"type":"ack","seq":3'
ok "resume gives the nick, rooms and missed messages back; others see back"

# The token takes over a ghost: the old connection is dropped.
raw_open c
raw_send c "{\"type\":\"hello\",\"version\":1,\"token\":\"$token\",\"last_id\":$last_id}"
raw_expect c '"resumed":true'
raw_expect b '"code":"bad_token"'
case "$RAW_LINE" in
*'"from":"127.0.0.1"'*'"ts":'[1-9]*) ;;
*) fail "the takeover does not say from where and when: $RAW_LINE" ;;
esac
raw_closed b 10 || fail "the ghost connection was not closed"
ok "the token takes over a ghost connection, saying from where and when"

# A clean quit ends the session at once.
raw_send c '{"type":"quit","reason":"bye now"}'
wait_for "$T/bob.out" "alice quit (bye now)"
raw_open d
raw_send d "{\"type\":\"hello\",\"version\":1,\"token\":\"$token\"}"
raw_expect d '"code":"bad_token"'
ok "after /quit the token is void"

client_stop bob
stop_hub TERM

# The resume window expires: the user is gone.
start_hub --resume-timeout 1
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"
raw_open e
raw_send e '{"type":"hello","version":1,"nick":"erin"}'
raw_expect e '"type":"welcome"'
exec {RAW_FD[e]}>&-
wait_for "$T/bob.out" "erin lost the connection"
wait_for "$T/bob.out" "erin quit (connection lost)"
run_batch erin erin "/names"
[ "$BATCH_RC" -eq 0 ] || fail "nick not freed after the window"
client_stop bob
ok "an expired session frees the nick"
exit 0
