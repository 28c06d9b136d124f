#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: while the hub of a user restarts (a clean stop), the
# session waits for its client (another hub may take it over by its
# token): a direct message to it is not refused as to no such nick, but
# held in Redis for the hub that takes the session, the sender told it
# waits; it is delivered on the resume, on the hub restarted or on
# another.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

start_member a
start_member b
on a; raw_login b bob

# bob (hub a) to alice: bob_dm TEXT SEQ; held, not refused.
bob_dm() {
	raw_send b "{\"type\":\"dm\",\"to\":\"alice\",\"text\":\"$1\",\"seq\":$2}"
	while raw_expect b '"'; do
		case "$RAW_LINE" in
		*'"type":"error"'*) fail "refused: $RAW_LINE" ;;
		*'"code":"dm_held"'*) break ;;
		esac
	done
}

# alice on hub b, which stops cleanly.
on b; raw_login a alice
ta=$TOKEN
stop_member b a
bob_dm "while b restarts" 2
ok "a DM to a user whose hub is restarting is held"

restart_member b
on b; raw_resumed a2 "$ta"
raw_expect a2 '"text":"while b restarts"'
ok "it is delivered when the session resumes on its hub"

# Again; this time alice resumes on hub a.
stop_member b a
bob_dm "held in Redis" 3
on a
raw_open a3
raw_send a3 "{\"type\":\"hello\",\"version\":1,\"nick\":\"alice\",\"token\":\"$ta\"}"
raw_expect a3 '"resumed":true'
raw_expect a3 '"text":"held in Redis"'
ok "it is delivered when the session resumes on another hub"
exit 0
