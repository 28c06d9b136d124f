#!/bin/bash
# SPDX-License-Identifier: ISC
# A conversation follows its peer: after a nick change the window is
# renamed, replies reach the new nick, and the peer's next message lands
# in the same window; also between two terminal clients that share no
# room.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start alice alice
tui_wait alice "you joined #lobby"
client_start bob bob
wait_for "$T/bob.out" "connected to"
client_say bob "@alice are you there?"
tui_wait_match alice '^ +[0-9]+ @bob '
n=$(tui_screen alice | sed -n 's/^ *\([0-9][0-9]*\) @bob .*/\1/p')
tui_keys alice "M-$n"
tui_wait_match alice '^ @bob'
tui_wait alice "are you there?"

client_say bob "/nick 밥"
wait_for "$T/bob.out" "you are now known as 밥"
tui_wait alice "bob is now known as 밥"
tui_wait_match alice '^ +[0-9]+ @밥 '
tui_matches alice '^ +[0-9]+ @bob ' && fail "the old window stayed"
tui_wait_match alice '^ @밥'
ok "the conversation window is renamed after its peer"

tui_type alice "yes, still here"
tui_keys alice Enter
wait_for "$T/bob.out" "*alice* yes, still here"
tui_has alice "no such nick" && fail "the reply went to the old nick"
ok "a reply after the rename reaches the new nick"

client_say bob "@alice good"
tui_wait alice "good"
[ "$(tui_screen alice | grep -cE '^ +[0-9]+ @')" -eq 1 ] ||
    fail "a second conversation window was opened"
tui_screen alice | head -n 1 | grep -q '@밥' ||
    fail "the window in view changed"
ok "the peer's next message lands in the same window"

# Two terminal clients with no room in common: carol leaves the lobby,
# alice writes to her, and each follows the other's nick changes.  carol
# is someone else, with state of her own: sharing alice's, she would open
# alice's conversations again at start (client-last.c), and leaving the
# lobby would show one of them rather than the lobby's last line.
mkdir -p "$T/state-carol"
tui_start carol carol 100 30 XDG_STATE_HOME="$T/state-carol"
tui_wait carol "you joined #lobby"
tui_type carol "/leave lobby"
tui_keys carol Enter
tui_wait carol "you left #lobby"
tui_type alice "/msg carol no room in common"
tui_keys alice Enter
tui_wait_match carol '^ +[0-9]+ @alice '
n=$(tui_screen carol | sed -n 's/^ *\([0-9][0-9]*\) @alice .*/\1/p')
tui_keys carol "M-$n"
tui_wait_match carol '^ @alice'
tui_wait carol "no room in common"
tui_wait_match alice '^ +[0-9]+ @carol '
n=$(tui_screen alice | sed -n 's/^ *\([0-9][0-9]*\) @carol .*/\1/p')
tui_keys alice "M-$n"
tui_wait_match alice '^ @carol'

tui_type carol "/nick karol"
tui_keys carol Enter
tui_wait carol "you are now known as karol"
tui_wait alice "carol is now known as karol"
tui_wait_match alice '^ @karol'
tui_matches alice '^ +[0-9]+ @carol ' && fail "alice kept an @carol window"
tui_type alice "still with you"
tui_keys alice Enter
tui_wait carol "still with you"
tui_has alice "no such nick" && fail "the reply went to the old nick"
ok "a conversation follows a nick change without a room in common"

tui_type alice "/nick alicia"
tui_keys alice Enter
tui_wait alice "you are now known as alicia"
tui_wait carol "alice is now known as alicia"
tui_wait_match carol '^ @alicia'
tui_matches carol '^ +[0-9]+ @alice ' && fail "carol kept an @alice window"
tui_type carol "and back"
tui_keys carol Enter
tui_wait alice "and back"
[ "$(tui_screen alice | grep -cE '^ +[0-9]+ @karol')" -eq 1 ] ||
    fail "a second window opened: $(tui_screen alice)"
ok "both sides follow, either way"

tui_type carol "/quit see you"
tui_keys carol Enter
tui_wait carol "CLIENT EXITED"
tui_wait alice "karol quit (see you)"
ok "the conversation says when its peer quits, without a room in common"
exit 0
