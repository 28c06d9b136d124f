#!/bin/bash
# SPDX-License-Identifier: ISC
# Direct messages from an IRC user (PRIVMSG nick) to a native user are
# kept and sent again as a native sender's are: one passed to a
# connection just before it was lost comes again on the resume; and when
# the session never comes back, the IRC sender is told by a NOTICE that
# it may not have been delivered (or, held for the lost session, that it
# was not), as a native sender is told dm_unsure or dm_expired.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

PING=4
WINDOW=4
hub() {
	start_irc_hub --ping-timeout $PING --resume-timeout $WINDOW \
	    --flush-interval 1 "$@"
}

# Read raw connections (names after the first two arguments) for up to
# SECS seconds, answering the hub's pings and keeping every line in
# $T/NAME.lines, until one of them has TEXT (then return 0; "" waits the
# whole time).  The IRC connection b speaks every second, so that the
# ping timeout does not drop it meanwhile.
pump() {
	local secs=$1 text=$2 end n line
	shift 2
	[ -n "$VG" ] && secs=$((secs * 3))
	end=$((SECONDS + secs))
	while [ "$SECONDS" -lt "$end" ]; do
		irc_send b "PING :alive"
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
		[ -n "$text" ] && grep -qF -- "$text" "$T/b.irc" && return 0
	done
	[ -z "$text" ]
}

# Keep the IRC connection alive until a command succeeds.
pump_until() {
	local n=0 secs=$1
	shift
	[ -n "$VG" ] && secs=$((secs * 3))
	until "$@"; do
		pump 1 "" 
		n=$((n + 1))
		[ $n -lt "$secs" ] || return 1
	done
}

frame() {
	grep -F "\"text\":\"$2\"" "$T/$1.lines" | head -n 1
}

declare -A PART
hub
irc_open b
irc_register b bob
raw_login a alice
ta=$TOKEN

# Passed just before the loss: sent again on the resume, the same frame.
irc_send b "PRIVMSG alice :passed 1"
pump 5 "passed 1" a || fail "alice did not get bob's DM"
first=$(frame a "passed 1")
exec {RAW_FD[a]}>&-
pump_until 10 grep -q "disconnected: connection closed" "$HUB_LOG" ||
    fail "the hub did not see alice go"
raw_resumed a2 "$ta"
pump 5 "passed 1" a2 || fail "bob's DM was not sent again on the resume"
[ "$(frame a2 "passed 1")" = "$first" ] ||
    fail "sent again as another frame: $(frame a2 "passed 1") / $first"
ok "an IRC user's DM passed just before the loss is sent again"
raw_send a2 '{"type":"quit","reason":"bye"}'
pump_until 10 grep -q "alice quit: bye" "$HUB_LOG" ||
    fail "alice did not quit"

# Frozen: alice never reads nor answers; the ping timeout drops her, her
# session expires; bob, who sent her a DM meanwhile, is told by a NOTICE.
raw_login a3 alice
irc_sync b
irc_send b "PRIVMSG alice :unread 2"
pump $((PING + WINDOW + 10)) "NOTICE bob :" || fail "bob was not told"
irc_wait b "NOTICE bob :" 1
line=$(grep "NOTICE bob :" "$T/b.irc" | tail -n 1)
[[ $line == *alice* ]] || fail "told of whom: $line"
[[ $line == *"may not have been delivered"* ]] || fail "told what: $line"
grep -q "Ping timeout: [0-9]* seconds" "$HUB_LOG" ||
    fail "alice was not dropped for the ping timeout"
ok "the IRC sender of a DM passed before a ping timeout gets a NOTICE"

# Held for the lost session, which never comes back: not delivered.
raw_login a4 alice
gone=$(count_in "$HUB_LOG" "disconnected:")
exec {RAW_FD[a4]}>&-
pump_until 10 eval '[ "$(count_in "$HUB_LOG" "disconnected:")" -gt $gone ]' ||
    fail "the hub did not see alice go again"
irc_send b "PRIVMSG alice :held 3"
pump 5 "is kept for up to" || fail "bob was not told it is held: $(tail -n 3 "$T/b.irc")"
grep -qE "alice is disconnected: your message is kept for up to [0-9]+s, for them" \
    "$T/b.irc" || fail "not told for how long: $(grep kept "$T/b.irc")"
pump $((WINDOW + 10)) "were not delivered" ||
    fail "bob was not told it was not delivered: $(tail -n 3 "$T/b.irc")"
ok "the IRC sender of a DM held for a session that ends gets a NOTICE"
exit 0
