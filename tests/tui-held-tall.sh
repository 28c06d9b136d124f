#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a message held while the client reconnects that is
# taller than the window shows its last rows under a count of the rest,
# and the held lines before it stay in sight.  Before it goes, the
# question "send 24 lines? (y/n)" shows alone on the input line.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start bob bob 100 20
tui_wait bob "you joined #lobby"
stop_hub KILL
tui_wait bob "disconnected — retrying in"

tui_keys bob C-l "first held line" Enter
tui_wait bob "<bob> first held line  (not sent yet)"

# 24 lines (a message holds at most 25) pasted in a window of 20 rows:
# held as one message.
tm set-buffer -b tall "$(seq -f 'tall %g' 1 24)"
tm paste-buffer -p -b tall -t bob:
tui_wait bob "tall 23↵tall 24"
tui_keys bob Enter
tui_wait bob "send 24 lines? (y/n)"
# The question alone: no text of the paste left over after it.
tui_screen bob | tail -n 1 | grep -qF "tall" &&
    fail "the question leaves text after it: $(tui_screen bob | tail -n 1)"
tui_type bob "y"
tui_wait bob "tall 24  (not sent yet)"
tui_wait bob "more rows of this message)"
tui_has bob "<bob> first held line  (not sent yet)" ||
    fail "the line held before the tall one is gone: $(tui_screen bob)"
ok "a held message taller than the window shows its end, the rest too"

# Smaller still: the tall one keeps its end in sight.  Until the client
# has drawn for the new size, tmux shows the old drawing cut to it, with
# the end of the tall one but the first held line cut short: that line,
# whole, is the sign of the new drawing (a slow client, as under
# valgrind, is seen before it).
tm resize-window -t bob: -x 60 -y 12
tui_wait bob "<bob> first held line  (not sent yet)"
tui_wait bob "tall 24  (not sent yet)"
tui_wait bob "more rows of this message)"
tm resize-window -t bob: -x 100 -y 20
tui_wait bob "tall 24  (not sent yet)"
tui_wait bob "<bob> first held line  (not sent yet)"
ok "and in a smaller window"

# The hub comes back: both go, and no longer show as not sent.  The
# client tries again when its back-off (up to 30 s) is over.  Once sent,
# the tall one is a line as any other and its 24 rows push the first
# line out of the window, maybe before the test first looks: it is in
# the scrollback, just above the tall one.
held_sent() {
	tui_settled bob && tui_has bob "tall 24" &&
	    tui_lacks bob "(not sent yet)" &&
	    tui_lacks bob "more rows of this message"
}
FORCE_PORT=$HUB_PORT start_hub
wait_until 45 held_sent || {
	tui_screen bob >"$T/bob.screen.out"
	fail "the held lines do not show as sent"
}
tui_keys bob PPage
tui_wait bob "<bob> tall 1"
tui_screen bob | grep -A 1 -- "<bob> first held line" | sed 's/.*│//' |
    sed 's/^\[[0-9:]*\] //' >"$T/sent.out"
printf '%s\n' "<bob> first held line" "<bob> tall 1" | cmp -s - "$T/sent.out" ||
    fail "the first held line is not sent before the tall one: $(tui_screen bob)"
ok "once sent the lines show as any line"
exit 0
