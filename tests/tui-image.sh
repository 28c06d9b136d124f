#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: pictures are drawn in colour, clipped (not wrapped) when
# the screen is narrow, and as plain characters without colours.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

ESC=$(printf '\033')

ppm="$T/quads.ppm"
make_quadrants_ppm "$ppm"

# The 11 screen rows after the "<alice> quads.ppm" line: the picture's 10
# rows, then the line that came after it (alice leaving).
after_header() {
	tui_screen_e "$1" | sed "s/$ESC\[[0-9;]*m//g" |
	    grep -A 11 -F "<alice> quads.ppm" | tail -n +2
}

# Check the picture: 10 rows from column $2, then alice's quit line.
check_picture() {
	local rows
	rows=$(after_header "$1")
	[ "$(printf '%s\n' "$rows" | head -n 10 | grep -cE "^.{$2}.*[^ ]")" \
	    -ge 4 ] || fail "$1: no picture after column $2"
	[ "$(printf '%s\n' "$rows" | head -n 10 |
	    grep -cE "^.{$(($2 - 8))} {8}|^ *│? *\$")" -eq 10 ] ||
	    fail "$1: the picture rows are not indented by $2"
	printf '%s\n' "$rows" | sed -n 11p | grep -q "alice quit" ||
	    fail "$1: the picture is not 10 rows"
}

start_hub
tui_start bob bob
tui_wait bob "you joined #lobby"
tui_start plain carol 100 30 NO_COLOR=1
tui_wait plain "you joined #lobby"
run_batch alice alice "/image $ppm 40"
[ "$BATCH_RC" = 0 ] || fail "sending the picture failed"
tui_wait bob "alice quit"
tui_settle bob
check_picture bob 25
[ "$(tui_screen_e bob | grep -A 10 -F "quads.ppm" | tail -n +2 |
    grep -c "$ESC\[10[0-7]m")" -eq 10 ] ||
    fail "the picture rows have no background colours"
ok "a picture is drawn as 10 rows of coloured cells"

tui_wait plain "alice quit"
tui_settle plain
check_picture plain 25
tui_screen_e plain | grep -qE "$ESC\[(3[0-7]|4[0-7]|9[0-7]|10[0-7])m" &&
    fail "NO_COLOR still shows colours"
ok "without colours the picture is plain characters"

# At 30 columns the 40 cells are clipped, not wrapped: still 10 rows.
tm resize-window -t bob: -x 30 -y 30
tui_wait_gone bob "│"
tui_settle bob
check_picture bob 8
ok "a picture is clipped, not wrapped, on a narrow screen"
exit 0
