#!/bin/bash
# SPDX-License-Identifier: ISC
# A member whose connection is lost is named with one word wherever the
# client shows them, in French as in English: "carl (déconnecté)" in
# /names and "1 ici, 1 déconnecté" in the title, not "perdu" in one and
# "déconnecté" in the other; the nick list pane, too narrow for that
# count, gives the plain one rather than a word cut short.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)" ||
    { echo "no French catalogue: skipped"; exit 77; }

# The pane's header on a client's screen.
pane_head() {
	tui_screen "$1" | sed -n '2p' | grep -oE '│[^│]*$' |
	    sed 's/│//; s/ *$//'
}

start_hub --resume-timeout 60
tui_start bob bob 100 20 LANGUAGE=fr
tui_wait bob "vous avez rejoint #lobby"
tui_start carl carl 100 20
tui_wait carl "you joined #lobby"
tui_wait bob "carl"
tui_keys bob F3
pid=$(tui_pid carl)
[ -n "$pid" ] || fail "carl's client is not running"
kill -9 "$pid"
tui_wait carl "CLIENT EXITED"
tui_wait bob "carl a perdu la connexion"
title_has() {
	tui_screen bob | head -n 1 | grep -qF -- "$1"
}
wait_until 10 title_has "1 ici, 1 déconnecté" ||
    fail "title: $(tui_screen bob | head -n 1)"
wait_until 10 eval '[ "$(pane_head bob)" = "2 membres" ]' ||
    fail "pane header: '$(pane_head bob)'"
ok "the title counts carl as 'déconnecté'; the pane's first head line the plain count"
tui_type bob "/names #lobby"
tui_keys bob Enter
tui_wait bob "carl (déconnecté)"
ok "/names says the same word"

tui_type bob "/quit"
tui_keys bob Enter
tui_wait bob "CLIENT EXITED rc=0"
exit 0
