#!/bin/bash
# SPDX-License-Identifier: ISC
# A direct message passed to a connection that then dies unread (a client
# frozen until the ping timeout) is not lost without a word: if the
# session never comes back, the sender is told it may not have been
# delivered, also across a restart of the hub; not if it comes back in
# time, nor for messages older than one and a half ping timeouts before
# the loss.
. "$top_srcdir/tests/lib.sh"

PING=4
WINDOW=4
hub() {
	start_hub --ping-timeout $PING --resume-timeout $WINDOW \
	    --flush-interval 1 "$@"
}

# Read raw connections (names after the first two arguments) for up to
# SECS seconds, answering the hub's pings and keeping every line in
# $T/NAME.lines, until one of them has TEXT (then return 0; "" waits the
# whole time).
pump() {
	local secs=$1 text=$2 end n line
	shift 2
	[ -n "$VG" ] && secs=$((secs * 3))
	end=$((SECONDS + secs))
	while [ "$SECONDS" -lt "$end" ]; do
		for n in "$@"; do
			# A line cut by the timeout is whole on a later read.
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

# Has alice's session ended N times (her resume window expired)?
expired() {
	[ "$(count_in "$HUB_LOG" "alice: resume window expired")" -ge "$1" ]
}

# Read bob's connection (answering pings) until alice's session has
# ended N times: waited on the hub's log, not on a time budget, which a
# loaded machine can overrun (a deadline only bounds a hang); then until
# the hub answers bob's join of ROOM with SEQ, so that all it told bob
# before is in $T/b.lines: until_expired N ROOM SEQ.
until_expired() {
	local n=0
	until expired "$1"; do
		pump 1 "" b
		n=$((n + 1))
		[ $n -lt 300 ] || fail "alice's session never ended"
	done
	raw_send b "{\"type\":\"join\",\"room\":\"$2\",\"seq\":$3}"
	pump 30 "\"seq\":$3" b || fail "no answer to bob's join"
}

declare -A PART
hub
raw_login b bob
tb=$TOKEN
raw_login a alice

# alice never reads nor answers: the ping timeout drops her, her
# session expires; bob, who sent her a DM meanwhile, is told.
raw_dm b alice "unread 1" 2
until_expired 1 x 20
grep -q "Ping timeout: [0-9]* seconds" "$HUB_LOG" ||
    fail "alice was not dropped for the ping timeout"
grep -q '"code":"dm_unsure"' "$T/b.lines" || fail "bob was not told"
grep '"dm_unsure"' "$T/b.lines" | grep -q '"subject":"alice"' ||
    fail "told of whom: $(grep dm_unsure "$T/b.lines")"
grep -q '"dm_expired"' "$T/b.lines" && fail "told dm_expired"
ok "the sender of a DM passed just before a ping timeout is told"

# Back in time: nothing said.
raw_login a alice
ta=$TOKEN
raw_dm b alice "read 2" 3
exec {RAW_FD[a]}>&-
raw_resumed a2 "$ta" 1
raw_send a2 '{"type":"quit","reason":"bye"}'
raw_send b '{"type":"join","room":"z","seq":4}'
pump 10 '"seq":4' b || fail "no answer to bob's join"
[ "$(count_in "$T/b.lines" '"dm_unsure"')" -eq 1 ] ||
    fail "told after a resume in time"
ok "nothing is said when the session resumed in time"

# A DM older than one and a half ping timeouts before the loss is not in
# doubt.
raw_login a alice
raw_dm b alice "old 3" 5
pump $((PING * 2 + 1)) "" a b
exec {RAW_FD[a]}>&-
until_expired 2 y 6
[ "$(count_in "$T/b.lines" '"dm_unsure"')" -eq 1 ] ||
    fail "told of a DM well before the loss"
ok "a DM well before the loss is not in doubt"

# Across a restart: alice lost, the hub killed, her window passes; bob is
# told when he resumes.
raw_login a alice
raw_dm b alice "unread 4" 7
exec {RAW_FD[a]}>&-
# (The file keeps the frame to send again on a resume, and so its sender.)
saved() {
	grep -qE '"dm_unsure":\["bob"\]|"dm_resend":\[\{"from":"bob"' \
	    "$T/history.json"
}
n=0
until saved; do
	pump 1 "" b
	n=$((n + 1))
	[ $n -lt 20 ] || fail "the file does not keep whom to tell"
done
stop_hub KILL
sleep $((WINDOW + 1))
FORCE_PORT=$HUB_PORT hub
raw_resumed b2 "$tb" 1
raw_expect b2 '"code":"dm_unsure"'
ok "the sender is told after a restart of the hub"
exit 0
