#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client with a list of hubs: nicks are taken and claimed per
# hub, so a hub that refuses the nick sends the client on to the next.
# Once one lets it in there is nothing to answer: no "choose another
# nick" prompt is left up, and Enter sends a line.  Only when every hub
# of the list refuses does the client ask for another nick.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

HUB_NAME=a HUB_HISTORY="$T/a.json" start_hub
PA=$HUB_PORT
HUB_NAME=b HUB_HISTORY="$T/b.json" start_hub
PB=$HUB_PORT

# Another key holds carol on hub a only; dan is held on both.
HUB_PORT=$PA client_start carol_a carol
HUB_PORT=$PA client_start dan_a dan
HUB_PORT=$PB client_start dan_b dan
HUB_PORT=$PB client_start bob bob
for n in carol_a dan_a dan_b bob; do
	wait_for "$T/$n.out" "you joined #lobby"
done

HUB_PORT="$PA,127.0.0.1:$PB" tui_start carol carol
wait_for "$T/bob.out" "carol joined #lobby"
tui_wait carol "you joined #lobby"
tui_wait_gone carol "choose another nick"
tui_lacks carol "nick: carol" || fail "the nick prompt is still up"
tui_type carol "hello from hub b"
tui_keys carol Enter
wait_for "$T/bob.out" "<carol> hello from hub b"
tui_lacks carol "already in" || fail "Enter logged in a second time"
ok "a nick refused by one hub, accepted by the next: no prompt is left"

HUB_PORT="$PA,127.0.0.1:$PB" tui_start dan dan
tui_wait dan "choose another nick"
tui_wait dan "nick: dan"
tui_keys dan BSpace BSpace BSpace
tui_type dan "dana"
tui_keys dan Enter
tui_wait dan "you joined #lobby"
tui_wait_gone dan "choose another nick"
ok "refused by every hub of the list, the client asks for another nick"

for n in carol dan; do
	tui_type "$n" "/quit"
	tui_keys "$n" Enter
	tui_wait "$n" "CLIENT EXITED rc=0"
done
for n in carol_a dan_a dan_b bob; do
	client_stop "$n"
done
exit 0
