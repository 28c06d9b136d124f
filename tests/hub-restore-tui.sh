#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client across a restart of the hub: a member whose session
# the hub kept but whose client has not resumed it yet is dimmed and
# counted apart ("1 here, 1 lost"), then shown as before once it is back,
# without a "carl is back" line: the client never showed carl's loss, a
# restart everyone went through.
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

start_hub --resume-timeout 60 --flush-interval 1
tui_start bob bob 100 20
tui_wait bob "you joined #lobby"
raw_login c carl
tc=$TOKEN
tui_wait bob "carl joined #lobby"
tui_keys bob F3
wait_until 10 pane_is bob "2 members bob carl " || fail "pane: $(pane bob)"
wait_until 20 grep -q "\"token\":\"$tc\"" "$T/history.json" ||
    fail "carl's session was not saved"

stop_hub KILL
exec {RAW_FD[c]}>&-
tui_wait bob "disconnected — retrying in"
FORCE_PORT=$HUB_PORT start_hub --resume-timeout 60 --flush-interval 1
tui_wait bob "connected as bob" 45
wait_until 20 pane_is bob "1 here, 1 lost bob carl " ||
    fail "pane before carl resumes: $(pane bob)"
wait_until 10 dimmed bob carl || fail "carl is not dimmed: $(tui_screen_e bob)"
tui_screen bob | head -n 1 | grep -qF "1 here, 1 lost" ||
    fail "title: $(tui_screen bob | head -n 1)"
ok "a member not resumed after a restart is dimmed and counted apart"

raw_open c2
raw_send c2 "{\"type\":\"hello\",\"version\":1,\"token\":\"$tc\"}"
raw_expect c2 '"resumed":true'
wait_until 10 pane_is bob "2 members bob carl " ||
    fail "pane after carl resumed: $(pane bob)"
wait_until 10 eval '! dimmed bob carl' || fail "carl is still dimmed"
ok "once resumed the member is shown as before"
raw_send c2 '{"type":"msg","room":"lobby","text":"after the back","seq":1}'
tui_wait bob "after the back"
tui_has bob "carl is back" &&
    fail "a back after a restart is told: $(tui_screen bob)"
ok "the back of a loss known only from the room frame says nothing"

tui_type bob "/quit"
tui_keys bob Enter
tui_wait bob "CLIENT EXITED rc=0"
exit 0
