#!/bin/bash
# SPDX-License-Identifier: ISC
# A hub that stood still (stopped, swapped out, on a loaded machine) drops
# a silent client only at a check after the late one, well over a ping
# timeout and a half after a direct message passed to it: the message was
# passed after the client last said anything, so it is still in doubt,
# and its sender is told when the session ends unresumed (the hub used to
# count the doubt from the loss alone and said nothing).
. "$top_srcdir/tests/lib.sh"

PING=4
start_hub --ping-timeout $PING --resume-timeout 2 --flush-interval 1
raw_login b bob
raw_login a alice
raw_dm b alice "unread" 2

# The hub stands still for two ping timeouts: its next check of alice is
# late and only pings her, the one after drops her, more than a ping
# timeout and a half after the message.  bob says something meanwhile
# (a blank line), read before that second check, so only alice goes.
kill -STOP "$HUB_PID"
sleep $((PING * 2))
raw_send b ''
kill -CONT "$HUB_PID"

# Read bob's connection, answering pings and keeping every line in
# $T/b.lines, until a command succeeds (or fail with a message after a
# bound on a hang, not a performance check): read_b MESSAGE COMMAND...
read_b() {
	local why=$1 n=0 line
	shift
	until "$@"; do
		n=$((n + 1))
		[ $n -lt 600 ] || fail "$why"
		IFS= read -r -t 0.5 line <&"${RAW_FD[b]}" || continue
		printf '%s\n' "$line" >>"$T/b.lines"
		case "$line" in
		*'"type":"ping"'*) raw_send b '{"type":"pong"}' ;;
		esac
	done
}

read_b "alice's session never ended" \
    grep -q "alice: resume window expired" "$HUB_LOG"
grep -q "Ping timeout: $PING seconds" "$HUB_LOG" ||
    fail "alice was not dropped for the ping timeout"
# All the hub told bob before it answers his join.
: >>"$T/b.lines"
raw_send b '{"type":"join","room":"x","seq":3}'
read_b "no answer to bob's join" grep -q '"seq":3' "$T/b.lines"
grep -q '"code":"dm_unsure"' "$T/b.lines" || fail "bob was not told"
grep '"dm_unsure"' "$T/b.lines" | grep -q '"subject":"alice"' ||
    fail "told of whom: $(grep dm_unsure "$T/b.lines")"
ok "a DM passed before a hub's stall is in doubt when the drop comes late"
exit 0
