#!/bin/bash
# SPDX-License-Identifier: ISC
# "no such room" names the room with its "#", as the user typed it and as
# the line beside it ("you are not in #x") does, in English, French and
# Korean.
. "$top_srcdir/tests/lib.sh"

start_hub
run_batch c alice "/names #nothere"
grep -qF "no such room: #nothere" "$T/c.err" ||
	fail "no #: $(cat "$T/c.err")"
ok "no such room: #nothere"
for case in "fr_FR.UTF-8 fr salon inconnu : #nulle" \
    "ko_KR.UTF-8 ko 그런 방이 없습니다: #nulle"; do
	set -- $case
	loc=$1 lang=$2
	shift 2
	if [ "$(LC_ALL=$loc locale charmap 2>/dev/null)" != UTF-8 ]; then
		echo "no $loc locale: skipped"
		continue
	fi
	LC_ALL=$loc LANGUAGE=$lang run_batch "c$lang" "b$lang" "/names #nulle"
	grep -qF "$*" "$T/c$lang.err" ||
		fail "in $loc: $(cat "$T/c$lang.err")"
	ok "$*"
done
exit 0
