#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a paste longer than one message may be is neither cut
# nor refused: Enter offers it as several messages of whole lines, which
# reach the room in order, every line once.  A line too long alone goes
# in pieces.  Only a paste past 10000 lines is cut, with a notice that
# says where.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"
tui_start bob bob 100 30
tui_wait bob "you joined #lobby"

# The numbers of the lines "paste line N" in the observer's output, in
# the order they came.
seen() {
	grep -o 'paste line [0-9]*' "$T/obs.out" | awk '{ print $3 }'
}

seq -f 'paste line %g ✓ 한국어' 1 5000 >"$T/p5000"
tm load-buffer -b big "$T/p5000"
tm paste-buffer -p -b big -t bob:
tui_wait bob "paste line 5000 ✓ 한국어" 60
tui_has bob "pasted text cut" && fail "a paste of 5000 lines was cut"
tui_keys bob Enter
tui_wait_match bob "^send [0-9]+ messages\\? \\(y/n\\)"
n=$(tui_screen bob | sed -n 's/^send \([0-9]*\) messages.*/\1/p')
tui_screen bob | tr -s ' │\n' ' ' |
    grep -qF "its 5000 lines would go as $n messages, in order" ||
    fail "no notice says how many messages"
# (25 lines a message: CR_TEXT_LINES_MAX)
[ "$n" -eq 200 ] || fail "$n messages for 5000 lines"
grep -qF "paste line 1 " "$T/obs.out" && fail "sent before the answer"
tui_type bob "y"
wait_for "$T/obs.out" "paste line 5000 ✓" 120
seen >"$T/seen"
seq 1 5000 | cmp -s - "$T/seen" ||
    fail "the lines did not arrive once each, in order: $(seq 1 5000 |
	diff - "$T/seen" | head -n 5)"
got=$(grep -c "<bob>" "$T/obs.out")
[ "$got" -eq "$n" ] || fail "$got messages arrived, $n were announced"
tui_wait_match bob '^\[#lobby\] ?$'
ok "a paste of 5000 lines goes as $n messages, every line once, in order"

# One line of 5000 characters: two messages, nothing lost between them.
line=$(printf 'x%.0s' $(seq 1 4990))-the-end
tm set-buffer -b one "$line"
tm paste-buffer -p -b one -t bob:
tui_wait bob "x-the-end"
tui_keys bob Enter
tui_wait bob "send 2 messages? (y/n)"
tui_type bob "y"
wait_for "$T/obs.out" "x-the-end"
joined=$(grep -A 1000 "<bob> xxxx" "$T/obs.out" | grep -oE 'x+(-the-end)?' |
    tr -d '\n')
[ "$joined" = "$line" ] || fail "the long line came back as ${#joined} characters"
ok "a line longer than a message goes in two pieces, whole"

# Past 10000 lines the paste is cut, and the notice says where.
seq -f 'cap %g' 1 10050 >"$T/p10050"
tm load-buffer -b cap "$T/p10050"
tm paste-buffer -p -b cap -t bob:
tui_wait bob "pasted text cut after line 10000" 120
tui_wait bob "cap 10000" 30
tui_lacks bob "cap 10001" || fail "the line after the cut is in the input"
tui_keys bob Enter
tui_wait_match bob "^send [0-9]+ messages\\? \\(y/n\\)"
tui_type bob "n"
tui_wait_gone bob "messages? (y/n)"
tui_lacks bob "CLIENT EXITED" || fail "the client ended"
ok "a paste past 10000 lines is cut with a notice"

# In French under LANG=C (the locale knows only y), the prompt's own "o"
# answers yes.
tui_start marie marie 100 30 "LANGUAGE=fr LANG=C.UTF-8 LC_ALL="
tui_wait marie "connecté : marie"
seq -f 'ligne fr %g' 1 600 >"$T/pfr"
tm load-buffer -b fr "$T/pfr"
tm paste-buffer -p -b fr -t marie:
tui_wait marie "ligne fr 600" 30
tui_keys marie Enter
tui_wait_match marie "^envoyer [0-9]+ messages \\? \\(o/n\\)"
tui_type marie "o"
wait_for "$T/obs.out" "ligne fr 600" 60
[ "$(grep -c "ligne fr " "$T/obs.out")" -eq 600 ] ||
    fail "not 600 French lines: $(grep -c "ligne fr " "$T/obs.out")"
ok "(o/n) in French takes o, whatever the locale"
exit 0
