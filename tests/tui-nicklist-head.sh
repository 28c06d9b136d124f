#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the nick list pane's head still says how many members
# are lost when the split count does not fit its 16 columns, as in French
# ("1 ici, 2 déconnectés"): the count, then the lost on a line of their
# own, whole words; in English and Korean the one line fits.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)" ||
    { echo "no French catalogue: skipped"; exit 77; }

# Line N of the pane on a client's screen.
pane_line() {
	tui_screen "$1" | sed -n "$2p" | grep -oE '│[^│]*$' |
	    sed 's/│//; s/ *$//'
}

start_hub --resume-timeout 60
tui_start bob bob 100 20 LANGUAGE=fr
tui_wait bob "vous avez rejoint #lobby"
tui_start amy amy 100 20
tui_wait amy "you joined #lobby"
tui_start kim kim 100 20 LANGUAGE=ko
tui_wait kim "#lobby"
for n in carl dave; do
	tui_start "$n" "$n" 100 20
	tui_wait "$n" "you joined #lobby"
done
tui_wait bob "dave a rejoint"
tui_keys bob F3
tui_keys amy F3
tui_keys kim F3
for n in carl dave; do
	pid=$(tui_pid "$n")
	[ -n "$pid" ] || fail "$n's client is not running"
	kill -9 "$pid"
	tui_wait "$n" "CLIENT EXITED"
done
tui_wait bob "dave a perdu la connexion"
tui_wait bob "carl a perdu la connexion"
wait_until 10 eval '[ "$(pane_line bob 2)" = "5 membres" ]' ||
    fail "pane line 1: '$(pane_line bob 2)'"
wait_until 10 eval '[ "$(pane_line bob 3)" = "2 déconnectés" ]' ||
    fail "pane line 2: '$(pane_line bob 3)'"
[ "$(pane_line bob 4)" = "amy" ] || fail "first nick: '$(pane_line bob 4)'"
[ "$(pane_line bob 8)" = "kim" ] || fail "last nick: '$(pane_line bob 8)'"
ok "in French the pane says 5 members, then 2 lost on a line of its own"

wait_until 10 eval '[ "$(pane_line amy 2)" = "3 here, 2 lost" ]' ||
    fail "English pane head: '$(pane_line amy 2)'"
[ "$(pane_line amy 3)" = "amy" ] ||
    fail "English first nick: '$(pane_line amy 3)'"
wait_until 10 eval '[ "$(pane_line kim 2)" = "3명, 끊김 2명" ]' ||
    fail "Korean pane head: '$(pane_line kim 2)'"
[ "$(pane_line kim 3)" = "amy" ] ||
    fail "Korean first nick: '$(pane_line kim 3)'"
ok "in English and Korean the one line fits"
exit 0
