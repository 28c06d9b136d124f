#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: editing, moving and wrapping go by grapheme cluster.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

ZWJ=$'\u200d'
FLAG=$'\U1F1EB\U1F1F7'				# 🇫🇷, two regional indicators
FAMILY=$'\U1F468'"$ZWJ"$'\U1F469'"$ZWJ"$'\U1F467'	# 👨‍👩‍👧
SHOWN=$'\U1F468\U1F469\U1F467'			# the family as drawn

start_hub
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"
tui_start ann ann
tui_wait ann "you joined #lobby"

# Backspace takes the whole flag, not one of its two code points.
tui_type ann "x$FLAG"
tui_wait ann "[#lobby] x$FLAG"
tui_keys ann BSpace
tui_type ann "y"
tui_keys ann Enter
wait_for "$T/obs.out" "<ann> xy"
ok "Backspace deletes a flag emoji whole"

# The cursor steps over a ZWJ sequence in one move, both ways.
tui_type ann "a${FAMILY}b"
tui_wait ann "[#lobby] a${SHOWN}b"
tui_keys ann Left Left
tui_type ann "X"
tui_keys ann Right
tui_type ann "Y"
tui_keys ann Enter
wait_for "$T/obs.out" "<ann> aX${FAMILY}Yb"
tui_wait ann "<ann> aX${SHOWN}Yb"
ok "the cursor moves over a family emoji as one character"

# Delete (forward) takes the whole sequence too.
tui_type ann "c${FAMILY}d"
tui_keys ann Left Left Delete Enter
wait_for "$T/obs.out" "<ann> cd"
ok "Delete removes a family emoji whole"

# Alt-Backspace deletes a word, however the terminal sends Backspace.
tui_type ann "one two thr${FAMILY}ee"
tui_keys ann M-BSpace
tui_type ann "four"
tui_keys ann Enter
wait_for "$T/obs.out" "<ann> one two four"
ok "Alt-Backspace deletes the word before the cursor"

# Wrapping: the scrollback is 83 columns and "[hh:mm] <ann> " takes 14,
# leaving 69.  67 letters and the 6-column family make 73: the family
# must move to the next row whole, not leave a piece of itself behind.
long=$(printf 'w%.0s' $(seq 1 67))
tui_type ann "$long$FAMILY"
tui_keys ann Enter
wait_for "$T/obs.out" "<ann> $long$FAMILY"
tui_wait_match ann "<ann> $long\$"
tui_wait_match ann "^ {16}│ {14}$SHOWN\$"
tui_screen ann | grep -q "$ZWJ" && fail "a U+200D reached the terminal"
ok "a wrap never splits a family emoji"
exit 0
