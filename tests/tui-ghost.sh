#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a member whose client died (kill -9) is dimmed in the
# nick list and counted apart ("1 here, 1 lost") while the hub keeps the
# session, for those in the room and for one who joins meanwhile (the
# room frame lists them in "lost"); back to normal on a resume, gone when
# the session ends.  "carl is back" is said only where "carl lost the
# connection" was: not to the one who joined meanwhile.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# The pane's rows (header, then nicks) on a client's screen, one line.
pane() {
	tui_screen "$1" | sed -n '2,$p' | grep -oE '│[^│]*$' |
	    sed 's/│//; s/ *$//' | grep -v '^$' | tr '\n' ' '
}

# Does the pane list exactly these?
pane_is() { [ "$(pane "$1")" = "$2" ]; }

# Is a nick dimmed on a client's screen (SGR 2 just before it)?
dimmed() {
	tui_screen_e "$1" | grep -q $'\e\\[[0-9;]*2[0-9;]*m'"$2"
}

# Kill a client's process as a crash would: no quit, the hub sees EOF.
crash() {
	local pid
	pid=$(tui_pid "$1")
	[ -n "$pid" ] || fail "$1's client is not running"
	kill -9 "$pid"
	tui_wait "$1" "CLIENT EXITED"
}

start_hub --resume-timeout 30
tui_start bob bob 100 20
tui_wait bob "you joined #lobby"
tui_start carl carl 100 20
tui_wait carl "you joined #lobby"
tui_wait bob "carl joined #lobby"
tui_keys bob F3
wait_until 10 pane_is bob "2 members bob carl " ||
    fail "pane: $(pane bob)"
dimmed bob carl && fail "carl is dimmed while connected"

crash carl
tui_wait bob "carl lost the connection"
wait_until 10 pane_is bob "1 here, 1 lost bob carl " ||
    fail "pane after the loss: $(pane bob)"
wait_until 10 dimmed bob carl || fail "carl is not dimmed: $(tui_screen_e bob)"
dimmed bob bob && fail "bob is dimmed"
tui_screen bob | head -n 1 | grep -qF "1 here, 1 lost" ||
    fail "title: $(tui_screen bob | head -n 1)"
ok "a member whose connection dropped is dimmed and counted apart"
tui_type bob "/names #lobby"
tui_keys bob Enter
tui_wait bob "#lobby: 2 members: bob carl (lost)"
ok "/names marks them"

# The room frame a new member gets names those lost; an old client
# ignores the field.
raw_login eve eve
raw_send eve '{"type":"join","room":"lobby","seq":1}'
raw_expect eve '"type":"room"'
case $RAW_LINE in
*'"lost":["carl"]'*) ;;
*) fail "room frame without carl lost: $RAW_LINE" ;;
esac
tui_wait bob "eve joined #lobby"
tui_start dave dave 100 20
tui_wait dave "you joined #lobby"
tui_keys dave F3
wait_until 10 pane_is dave "3 here, 1 lost bob carl dave eve " ||
    fail "dave's pane: $(pane dave)"
wait_until 10 dimmed dave carl || fail "carl not dimmed for dave"
dimmed dave eve && fail "eve is dimmed for dave"
ok "a member who joins sees who is lost"

# Back: the same key takes the session over, the hub says "back".
tui_start carl2 carl 100 20
tui_wait carl2 "connected as carl"
tui_wait bob "carl is back"
wait_until 10 pane_is bob "4 members bob carl dave eve " ||
    fail "pane after the resume: $(pane bob)"
wait_until 10 eval '! dimmed bob carl' || fail "carl is still dimmed"
wait_until 10 pane_is dave "4 members bob carl dave eve " ||
    fail "dave's pane after the resume: $(pane dave)"
wait_until 10 eval '! dimmed dave carl' || fail "carl is still dimmed for dave"
ok "a member back is shown as before"
tui_type carl2 "said after the back"
tui_keys carl2 Enter
tui_wait dave "said after the back"
tui_has dave "carl is back" &&
    fail "dave, who never saw carl's loss, is told the back"
ok "the back is told only where the loss was"

# Gone: the resume window passes, the session ends.
crash carl2
tui_wait bob "carl lost the connection"
wait_until 10 pane_is bob "3 here, 1 lost bob carl dave eve " ||
    fail "pane after the second loss: $(pane bob)"
tui_wait bob "carl quit" 90
wait_until 10 pane_is bob "3 members bob dave eve " ||
    fail "pane after the session ended: $(pane bob)"
ok "a lost member whose session ends leaves the list"

tui_type bob "/quit"
tui_keys bob Enter
tui_wait bob "CLIENT EXITED rc=0"
exit 0
