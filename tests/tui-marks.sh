#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: dates on old lines, "day changed" rows, the read marker.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# A message in the history file, moved nine days back.
start_hub
run_batch j1 ann "old news"
stop_hub
ts=$(grep -o '"ts":[0-9]*' "$T/history.json" | head -n 1 | cut -d: -f2)
[ -n "$ts" ] || fail "no message in the history file"
old=$((ts - 9 * 86400 * 1000))
history_unseal "$T/history.json"
sed -i "s/\"ts\":$ts/\"ts\":$old/" "$T/history.json"
start_hub

stamp=$(TZ=UTC LC_ALL=C date -d "@$((old / 1000))" '+%b %d %H:%M')
day=$(TZ=UTC LC_ALL=C date '+%A %-d %B %Y')
tui_start bob bob 100 30 TZ=UTC LC_ALL=C.UTF-8
tui_wait bob "[$stamp] <ann> old news"
ok "a line from another day shows its date"

# Between the old line and today's "end of history", the day changes.
tui_screen bob | grep -A1 -F "<ann> old news" | tail -n 1 |
    grep -qF "day changed to $day" ||
    fail "no day change after the old line: $(tui_screen bob)"
tui_has bob "$(TZ=UTC date '+[%H:')" || fail "today's lines lost their time"
ok "a day changed row separates the days"

# The read marker: lines that came while bob was in another window.
tui_wait bob "you joined #lobby"
client_start ann ann
tui_wait bob "ann joined #lobby"
tui_type bob "/join two"
tui_keys bob Enter
tui_wait bob "you joined #two"
client_say ann "said while bob was away"
tui_wait bob "Act: 1"
tui_keys bob M-1
tui_wait bob "<ann> said while bob was away"
tui_screen bob | grep -B1 -F "<ann> said while bob was away" |
    head -n 1 | grep -qF "new messages" ||
    fail "no read marker above the new line: $(tui_screen bob)"
[ "$(tui_screen bob | grep -cF "new messages")" = 1 ] ||
    fail "more than one read marker"
ok "a read marker shows where the unread lines begin"

# Leaving and coming back with nothing new: no marker.
tui_keys bob M-2
tui_wait bob "[#two]"
tui_keys bob M-1
tui_wait bob "[#lobby]"
tui_settle bob
tui_has bob "new messages" && fail "a read marker with nothing new"
ok "the read marker moves when the window is left again"

# The marker is for lines from others: not above the user's own line...
tui_type bob "my own line"
tui_keys bob Enter
tui_wait bob "<bob> my own line"
tui_settle bob
tui_has bob "new messages" && fail "a read marker above bob's own line"
# ... nor above the client's notices, such as "you left" in the status
# window (seen before, so it has a marker to place).
tui_keys bob M-0
tui_wait_match bob "^ chatroom — "
tui_keys bob M-2
tui_wait bob "[#two]"
tui_type bob "/part"
tui_keys bob Enter
tui_wait_gone bob "[#two]"
tui_keys bob M-0
tui_wait bob "you left #two"
tui_settle bob
tui_has bob "new messages" &&
    fail "a read marker above a notice: $(tui_screen bob)"
ok "no read marker above the user's own lines and notices"
exit 0
