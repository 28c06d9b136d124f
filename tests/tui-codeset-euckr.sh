#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client in a locale that is not UTF-8 and whose language is not
# written in ASCII (Korean in ko_KR.EUC-KR): the warning that says to set
# a UTF-8 locale is readable, in English, not a row of blanks where the
# Korean words could not be shown.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

loc=
for l in ko_KR.EUC-KR ko_KR.euckr; do
	[ "$(LC_ALL=$l locale charmap 2>/dev/null)" = EUC-KR ] && loc=$l
done
[ -n "$loc" ] || { echo "no ko_KR.EUC-KR locale: skipped"; exit 77; }

start_hub
tui_start dave dave 100 30 LC_ALL=$loc LANG=$loc LANGUAGE=ko
wait_until 20 eval 'tui_screen dave | grep -q "#lobby"' ||
	fail "dave did not join: $(tui_screen dave)"
tui_keys dave M-0
tui_wait dave "not UTF-8"
tui_has dave "set LANG to a UTF-8 locale" ||
	fail "the warning is not whole: $(tui_screen dave)"
ok "in ko_KR.EUC-KR the warning about the locale is readable"
exit 0
