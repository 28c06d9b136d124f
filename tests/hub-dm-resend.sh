#!/bin/bash
# SPDX-License-Identifier: ISC
# The direct messages passed to a connection in the one and a half ping
# timeouts before it was lost (it may never have read them) are sent
# again, with their ids, when the session resumes: also after a restart
# of the hub, which keeps them with the lost session.  Older ones are
# not; nor are they sent again on a second resume.
. "$top_srcdir/tests/lib.sh"

PING=4
hub() {
	start_hub --ping-timeout $PING --resume-timeout 60 \
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

# The frame alice's connection NAME was sent with TEXT (in $T/NAME.lines).
frame() {
	grep -F "\"text\":\"$2\"" "$T/$1.lines" | head -n 1
}

declare -A PART
hub
raw_login b bob
raw_login a alice
ta=$TOKEN

# Lost right after a DM: sent again on the resume, the same frame.
raw_dm b alice "passed 1" 2
pump 5 "passed 1" a b || fail "alice did not get the DM"
first=$(frame a "passed 1")
exec {RAW_FD[a]}>&-
n=0
until grep -q "disconnected: connection closed" "$HUB_LOG"; do
	pump 1 "" b
	n=$((n + 1))
	[ $n -lt 10 ] || fail "the hub did not see alice go"
done
raw_resumed a2 "$ta"
pump 5 "passed 1" a2 b || fail "the DM was not sent again on the resume"
[ "$(frame a2 "passed 1")" = "$first" ] ||
    fail "sent again as another frame: $(frame a2 "passed 1") / $first"
ok "a DM passed just before the loss is sent again on the resume"

# Not on the next resume: the client had them.
exec {RAW_FD[a2]}>&-
raw_resumed a3 "$ta"
raw_send a3 '{"type":"join","room":"z","seq":3}'
pump 10 '"seq":3' a3 b || fail "no answer to alice's join"
frame a3 "passed 1" | grep -q . && fail "sent again a second time"
ok "a second resume does not send it again"

# A DM older than one and a half ping timeouts before the loss is not in
# doubt, so not sent again.
raw_dm b alice "old 2" 4
pump $((PING * 2 + 1)) "" a3 b
exec {RAW_FD[a3]}>&-
raw_resumed a4 "$ta"
raw_send a4 '{"type":"join","room":"y","seq":5}'
pump 10 '"seq":5' a4 b || fail "no answer to alice's join"
frame a4 "old 2" | grep -q . && fail "a DM well before the loss was sent again"
ok "a DM well before the loss is not sent again"

# Across a restart (kill -9): the file keeps it with the lost session.
raw_dm b alice "passed 3" 6
pump 5 "passed 3" a4 b || fail "alice did not get the DM"
exec {RAW_FD[a4]}>&-
saved() { grep -q '"dm_resend":\[{"from":"bob"' "$T/history.json"; }
n=0
until saved; do
	pump 1 "" b
	n=$((n + 1))
	[ $n -lt 20 ] || fail "the file does not keep the DM to send again"
done
stop_hub KILL
FORCE_PORT=$HUB_PORT hub
raw_resumed a5 "$ta"
pump 10 "passed 3" a5 b || fail "the DM was not sent again after a restart"
ok "a DM passed just before the loss is sent again after a restart"
exit 0
