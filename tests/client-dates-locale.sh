#!/bin/bash
# SPDX-License-Identifier: ISC
# Dates outside the scrollback are in the user's locale as the
# scrollback's stamps are, never ISO: the end of a ban on another day,
# /whois's "connected since" and "last seen", which today give the time
# alone; with no zero before the day or the month ("Dec 4", "12월 4일").  In the C locale, then in French and Korean where installed.
. "$top_srcdir/tests/lib.sh"

iso='[0-9]{4}-[0-9]{2}-[0-9]{2}'
start_oper_pair start_hub --resume-timeout 0

client_say alice "/whois bob"
wait_for "$T/alice.out" "bob: connected since"
grep -qE "bob: connected since [0-9]{2}:[0-9]{2}, idle" "$T/alice.out" ||
    fail "connected since today is not the time alone: \
$(grep "connected since" "$T/alice.out")"
ok "/whois of a user connected today gives the time alone"

run_batch first carol "first visit"
[ "$BATCH_RC" -eq 0 ] || fail "carol could not log in"
run_batch again carol "second visit"
[ "$BATCH_RC" -eq 0 ] || fail "carol could not come back"
grep -qE "welcome back, carol \(last seen at [0-9]{2}:[0-9]{2}\)" \
    "$T/again.out" || fail "last seen today: $(grep welcome "$T/again.out")"
ok "last seen today is the time alone"

# The end of a ban a week away: a date, in the locale's words.
ban_line() {
	# ban_line CLIENT ADDRESS LOCALE: the confirmation of a 7d ban.
	local name=$1 addr=$2 loc=$3 line month
	month=$(LC_ALL=$loc date -d "@$(( $(date +%s) + 7 * 86400 ))" +%b)
	client_say "$name" "/ban $addr 7d robots"
	wait_for "$T/$name.out" "$addr"
	line=$(grep -F "$addr" "$T/$name.out")
	grep -qE "$iso" <<<"$line" && fail "an ISO date in $loc: $line"
	grep -qF "$month" <<<"$line" ||
	    fail "no $month ($loc) in the ban's end: $line"
	echo "$line"
}
ban_line alice 10.9.8.7 C.UTF-8
ok "a ban's end on another day is a date in words, in C"

# The end of a ban on a day of the month under 10: "Dec 4", "4 déc.",
# "12월 4일", with no zero before the day or the month, as people write.
unpadded() {
	# unpadded CLIENT ADDRESS LOCALE
	local name=$1 addr=$2 loc=$3 n=1 line
	while [ "$(date -d "@$(( $(date +%s) + n * 86400 ))" +%-d)" -gt 9 ]
	do
		n=$((n + 1))
	done
	client_say "$name" "/ban $addr ${n}d"
	wait_for "$T/$name.out" "$addr"
	line=$(grep -F "$addr" "$T/$name.out")
	grep -qE '(^|[^0-9:])0[1-9]([^0-9:]|$)' <<<"$line" &&
	    fail "a zero before a day or a month in $loc: $line"
	echo "$line"
}
unpadded alice 10.9.7.1 C.UTF-8
ok "no zero before the day of a ban's end, in C"

n=20
for loc in fr_FR.UTF-8 ko_KR.UTF-8; do
	n=$((n + 1))
	if ! LC_ALL=$loc locale -k LC_TIME 2>/dev/null | grep -q "^abmon=" ||
	    [ "$(LC_ALL=$loc locale charmap 2>/dev/null)" != UTF-8 ]; then
		echo "no $loc locale: skipped"
		continue
	fi
	lang=${loc%%_*}
	LC_ALL=$loc LANGUAGE=$lang client_start "op$lang" "op$lang"
	wait_for "$T/op$lang.out" "#lobby"
	client_say "op$lang" "/oper s3cret"
	wait_until 10 grep -q "operator\|opérateur\|운영자" "$T/op$lang.out" ||
	    fail "op$lang is not an operator"
	ban_line "op$lang" "10.9.8.$n" "$loc"
	ok "a ban's end is a date in words in $loc"
	unpadded "op$lang" "10.9.7.$n" "$loc"
	ok "no zero before the day or the month of a ban's end in $loc"
	LC_ALL=$loc LANGUAGE=$lang run_batch "seen$lang" carol "again"
	grep -qE "$iso" "$T/seen$lang.out" &&
	    fail "an ISO date in $loc: $(cat "$T/seen$lang.out")"
	ok "last seen today is the time alone in $loc"
done
# In French words where the catalogue is (tests/po.sh checks that it is).
if [ -f "$T/seenfr.out" ] &&
    LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)"; then
	grep -qE "vu pour la dernière fois à [0-9]{2}:[0-9]{2}\)" \
	    "$T/seenfr.out" ||
	    fail "French last seen: $(cat "$T/seenfr.out")"
	ok "vu pour la dernière fois à HH:MM"
fi
exit 0
