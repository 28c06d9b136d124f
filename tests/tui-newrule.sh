#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the read marker marks only lines from others that came
# while the window was out of view, not lines that arrive in view after a
# return to a quiet window, nor the user's own topic, nick or join, nor
# others' joins and parts.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# No "new messages" rule on bob's screen, once it is drawn.
no_rule() {
	tui_settle bob
	tui_has bob "new messages" && fail "$1: $(tui_screen bob)"
	return 0
}

start_hub
tui_start bob bob 100 30 LC_ALL=C.UTF-8
tui_wait bob "you joined #lobby"
client_start ann ann
tui_wait bob "ann joined #lobby"
tui_type bob "/join two"
tui_keys bob Enter
tui_wait bob "you joined #two"

# Back in #lobby with nothing new: what ann says now is seen as it comes.
tui_keys bob M-1
tui_wait bob "[#lobby]"
no_rule "a read marker with nothing new"
client_say ann "said while bob watches"
tui_wait bob "<ann> said while bob watches"
no_rule "a read marker above a line that came in view"
ok "no read marker above a line that arrives in view"

# Back in the quiet #two: bob's own topic is no news.
tui_keys bob M-2
tui_wait bob "[#two]"
tui_type bob "/topic quiet room"
tui_keys bob Enter
tui_wait bob "bob changed the topic to: quiet room"
no_rule "a read marker above bob's own topic"
ok "no read marker above the user's own topic"

# Nor is his own nick, in view...
tui_keys bob M-1
tui_wait bob "[#lobby]"
tui_type bob "/nick bobby"
tui_keys bob Enter
tui_wait bob "you are now known as bobby"
no_rule "a read marker above bobby's own nick"
ok "no read marker above the user's own nick"

# ... or out of view (#two), nor is ann's join there: events are no
# news (the hotlist does not count them either), so the marker is above
# ann's first message, after the nick change and her join.
client_say ann "/join two"
wait_for "$T/ann.out" "you joined #two"
client_say ann "news in two"
wait_for "$T/ann.out" "<ann> news in two"
tui_keys bob M-2
tui_wait bob "<ann> news in two"
tui_settle bob
tui_screen bob | grep -B1 -A1 -F "new messages" | tr '\n' '|' |
    grep -qE "ann joined #two.*\|.*new messages.*\|.*<ann> news in two" ||
    fail "the read marker is not between ann's join and her message:" \
    "$(tui_screen bob)"
[ "$(tui_screen bob | grep -cF "new messages")" = 1 ] ||
    fail "more than one read marker"
ok "the user's own nick and others' joins out of view are no news"

# Only events while away: no marker at all.
tui_keys bob M-1
tui_wait bob "[#lobby]"
client_say ann "/part two"
wait_for "$T/ann.out" "you left #two"
tui_keys bob M-2
tui_wait bob "ann left #two"
no_rule "a read marker above a part alone"
ok "no read marker when only events came"
exit 0
