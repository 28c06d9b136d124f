#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: /whois in the window in view, /away dims the nick in
# the nick list, and a DM to someone away says so once.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start alice alice 100 24
tui_wait alice "you joined #lobby"
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"
client_say bob "/join dev"
wait_for "$T/bob.out" "you joined #dev"
tui_wait alice "bob joined #lobby"

tui_type alice "/whois bob"
tui_keys alice Enter
tui_wait alice "end of /whois bob"
tui_has alice "bob: connected since" || fail "no connection time"
tui_matches alice 'bob: connected since .*, idle [0-9]+s' ||
    fail "no idle time: $(tui_screen alice)"
tui_has alice "bob: in #lobby" || fail "not the shared rooms"
tui_has alice "#dev" && fail "a room alice does not share was shown"
tui_has alice "bob: the nick is claimed by a key" || fail "claim not shown"
tui_has alice "connects from" && fail "an address for a user"
ok "/whois shows connection time, idle time, the rooms shared, the claim"

tui_type alice "/whois nobody"
tui_keys alice Enter
tui_wait alice "no such nick"
ok "/whois of an unknown nick is an error"

# The nick list: bob away is dimmed, alice (the user) in bold.
dimmed() {
	tui_screen_e alice | grep -q $'\e\\[[0-9;]*2[0-9;]*mbob'
}
tui_keys alice F3
tui_wait_match alice '│2 members'
dimmed && fail "bob is dimmed before /away"
client_say bob "/away at lunch"
wait_for "$T/bob.out" "you are marked as away: at lunch"
wait_until 10 dimmed || fail "bob is not dimmed: $(tui_screen_e alice)"
ok "an away nick is dimmed in the nick list"

tui_type alice "/msg bob are you there?"
tui_keys alice Enter
tui_wait_match alice '^ 2 @bob'
tui_keys alice M-2
tui_wait_match alice '^ @bob'
tui_wait alice "bob is away: at lunch"
wait_for "$T/bob.out" "are you there?"
tui_type alice "/msg bob hello?"
tui_keys alice Enter
wait_for "$T/bob.out" "hello?"
client_say bob "/whois alice"
wait_for "$T/bob.out" "end of /whois alice"
[ "$(tui_screen alice | grep -c "bob is away: at lunch")" -eq 1 ] ||
    fail "told more than once: $(tui_screen alice)"
ok "a DM to someone away is delivered and says so once"

client_say bob "/away"
wait_for "$T/bob.out" "you are no longer marked as away"
tui_keys alice M-1
tui_wait_match alice '^ #lobby'
wait_until 10 eval '! dimmed' || fail "bob is still dimmed"
ok "/away alone comes back"

tui_type alice "/away brb"
tui_keys alice Enter
tui_wait alice "you are marked as away: brb"
tui_wait_match alice '^ #lobby .*connected as alice, away$'
client_say bob "@alice ping"
wait_for "$T/bob.out" "alice is away: brb"
ok "/away in the terminal client, in the title bar; DM senders are told"
tui_type alice "/away"
tui_keys alice Enter
tui_wait_match alice '^ #lobby .*connected as alice$'
ok "back: the title bar says so"

# /away alone when not away: the hub changes nothing, the client says so
# (and did not say it when alice did come back).
tui_has alice "you are not marked as away" &&
    fail "'not away' said on coming back: $(tui_screen alice)"
tui_type alice "/away"
tui_keys alice Enter
tui_wait alice "you are not marked as away"
[ "$(tui_screen alice | grep -c "no longer marked as away")" -eq 1 ] ||
    fail "'no longer away' said twice: $(tui_screen alice)"
ok "/away when not away says so"
exit 0
