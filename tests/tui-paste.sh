#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a bracketed paste becomes one message of several lines.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"
tui_start bob bob
tui_wait bob "you joined #lobby"

# Three lines: they wait in the input line until Enter, then go as one.
tm set-buffer -b p3 "$(printf 'first line\nsecond line\nthird line')"
tm paste-buffer -p -b p3 -t bob:
tui_wait bob "[#lobby] first line↵second line↵third line"
grep -qF "second line" "$T/obs.out" && fail "the paste was sent line by line"
tui_keys bob Enter
wait_for "$T/obs.out" "third line"
grep -qF "<bob> first line" "$T/obs.out" || fail "not one message"
[ "$(grep -c "<bob>" "$T/obs.out")" = 1 ] ||
    fail "the paste made several messages: $(cat "$T/obs.out")"
ok "a pasted block is one message of several lines"

# Eight lines: Enter asks first; "n" goes back to the text, "y" sends.
tm set-buffer -b p8 "$(printf 'row %s\n' 1 2 3 4 5 6 7 8)"
tm paste-buffer -p -b p8 -t bob:
tui_wait bob "row 1↵row 2↵row 3"
tui_keys bob Enter
tui_wait bob "send 8 lines? (y/n)"
tui_type bob "n"
tui_wait_gone bob "send 8 lines?"
tui_has bob "row 1↵row 2" || fail "the text went away after no"
grep -qF "row 1" "$T/obs.out" && fail "sent although the answer was no"
tui_keys bob Enter
tui_wait bob "send 8 lines? (y/n)"
tui_type bob "y"
wait_for "$T/obs.out" "row 8"
[ "$(grep -c "<bob>" "$T/obs.out")" = 2 ] || fail "not one message"
tui_wait_gone bob "send 8 lines?"
ok "a long paste is sent only after yes"

# A block copied with its last newline: that newline is no line of its
# own, neither in the count nor in the message.
client_start raw rawobs --json
wait_for "$T/raw.out" '"nick":"rawobs"'
tm set-buffer -b p5 "$(printf 'tail %s\n' 1 2 3 4 5)"$'\n'
tm paste-buffer -p -b p5 -t bob:
tui_wait bob "tail 4↵tail 5↵"
tui_keys bob Enter
wait_for "$T/obs.out" "tail 5"
tui_has bob "lines? (y/n)" && fail "5 lines and a newline asked as 6"
tui_wait_match bob '^\[#lobby\] ?$'
tm set-buffer -b p6 "$(printf 'six %s\n' 1 2 3 4 5 6)"$'\n'
tm paste-buffer -p -b p6 -t bob:
tui_wait bob "six 5↵six 6↵"
tui_keys bob Enter
tui_wait bob "send 6 lines? (y/n)"
tui_type bob "y"
wait_for "$T/obs.out" "six 6"
wait_for "$T/raw.out" 'six 6"'
grep -qF 'tail 5\n"' "$T/raw.out" && fail "the newline at the end was sent"
ok "a trailing newline is neither counted nor sent"
exit 0
