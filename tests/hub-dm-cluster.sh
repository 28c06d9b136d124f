#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a direct message from a user on hub a to a user on hub b
# is kept by hub b as one from its own users is: held for a lost session
# (the sender on hub a told it waits) and delivered on the resume, sent
# again on the resume when it was passed just before the loss, and if
# the session never comes back, the sender on hub a is told it was not
# (or may not have been) delivered, by a notice on the bus for hub a.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

PING=4
WINDOW=6
member() {
	start_member "$@" --ping-timeout $PING --flush-interval 1
}

# Resume alice's session on hub b by its token alone (found on the hub
# it was made on, as without a cluster).
resume_alice() {
	on b
	raw_resumed "$1" "$ta"
}

# Read raw connections (names after the first two arguments) for up to
# SECS seconds, answering pings and keeping every line in $T/NAME.lines,
# until one of them has TEXT (then 0; "" waits the whole time); bob
# (raw connection b) is kept alive meanwhile.
declare -A PART
pump() {
	local secs=$1 text=$2 end n line
	shift 2
	[ -n "$VG" ] && secs=$((secs * 3))
	end=$((SECONDS + secs))
	while [ "$SECONDS" -lt "$end" ]; do
		# bob speaks each second: a loaded machine answers pings late.
		if [ "$SECONDS" != "${SPOKE:-}" ]; then
			raw_send b '{"type":"ping"}'
			SPOKE=$SECONDS
		fi
		for n in "$@"; do
			if ! IFS= read -r -t 0.3 line <&"${RAW_FD[$n]}"; then
				PART[$n]+=$line
				continue
			fi
			line=${PART[$n]:-}$line
			PART[$n]=
			printf '%s\n' "$line" >>"$T/$n.lines"
			case "$line" in
			*'"type":"ping"'*) raw_send "$n" '{"type":"pong"}' ;;
			esac
			[ -n "$text" ] && [[ $line == *"$text"* ]] && return 0
		done
	done
	[ -z "$text" ]
}

# bob (hub a) to alice (hub b): bob_dm TEXT SEQ; acknowledged.
bob_dm() {
	raw_send b "{\"type\":\"dm\",\"to\":\"alice\",\"text\":\"$1\",\"seq\":$2}"
	pump 10 "\"type\":\"ack\",\"seq\":$2" b || fail "no ack of $1"
}

# Wait (answering bob's pings) until hub b's log has TEXT COUNT times.
b_log_count() {
	local n=0 secs=${3:-20}
	[ -n "$VG" ] && secs=$((secs * 3))
	until [ "$(count_in "$T/b.log" "$1")" -ge "$2" ]; do
		pump 1 "" b
		n=$((n + 1))
		[ $n -lt "$secs" ] || return 1
	done
}

member a
member b --resume-timeout $WINDOW
# A spy on the bus: what became of bob's DMs is for his hub alone.
need_redis_cli
redis-cli -p "$REDIS_PORT" SUBSCRIBE chatroom:bus >"$T/bus.txt" 2>&1 &
PIDS="$PIDS $!"
hub_a=$(member_id a)
[ -n "$hub_a" ] || fail "no hub id in a.log"
on a; raw_login b bob
on b; raw_login a alice
ta=$TOKEN
pump 3 "" a b

# Lost: bob's DM is held by hub b, bob told, alice gets it on the resume.
exec {RAW_FD[a]}>&-
b_log_count "disconnected:" 1 || fail "hub b did not see alice go"
bob_dm "held 1" 2
pump 10 '"code":"dm_held"' b || fail "bob was not told it is held"
resume_alice a2
pump 10 '"text":"held 1"' a2 ||
    fail "alice did not get the DM held for her"
ok "a DM from another hub to a lost session is held and delivered"

# Passed just before the loss: sent again on the resume.
bob_dm "passed 2" 3
pump 10 '"text":"passed 2"' a2 || fail "alice did not get bob's DM"
exec {RAW_FD[a2]}>&-
b_log_count "disconnected:" 2 || fail "hub b did not see alice go again"
resume_alice a3
pump 10 '"text":"passed 2"' a3 ||
    fail "the DM from another hub was not sent again on the resume"
ok "a DM from another hub passed just before the loss is sent again"

# Held, and the session never comes back: bob is told.
exec {RAW_FD[a3]}>&-
b_log_count "disconnected:" 3 || fail "hub b did not see alice go again"
bob_dm "held 3" 4
pump $((WINDOW + 15)) '"code":"dm_expired"' b ||
    fail "bob was not told the DM was not delivered"
grep '"dm_expired"' "$T/b.lines" | grep -q '"subject":"alice"' ||
    fail "told of whom: $(grep dm_expired "$T/b.lines")"
ok "the sender on another hub is told a held DM was not delivered"
grep -q "^n	$hub_a	bob\$" "$T/bus.txt" ||
    fail "the notice for bob was not addressed to his hub: $(grep '^n	' "$T/bus.txt")"
ok "a notice about a DM goes on the bus for the sender's hub"

# Frozen: passed, unread, the ping timeout, the window: bob is told.
on b; raw_login a4 alice
bob_dm "unread 4" 5
pump $((PING + WINDOW + 15)) '"code":"dm_unsure"' b ||
    fail "bob was not told the DM may not have been delivered"
ok "the sender on another hub is told a DM may not have been delivered"
exit 0
