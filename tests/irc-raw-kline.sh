#!/bin/bash
# SPDX-License-Identifier: ISC
# KLINE durations: a bare number before the mask is minutes, as in
# ratbox and charybdis; after it, seconds, as in InspIRCd and ngircd; a
# parameter that looks like a duration but is not one (2x, 99999d, past
# a year) is refused with a NOTICE, never taken as the reason of a
# K-line for good; the answer gives the end in UTC, or says there is none,
# and the reason.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

printf 's3cret\n' >"$T/admin.pw"
start_irc_hub --irc-server-name kline.test --admin-password-file "$T/admin.pw"
irc_open o
irc_register o olga
irc_send o "OPER olga s3cret"
irc_wait o " 381 olga :"

# The end a K-line got, in seconds from now, from the hub's history.
until_in() {
	local addr=$1 now until
	now=$(date +%s)
	until=$(sed -n "s/.*\"target\":\"$addr\",\"until\":\([0-9]*\).*/\1/p" \
	    "$T/history.json")
	[ -n "$until" ] || fail "no K-line on $addr saved"
	echo $(( until / 1000 - now ))
}

irc_send o "KLINE 5 *@127.0.0.3 :ratbox minutes"
irc_wait o ":kline.test NOTICE olga :banned: 127.0.0.3"
wait_for "$HUB_LOG" "olga banned 127.0.0.3 for 5m: ratbox minutes"
irc_send o "KLINE *@127.0.0.4 3000 :inspircd seconds"
irc_wait o ":kline.test NOTICE olga :banned: 127.0.0.4"
wait_for "$HUB_LOG" "olga banned 127.0.0.4 for 3000: inspircd seconds"
irc_send o "KLINE 2h 127.0.0.5 :units"
irc_wait o ":kline.test NOTICE olga :banned: 127.0.0.5"
wait_for "$HUB_LOG" "olga banned 127.0.0.5 for 2h: units"
ok "KLINE: a bare number before the mask is minutes, after it seconds"

# The answer says when the K-line ends, in UTC as the refusal does, or
# that it has none: a K-line for ever by a slip shows at once.
end_ok() {
	local line t want got
	line=$(grep -a "NOTICE olga :banned: $1 until " "$T/o.irc" | tail -1)
	[ -n "$line" ] || fail "KLINE $1: no end in the answer: $(grep -a \
	    "banned: $1" "$T/o.irc")"
	t=${line##* until }
	t=${t%$'\r'}
	t=${t% (reason: *)}
	[[ $t =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9]{2}:[0-9]{2}\ UTC$ ]] ||
	    fail "KLINE $1: end '$t' is not a UTC time"
	want=$(( $(date +%s) + $2 ))
	got=$(date -u -d "${t% UTC}" +%s) || fail "KLINE $1: bad date '$t'"
	[ $((got - want)) -le 60 ] && [ $((want - got)) -le 120 ] ||
	    fail "KLINE $1: ends at '$t', not in $2 s"
}
end_ok 127.0.0.3 300
end_ok 127.0.0.4 3000
end_ok 127.0.0.5 7200
irc_send o "KLINE *@127.0.0.7 :for good"
irc_wait o \
    ":kline.test NOTICE olga :banned: 127.0.0.7 with no end: UNKLINE lifts it"
irc_send o "KLINE 0 *@127.0.0.8 :zero"
irc_wait o \
    ":kline.test NOTICE olga :banned: 127.0.0.8 with no end: UNKLINE lifts it"
# Then the reason, as a mute's notice says it.
grep -qa "NOTICE olga :banned: 127.0.0.3 until .* UTC (reason: ratbox \
minutes)"$'\r' "$T/o.irc" ||
    fail "KLINE's answer: $(grep -a "banned: 127.0.0.3" "$T/o.irc")"
grep -qa "NOTICE olga :banned: 127.0.0.8 with no end: UNKLINE lifts it \
(reason: zero)" "$T/o.irc" ||
    fail "KLINE's answer: $(grep -a "banned: 127.0.0.8" "$T/o.irc")"
ok "KLINE's answer gives the end in UTC, or says there is none, and why"

irc_send o "KLINE *@127.0.0.6 2x :typo" "KLINE 2x *@127.0.0.6 :typo" \
    "KLINE *@127.0.0.6 99999d :too long" "KLINE 600000 *@127.0.0.6 :long" \
    "KLINE *@127.0.0.6 -5m :negative"
irc_wait o "NOTICE olga :*** KLINE: 2x is not a duration"
irc_wait o "NOTICE olga :*** KLINE: 99999d is not a duration"
irc_wait o "NOTICE olga :*** KLINE: 600000 is not a duration"
irc_wait o "NOTICE olga :*** KLINE: -5m is not a duration"
[ "$(count_in "$T/o.irc" "KLINE: 2x is not a duration")" -eq 2 ] ||
    fail "2x before the mask not refused"
irc_send o "PING :after-typos"
irc_wait o "PONG kline.test :after-typos"
grep -q "banned: 127.0.0.6" "$T/o.irc" && fail "a typo K-lined 127.0.0.6"
grep -q "banned 127.0.0.6" "$HUB_LOG" && fail "a typo K-lined 127.0.0.6"
ok "KLINE: a duration that is not one is refused, not a reason"

# A duration in parts, or in the units the client shows (Korean here).
irc_send o "KLINE *@127.0.0.11 1h30m :parts" "KLINE 2일 *@127.0.0.12 :ko"
irc_wait o "NOTICE olga :banned: 127.0.0.11 until"
irc_wait o "NOTICE olga :banned: 127.0.0.12 until"
wait_for "$HUB_LOG" "olga banned 127.0.0.11 for 90m: parts"
wait_for "$HUB_LOG" "olga banned 127.0.0.12 for 2d: ko"
ok "KLINE takes 1h30m and 2일, sent on as 90m and 2d"

# What the hub kept: 5 minutes and 3000 seconds, not 5 seconds.
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
left=$(until_in 127.0.0.3)
[ "$left" -gt 150 ] && [ "$left" -le 300 ] ||
    fail "KLINE 5 lasts ${left}s, not 5 minutes"
left=$(until_in 127.0.0.4)
[ "$left" -gt 2000 ] && [ "$left" -le 3000 ] ||
    fail "KLINE mask 3000 lasts ${left}s, not 3000 seconds"
ok "the hub keeps KLINE 5 for 5 minutes, KLINE mask 3000 for 3000 s"
