#!/bin/bash
# SPDX-License-Identifier: ISC
# The room picker takes no space in a name, and says so, rather than
# making "my room" into #myroom unseen; "join #dev" typed in it, as in the
# input line, joins #dev, not "#join#dev"; a '#' typed first is the one
# the names are shown after, not part of the name.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
# Bob first: with rooms besides #lobby, the picker would open at start.
tui_start bob bob
tui_wait bob "you joined #lobby"
client_start carol carol
wait_for "$T/carol.out" "you joined #lobby"
client_say carol "/join random"
wait_for "$T/carol.out" "you joined #random"

# The picker: a space is not taken, and the picker says why.
tui_keys bob C-g
tui_wait bob "filter:"
tui_type bob "my room"
tui_wait bob "room names cannot contain spaces"
wait_until 10 tui_matches bob "filter: myroom" ||
    fail "the filter: $(tui_screen bob)"
tui_keys bob C-u
tui_wait_gone bob "room names cannot contain spaces"
# "join #dev", as typed in the input line: the room is dev.
tui_type bob "join #dev"
wait_until 10 tui_matches bob "filter: dev " ||
    fail "the filter: $(tui_screen bob)"
tui_keys bob Enter
tui_wait bob "you joined #dev"
tui_lacks bob "join#dev" || fail "a room #join#dev"
wait_for "$HUB_LOG" "bob joined dev"
ok "the picker takes no space, and 'join #dev' joins #dev"

# A '#' typed first: the filter is the name, which finds the room.
tui_keys bob C-g
tui_wait bob "filter:"
tui_type bob "#rand"
wait_until 10 tui_matches bob "filter: rand " ||
    fail "the filter: $(tui_screen bob)"
tui_wait bob "#random"
tui_lacks bob "no room matches" || fail "#rand matched no room"
tui_keys bob Enter
tui_wait bob "you joined #random"
ok "a '#' typed first in the picker is not part of the name"

tui_type bob "/quit"
tui_keys bob Enter
tui_wait bob "CLIENT EXITED rc=0"
client_stop carol
stop_hub TERM
exit 0
