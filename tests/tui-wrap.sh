#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: Chinese, Japanese and long Korean runs fill the row
# instead of wrapping as one word; 。 never starts a row; wide characters
# and emoji at the right margin go to the next row whole.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start nat nat
tui_wait nat "you joined #lobby"

# The scrollback is 83 columns (100 less the room list and its border);
# "[hh:mm] <nat> " takes 14, leaving 69 for text.
ga=$(printf '가%.0s' $(seq 41))
tui_type nat "wide at margin $ga"
tui_keys nat Enter
# "wide at margin " is 15 columns: 27 syllables (54) fill the row.
tui_wait_match nat "<nat> wide at margin (가){27}\$"
tui_wait_match nat "│ {14}(가){14} *\$"
ok "an 82-column run of 가 fills the row it starts in"

# 2 + 33 ideographs is 68 columns: 。 does not fit after them and may not
# start a row, so the last 我 goes down with it.
wo=$(printf '我%.0s' $(seq 33))
tui_type nat "xx${wo}。你好"
tui_keys nat Enter
tui_wait_match nat "<nat> xx(我){32}\$"
tui_wait_match nat "│ {14}我。你好 *\$"
ok "Chinese fills the row and 。 never starts one"

# A Korean word that fits a row moves down whole, as a Latin one does.
word=$(printf 'w%.0s' $(seq 62))
tui_type nat "$word 안녕하세요"
tui_keys nat Enter
tui_wait_match nat "<nat> w{62}\$"
tui_wait_match nat "│ {14}안녕하세요 *\$"
ok "a Korean word that fits a row is kept whole"

# Emoji and wide characters at the margin never overflow: 2 + 33 emoji
# take 68 columns, the 34th goes to the next row.
em=$(printf '😀%.0s' $(seq 34))
tui_type nat "ee$em"
tui_keys nat Enter
tui_wait_match nat "<nat> ee(😀){33}\$"
tui_wait_match nat "│ {14}😀 *\$"
mid=$(printf '中%.0s' $(seq 33))
tui_type nat "e${mid}😀x"
tui_keys nat Enter
# An emoji breaks like an ideograph (UAX #14 ID): it fills the row's
# last two columns and the x goes on.
tui_wait_match nat "<nat> e(中){33}😀\$"
tui_wait_match nat "│ {14}x *\$"
ok "emoji and wide characters at the margin go to the next row"
exit 0
