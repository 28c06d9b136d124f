#!/bin/bash
# SPDX-License-Identifier: ISC
# A direct message the hub keeps for a lost session survives a restart of
# the hub, clean or kill -9, as the session does: it is delivered on the
# resume, once, and if the session never comes back its sender is told,
# also when the window passed while the hub was down.
. "$top_srcdir/tests/lib.sh"

WINDOW=6
hub() {
	FORCE_PORT=$HUB_PORT start_hub --resume-timeout $WINDOW \
	    --flush-interval 1
}

# Lose alice's connection, wait until the hub knows, and have bob send
# her TEXT: the hub must say it keeps it.
lose_alice_and_dm() {
	exec {RAW_FD[a]}>&-
	wait_until 20 grep -q '"nick":"alice"[^]]*],"lost":[1-9]' \
	    "$T/history.json" || fail "the hub did not see alice lost"
	raw_send b "{\"type\":\"dm\",\"to\":\"alice\",\"text\":\"$1\",\"seq\":$2}"
	raw_expect b '"code":"dm_held"'
}

# Read a raw connection up to the ack of a join: fail if TEXT came first.
no_text_before_ack() {
	raw_send "$1" '{"type":"join","room":"after","seq":77}'
	while raw_expect "$1" '"'; do
		case "$RAW_LINE" in
		*"$2"*) fail "$3: $RAW_LINE" ;;
		*'"seq":77'*) return 0 ;;
		esac
	done
}

start_hub --resume-timeout $WINDOW --flush-interval 1
raw_login a alice
ta=$TOKEN
raw_login b bob
tb=$TOKEN

# Kept, then the hub is killed at once (no flush tick in between).
lose_alice_and_dm "kept across kill" 2
stop_hub KILL
hub
raw_resumed a2 "$ta" 1
raw_expect a2 '"text":"kept across kill"'
ok "a kept DM is delivered after kill -9 of the hub"

# Delivered: forgotten, not sent again after another restart.
exec {RAW_FD[a2]}>&-
wait_until 20 grep -q '"nick":"alice"[^]]*],"lost":[1-9]' \
    "$T/history.json" || fail "the hub did not see alice lost again"
stop_hub KILL
hub
raw_resumed a3 "$ta" 1
no_text_before_ack a3 "kept across kill" "a delivered DM came again"
ok "a delivered DM is forgotten"
RAW_FD[a]=${RAW_FD[a3]}

# bob's connection died with the hub: he resumes too.
raw_resumed b2 "$tb" 1
RAW_FD[b]=${RAW_FD[b2]}

# Kept across a clean stop; alice never comes back: bob is told.
lose_alice_and_dm "kept across term" 3
stop_hub TERM
hub
raw_resumed b3 "$tb" 1
raw_expect b3 '"code":"dm_expired"' $((WINDOW + 10))
[[ $RAW_LINE == *'"subject":"alice"'* ]] || fail "told of whom: $RAW_LINE"
ok "the sender is told when a session with a kept DM expires after a restart"
RAW_FD[b]=${RAW_FD[b3]}

# alice's window passes while the hub is down; bob, connected at the
# crash, is told when he resumes.
raw_resume a4 "$ta" 1
[[ $RAW_LINE == *'"type":"error"'* ]] || fail "alice resumed: $RAW_LINE"
raw_login a alice
ta=$TOKEN
lose_alice_and_dm "kept while down" 4
stop_hub KILL
sleep $((WINDOW + 1))
hub
grep -q "alice: resume window expired while the hub was down" "$HUB_LOG" ||
    fail "alice's session came back"
raw_resumed b4 "$tb" 1
raw_expect b4 '"code":"dm_expired"' 10
[[ $RAW_LINE == *'"subject":"alice"'* ]] || fail "told of whom: $RAW_LINE"
ok "the sender is told on resume when the window passed while the hub was down"
exit 0
