#!/bin/bash
# SPDX-License-Identifier: ISC
# A nick the hub refuses at login is explained in the user's language, as
# at the nick prompt and in English: not the bare "that nick is not
# allowed" in French or Korean.
. "$top_srcdir/tests/lib.sh"

start_hub
bad=$(printf '\xcc\x81abc')	# a combining accent first
run_batch c "$bad" "hi"
grep -qF "U+0301" "$T/c.err" || fail "no reason in English: $(cat "$T/c.err")"
ok "in C the reason names U+0301"
for case in "fr_FR.UTF-8 fr" "ko_KR.UTF-8 ko"; do
	set -- $case
	loc=$1 lang=$2
	if [ "$(LC_ALL=$loc locale charmap 2>/dev/null)" != UTF-8 ]; then
		echo "no $loc locale: skipped"
		continue
	fi
	LC_ALL=$loc LANGUAGE=$lang run_batch "c$lang" "$bad" "hi"
	grep -qF "U+0301" "$T/c$lang.err" ||
		fail "no reason in $loc: $(cat "$T/c$lang.err")"
	ok "in $loc the reason names U+0301"
done
exit 0
