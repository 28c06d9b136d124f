#!/bin/bash
# SPDX-License-Identifier: ISC
# STATS for operators: k lists the bans in force as /bans does, not the
# mutes (216 each: the target, the kind, the reason, when it ends, who set
# it),
# o who is an operator (243 each, native or IRC); others get 481 for
# both.  Every query ends with 219; u stays open to anyone.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

# Send lines as NAME and wait for all they bring (a PING behind them);
# the lines are in $T/answer.
n=0
request() {
	local name=$1 before
	shift
	before=$(wc -l <"$T/$name.irc")
	n=$((n + 1))
	irc_send "$name" "$@" "PING :done$n"
	irc_wait "$name" "PONG stats.test :done$n"
	tail -n +"$((before + 1))" "$T/$name.irc" | tr -d '\r' >"$T/answer"
}

# The answer holds a line matching this extended regular expression.
has() {
	grep -qxE "$1" "$T/answer" || fail "no '$1' in: $(cat "$T/answer")"
}

# The native alice is an operator, bob is not; on IRC olga opers, anna
# does not.  The hub runs 9 hours east of UTC: a ban's end must still be
# given in UTC, labelled, as the KLINE notice gives it.
export TZ=JST-9
start_oper_pair start_irc_hub --irc-server-name stats.test
irc_open a
irc_register a anna
irc_open o
irc_register o olga
irc_send o "OPER olga s3cret"
irc_wait o " 381 olga :"

# Not an operator: 481, then the end, for k and o (either case).
for q in k o K O; do
	request a "STATS $q"
	has ":stats.test 481 anna :Permission Denied- You're not an IRC operator"
	has ":stats.test 219 anna $q :End of /STATS report"
	grep -q " 21[6] \| 243 " "$T/answer" && fail "anna saw STATS $q"
done
ok "STATS k and o for a user: 481 and 219"

# No bans yet: 219 alone.
request o "STATS k"
[ "$(wc -l <"$T/answer")" = 2 ] || fail "bans of none: $(cat "$T/answer")"
has ":stats.test 219 olga k :End of /STATS report"

# A ban on a nick and a mute (native), a K-line (IRC).
client_say alice "/ban mallory 2d flooding"
wait_for "$HUB_LOG" "alice banned mallory"
client_say alice "/mute bob 30m"
wait_for "$HUB_LOG" "alice muted bob"
irc_send o "KLINE *@192.0.2.0/24 :spammers"
wait_for "$HUB_LOG" "olga banned 192.0.2.0/24"
# Its notice is in olga's lines before the next request counts them.
irc_wait o "NOTICE olga :banned: 192.0.2.0/24"
request o "STATS k"
has ":stats.test 216 olga K mallory \* nick :flooding \(until [-0-9]+ [0-9:]+ UTC \(in (2d|1d 23h)\), by alice\)"
grep -q " 216 olga K bob " "$T/answer" && fail "a mute is listed as a K-line"
has ":stats.test 216 olga K 192.0.2.0/24 \* ip :spammers \(permanent, by olga\)"
[ "$(tail -n 2 "$T/answer" | head -n 1)" = \
    ":stats.test 219 olga k :End of /STATS report" ] ||
    fail "219 is not last: $(cat "$T/answer")"
[ "$(grep -c " 216 " "$T/answer")" = 2 ] || fail "not 2 bans"
ok "STATS k: the ban and the K-line (not the mute) as /bans lists them, then 219"

# A timed K-line: STATS k gives its end as its notice did, in UTC.
irc_send o "KLINE 30m *@198.51.100.7 :tz test"
irc_wait o "NOTICE olga :banned: 198.51.100.7 until"
end=$(tr -d '\r' <"$T/o.irc" |
    sed -n 's/.*NOTICE olga :banned: 198\.51\.100\.7 until \(.* UTC\).*/\1/p')
[ -n "$end" ] || fail "no end in the KLINE notice: $(cat "$T/o.irc")"
request o "STATS k"
has ":stats.test 216 olga K 198.51.100.7 \* ip :tz test \(until $end \(in (30m|29m [0-9]+s|29m)\), by olga\)"
irc_send o "UNKLINE *@198.51.100.7"
irc_wait o "NOTICE olga :unbanned: 198.51.100.7"
ok "STATS k gives a ban's end in UTC, as the KLINE notice does"

# A lifted ban goes from the list.
irc_send o "UNKLINE *@192.0.2.0/24"
wait_for "$HUB_LOG" "olga lifted the ban on 192.0.2.0/24"
irc_wait o "NOTICE olga :unbanned: 192.0.2.0/24"
request o "STATS K"
grep -q " 216 .*192\.0\.2\.0/24" "$T/answer" && fail "UNKLINE: still listed"
[ "$(grep -c " 216 " "$T/answer")" = 1 ] || fail "not 1 ban"
has ":stats.test 219 olga K :End of /STATS report"
ok "STATS K: a lifted K-line is gone"

# STATS o: the operators, native and IRC, not the others.
request o "STATS o"
has ":stats.test 243 olga O alice!alice@stats.test \* alice :native"
has ":stats.test 243 olga O olga!olga@stats.test \* olga :IRC"
[ "$(grep -c " 243 " "$T/answer")" = 2 ] || fail "not 2 operators"
has ":stats.test 219 olga o :End of /STATS report"
ok "STATS o: the native and the IRC operator, 243 each, then 219"

# u for anyone, any other letter 219 alone.
request a "STATS u"
has ":stats.test 242 anna :Server Up 0 days 0:[0-9]{2}:[0-9]{2}"
request o "STATS q"
[ "$(wc -l <"$T/answer")" = 2 ] || fail "STATS q: $(cat "$T/answer")"
has ":stats.test 219 olga q :End of /STATS report"
ok "STATS u for a user, STATS q: 219 alone"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
