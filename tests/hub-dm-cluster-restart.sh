#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: while the hub of a user restarts (a clean stop), the
# session waits for its client (another hub may take it over by its
# token): a direct message to it is not refused as to no such nick, but
# held in Redis for the hub that takes the session, the sender told it
# waits; it is delivered on the resume, on the hub restarted or on
# another, also when the hub that kept it runs.  The ids of DMs from
# other hubs outlive the stop: the hub does not take one a client saw
# for an id lost in a crash.
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

# alice on hub b, which stops cleanly; she saw a DM first, numbered by
# Redis: the last id she saw is above any id hub b gave out itself.
on b; raw_login a alice
ta=$TOKEN
raw_send b '{"type":"dm","to":"alice","text":"before the stop","seq":1}'
raw_expect a '"text":"before the stop"'
seen=$(sed 's/.*"id":\([0-9]*\).*/\1/' <<<"$RAW_LINE")
stop_member b a
bob_dm "while b restarts" 2
ok "a DM to a user whose hub is restarting is held"

restart_member b
on b; raw_resumed a2 "$ta" "$seen"
raw_expect a2 '"text":"while b restarts"'
ok "it is delivered when the session resumes on its hub"
grep -q " saw id .*ids go on after it" "$T/b.log" &&
    fail "after a clean stop, hub b says an id was lost in a crash"
ok "the id of a DM from another hub is not taken for one lost in a crash"

# Again; this time alice resumes on hub a.
stop_member b a
bob_dm "held in Redis" 3
on a
raw_open a3
raw_send a3 "{\"type\":\"hello\",\"version\":1,\"nick\":\"alice\",\"token\":\"$ta\"}"
raw_expect a3 '"resumed":true'
raw_expect a3 '"text":"held in Redis"'
ok "it is delivered when the session resumes on another hub"

# carl's connection to hub b, running, is lost: hub b keeps a DM for his
# session, which he resumes on hub a; the DM goes with the session.
restart_member b
on b; raw_login c carl
tc=$TOKEN
gone=$(count_in "$T/b.log" "disconnected:")
exec {RAW_FD[c]}>&-
wait_until 10 more_in "$T/b.log" "disconnected:" "$gone" ||
    fail "hub b did not see carl go"
raw_send b '{"type":"dm","to":"carl","text":"kept on b","seq":4}'
raw_expect b '"code":"dm_held"'
on a
raw_open c2
raw_send c2 "{\"type\":\"hello\",\"version\":1,\"nick\":\"carl\",\"token\":\"$tc\"}"
raw_expect c2 '"resumed":true'
raw_expect c2 '"text":"kept on b"'
ok "a DM kept by the hub goes with a session resumed on another hub"
exit 0
