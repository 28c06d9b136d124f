#!/bin/bash
# SPDX-License-Identifier: ISC
# A restart of the hub, clean or kill -9, is only a lost connection: an
# operator is still one when its session resumes, and every session keeps
# when it began (whois "connected since", IRC's WHOIS signon).  But a
# restart with another operator password, or none, ends operator status,
# and the operator is told so.  History files without these fields load
# as before.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

OPTS="--resume-timeout 60 --flush-interval 1"
# What the history file says changes only when the hub's writer thread has
# saved it (the flush tick after the change, then a write and an fsync): on
# a loaded machine that takes seconds.  Wait for it as wait_saved does.
SAVE_SECS=20

# Wait until a file has a string at least N times: wait_count FILE TEXT N.
wait_count() {
	wait_until 20 eval "[ \"\$(count_in '$1' '$2')\" -ge $3 ]" ||
	    fail "timed out waiting for '$2' $3 times in $1"
}

# Stop the hub with a signal and start it again on its ports, with the
# options given (the admin password file or not); alice and bob resume.
restart_hub() {
	local sig=$1

	shift
	exec {RAW_FD[a]}>&- {RAW_FD[b]}>&-
	stop_hub "$sig"
	FORCE_PORT=$HUB_PORT start_hub --irc-listen "127.0.0.1:$IRC_PORT" \
	    $OPTS "$@"
	raw_resumed a "$TA"
	raw_resumed b "$TB"
}

# When a session began (ms), as a native whois says: since NICK sets
# SINCE.
since() {
	local n=$((++RAWS))

	raw_login "w$n" "watcher$n"
	raw_send "w$n" "{\"type\":\"whois\",\"nick\":\"$1\",\"seq\":1}"
	raw_expect "w$n" '"type":"userinfo"'
	SINCE=$(sed 's/.*"since":\([0-9]*\).*/\1/' <<<"$RAW_LINE")
	raw_send "w$n" '{"type":"quit","seq":2}'
	exec {RAW_FD[w$n]}>&-
}

# What an IRC user is told: LUSERS's operators, WHOIS NICK's signon.
irc_look() {
	local n=$((++IRCS))

	irc_open "i$n"
	irc_register "i$n" "ircy$n"
	irc_send "i$n" "LUSERS" "WHOIS $1"
	irc_wait "i$n" " 318 ircy$n "
	OPERS=$(sed -n 's/.* 252 [^ ]* \([0-9]*\) :operator.*/\1/p' \
	    "$T/i$n.irc" | tail -n 1 | tr -d '\r')
	SIGNON=$(sed -n 's/.* 317 [^ ]* [^ ]* [0-9]* \([0-9]*\) :.*/\1/p' \
	    "$T/i$n.irc" | tail -n 1 | tr -d '\r')
	irc_send "i$n" "QUIT"
}

# Does the history file keep NICK as an operator?
kept_oper() {
	grep -q "\"nick\":\"$1\",[^]]*\"oper\":\"scrypt\\$" "$T/history.json"
}

RAWS=0 IRCS=0 RAWSEQ=10
printf 's3cret\n' >"$T/admin.pw"
start_irc_hub --admin-password-file "$T/admin.pw" $OPTS
raw_login a alice
TA=$TOKEN
raw_login b bob
TB=$TOKEN
is_oper a && fail "alice is an operator before /oper"
raw_send a '{"type":"oper","password":"s3cret","seq":1}'
raw_expect a '"type":"ack","seq":1'
is_oper a || fail "alice is no operator after /oper"
wait_until $SAVE_SECS kept_oper alice ||
    fail "the history file does not keep the operator"
kept_oper bob && fail "bob is kept as an operator"
grep -q 's3cret' "$T/history.json" "$T"/history.json.* 2>/dev/null &&
    fail "the operator password is in the history files"
since alice
alice_since=$SINCE
since bob
bob_since=$SINCE
[ -n "$alice_since" ] && [ "$alice_since" -gt 0 ] ||
    fail "no since for alice"
irc_look bob
[ "$OPERS" = 1 ] || fail "LUSERS says $OPERS operators, not 1"
[ "$SIGNON" = $((bob_since / 1000)) ] ||
    fail "WHOIS signon $SIGNON, whois since $bob_since"
ok "the history file keeps the operator, with a hash of the password"

# A session that resumes without a restart is still an operator.
exec {RAW_FD[a]}>&-
raw_resumed a "$TA"
is_oper a || fail "alice lost operator status on a resume"
ok "a resume without a restart keeps operator status"

# kill -9: alice is still an operator, and the sessions began as before.
sleep 1.2	# the restart's time is another second than their start
restart_hub KILL --admin-password-file "$T/admin.pw"
is_oper a || fail "alice lost operator status in a kill -9"
is_oper b && fail "bob became an operator"
since alice
[ "$SINCE" = "$alice_since" ] ||
    fail "alice's session began at $SINCE, not $alice_since"
since bob
[ "$SINCE" = "$bob_since" ] ||
    fail "bob's session began at $SINCE, not $bob_since"
irc_look bob
[ "$OPERS" = 1 ] || fail "LUSERS says $OPERS operators after kill -9"
[ "$SIGNON" = $((bob_since / 1000)) ] ||
    fail "WHOIS signon $SIGNON after kill -9, since $bob_since"
grep -q "no longer an operator" "$HUB_LOG" && fail "alice was dropped"
ok "after kill -9 an operator is one again, and sessions keep their start"

# A clean restart (SIGTERM): the same.
restart_hub TERM --admin-password-file "$T/admin.pw"
is_oper a || fail "alice lost operator status in a clean restart"
since bob
[ "$SINCE" = "$bob_since" ] || fail "bob's start moved: $SINCE"
irc_look alice
[ "$OPERS" = 1 ] || fail "LUSERS says $OPERS operators after SIGTERM"
[ "$SIGNON" = $((alice_since / 1000)) ] ||
    fail "WHOIS signon $SIGNON after SIGTERM, since $alice_since"
ok "after a clean restart an operator is one again"

# Another operator password: the operators are told, and are none.  carol
# (a --batch client, whose key takes over her session) sees the words.
client_start carol carol
wait_for "$T/carol.out" "you joined #lobby"
client_say carol "/oper s3cret"
wait_for "$T/carol.out" "you are now a hub operator"
wait_until $SAVE_SECS kept_oper carol || fail "carol is not kept as an operator"
printf 'n3wpass!\n' >"$T/admin.pw"
restart_hub TERM --admin-password-file "$T/admin.pw"
raw_expect a '"code":"oper_lost"'
is_oper a && fail "alice is an operator under a new password"
client_stop carol
# Another restart before carol comes back: she is told all the same.
wait_until $SAVE_SECS grep -q '"nick":"carol",[^]]*"oper_lost":true' \
    "$T/history.json" || fail "the file forgot that carol is to be told"
restart_hub TERM --admin-password-file "$T/admin.pw"
run_batch carol2 carol "/bans"
grep -q "you are no longer an operator: /oper again" "$T/carol2.err" ||
    fail "carol was not told she is no longer an operator"
grep -q "only operators may do that" "$T/carol2.err" ||
    fail "carol is an operator under a new password"
grep -q "alice: no longer an operator: the operator password changed" \
    "$HUB_LOG" || fail "the hub did not log why"
irc_look alice
[ "$OPERS" = 0 ] || fail "LUSERS says $OPERS operators, not 0"
ok "a new operator password ends operator status, saying so"

# Told once, the file forgets it, even when nothing else changes after:
# the hub saves alice as one to tell before she resumes, then tells her.
raw_send a '{"type":"oper","password":"n3wpass!","seq":3}'
raw_expect a '"type":"ack","seq":3'
wait_until $SAVE_SECS kept_oper alice || fail "alice is not kept as an operator"
printf 'th1rd!\n' >"$T/admin.pw"
exec {RAW_FD[a]}>&- {RAW_FD[b]}>&-
stop_hub TERM
FORCE_PORT=$HUB_PORT start_hub --irc-listen "127.0.0.1:$IRC_PORT" $OPTS \
    --admin-password-file "$T/admin.pw"
raw_resumed b "$TB"
wait_until $SAVE_SECS grep -q '"nick":"alice",[^]]*"oper_lost":true' \
    "$T/history.json" || fail "the file does not keep alice to be told"
raw_resumed a "$TA"
raw_expect a '"code":"oper_lost"'
wait_until $SAVE_SECS eval "! grep -q '\"nick\":\"alice\",[^]]*\"oper_lost\":true' '$T/history.json'" ||
    fail "the file still has alice to be told: $(cat "$T/history.json")"
ok "one told that operator status ended is not told again"

# No operator password at all: the same.
raw_send a '{"type":"oper","password":"th1rd!","seq":2}'
raw_expect a '"type":"ack","seq":2'
wait_until $SAVE_SECS kept_oper alice || fail "the new operator is not kept"
restart_hub TERM
raw_expect a '"code":"oper_lost"'
is_oper a && fail "alice is an operator on a hub without a password"
grep -q "alice: no longer an operator: the hub has no operator password" \
    "$HUB_LOG" || fail "the hub did not log why"
wait_until $SAVE_SECS eval "! grep -q '\"oper\"' '$T/history.json'" ||
    fail "the file still keeps an operator"
ok "a hub without an operator password ends operator status"

# A file without the fields (an older hub's) loads as before: the
# sessions resume, beginning at the restart.
exec {RAW_FD[a]}>&- {RAW_FD[b]}>&-
stop_hub TERM
history_unseal "$T/history.json"
sed -i 's/,"since":[0-9]*//g; s/,"oper":"[^"]*"//g' "$T/history.json"
grep -q '"since"' "$T/history.json" && fail "sed left a since"
FORCE_PORT=$HUB_PORT start_hub --irc-listen "127.0.0.1:$IRC_PORT" $OPTS
raw_resumed b "$TB"
since bob
[ "$SINCE" -gt "$bob_since" ] ||
    fail "bob's session began at $SINCE, from a file without it"
ok "a history file without the new fields loads as before"
exit 0
