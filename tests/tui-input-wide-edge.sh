#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: with the cursor at the right edge of the input line on
# a wide character (Hangul), the input scrolls so that the character is
# drawn whole next to the cursor, as an ASCII one is.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start ana ana 30 10
tui_wait ana "#lobby"

# ASCII first: the character under the cursor is in the last column.
tui_type ana "abcdefghijklmnopqrstuvwxyz0123456789"
tui_keys ana Home
for i in $(seq 25); do
	tui_keys ana Right
done
wait_until 20 tui_matches ana 'fghijklmnopqrstuvwxyz$' ||
	fail "ASCII: input line '$(tui_screen ana | tail -n 1)'"
ok "ASCII: the character under the cursor at the edge is drawn"

tui_keys ana End C-u
wait_until 20 tui_matches ana '^\[#lobby\] *$' ||
	fail "the input line did not clear: '$(tui_screen ana | tail -n 1)'"
tui_type ana "가나다라마바사아자차카타파하가나다라마바사"
tui_keys ana Home
for i in $(seq 12); do
	tui_keys ana Right
done
# The cursor is on 파: it must be on screen, right under the cursor.
wait_until 20 tui_matches ana '타파$' || {
	tui_screen ana >"$T/ana.screen.out"
	fail "Hangul: input line '$(tui_screen ana | tail -n 1)', no 파 at the edge"
}
set -- $(tui_cursor ana)
x=$1
line=$(tui_screen ana | tail -n 1)
before=${line%파}
[ "$(printf %s "$before" | wc -L)" = "$x" ] ||
	fail "the cursor is at column $x, not on 파 ('$line')"
ok "Hangul: the wide character under the cursor at the edge is drawn whole"
exit 0
