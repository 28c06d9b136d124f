#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the trust prompt takes the short answers of the user's
# language as it takes "y" and "n": "o" for "oui" (apt's [O/n]) in French,
# "네" beside "예" in Korean.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
command -v openssl >/dev/null || exit 77
INSECURE=

start_hub
n=0
for case in "fr_FR.UTF-8 fr o" "ko_KR.UTF-8 ko 네"; do
	set -- $case
	loc=$1 lang=$2 answer=$3
	if [ "$(LC_ALL=$loc locale charmap 2>/dev/null)" != UTF-8 ]; then
		echo "no $loc locale: skipped"
		continue
	fi
	n=$((n + 1))
	tui_start "t$lang" "u$lang" 80 20 LC_ALL=$loc LANGUAGE=$lang \
	    XDG_STATE_HOME="$T/state-$lang"
	wait_until 20 eval 'tui_screen t$lang | grep -q "SHA-256"' ||
		fail "no trust prompt in $loc: $(tui_screen "t$lang")"
	tui_type "t$lang" "$answer"
	tui_keys "t$lang" Enter
	tui_wait "t$lang" "#lobby"
	tui_has "t$lang" "CLIENT EXITED" &&
		fail "\"$answer\" refused in $loc: $(tui_screen "t$lang")"
	ok "\"$answer\" trusts the hub in $loc"
done
[ "$n" -gt 0 ] || exit 77
exit 0
