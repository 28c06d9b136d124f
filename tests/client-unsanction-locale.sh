#!/bin/bash
# SPDX-License-Identifier: ISC
# /unban and /unmute of one who is not banned or muted: the hub's "bob is
# not muted" is said in the user's language, naming the same nick or
# address, never left in English in French or Korean.
. "$top_srcdir/tests/lib.sh"

start_oper_pair start_hub
client_say alice "/unmute bob" "/unban 10.9.9.9"
wait_for "$T/alice.err" "bob is not muted"
wait_for "$T/alice.err" "10.9.9.9 is not banned"
ok "in C, the hub's words"

for loc in fr_FR.UTF-8 ko_KR.UTF-8; do
	if [ "$(LC_ALL=$loc locale charmap 2>/dev/null)" != UTF-8 ]; then
		echo "no $loc locale: skipped"
		continue
	fi
	lang=${loc%%_*}
	n=$([ "$lang" = fr ] && echo 1 || echo 2)
	LC_ALL=$loc LANGUAGE=$lang client_start "op$lang" "op$lang"
	wait_until 20 grep -q "#lobby" "$T/op$lang.out" ||
	    fail "op$lang did not join"
	client_say "op$lang" "/oper s3cret"
	wait_until 20 grep -q "opérateur\|운영자" "$T/op$lang.out" ||
	    fail "op$lang is not an operator"
	client_say "op$lang" "/unmute bob" "/unban 10.9.9.$n"
	wait_until 20 grep -q "10\.9\.9\.$n" "$T/op$lang.err" ||
	    fail "no answer to /unban in $loc: $(cat "$T/op$lang.err")"
	grep -q "is not" "$T/op$lang.err" &&
	    fail "English in $loc: $(grep "is not" "$T/op$lang.err")"
	case $lang in
	fr)	grep -q "bob n'est pas réduit au silence" "$T/opfr.err" &&
		grep -q "10.9.9.1 n'est pas banni" "$T/opfr.err" ||
		    fail "not in French: $(cat "$T/opfr.err")" ;;
	ko)	grep -q "발언 금지 상태가 아닙니다: bob" "$T/opko.err" &&
		grep -q "차단되어 있지 않습니다: 10.9.9.2" "$T/opko.err" ||
		    fail "not in Korean: $(cat "$T/opko.err")" ;;
	esac
	ok "in $loc, the refusal in the user's language"
done
exit 0
