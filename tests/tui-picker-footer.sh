#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the room picker's footer of keys gives up its middle
# part when the box is too narrow for it, keeping the key that closes,
# then is cut with an ellipsis, never mid-word as if a key were called
# "cl"; with room enough it is whole.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
run_batch setup setup "/create dev"
[ "$BATCH_RC" = 0 ] || fail "setup failed"

tui_start wide wide 100 20
tui_wait wide "#dev"
tui_wait wide "Enter: join · /: a command · Esc: close"
ok "a wide picker shows its footer whole"

tui_start slim slim 40 20
tui_wait slim "#dev"
tui_wait slim "Enter: join"
row=$(tui_screen slim | grep -F "Enter: join")
case $row in
*"/: a command"*) fail "the footer fits at 40 columns: no test ($row)" ;;
*"Enter: join · Esc: close "*) ;;
*) fail "the footer lost the key that closes: $row" ;;
esac
ok "a narrow picker gives up the middle of its footer, keeping Esc: close"

tui_start tiny tiny 24 20
tui_wait tiny "#dev"
row=$(tui_screen tiny | grep -F "└" | tail -n 1)
case $row in
*"…"*) ;;
*) fail "the footer is cut without an ellipsis at 24 columns: $row" ;;
esac
ok "a tiny picker cuts what is left of its footer with an ellipsis"

# French, longer: at 50 columns "Échap : fermer" stays whole.
if [ "$(LC_ALL=fr_FR.UTF-8 locale charmap 2>/dev/null)" = UTF-8 ]; then
	tui_start fr fr 50 20 LC_ALL=fr_FR.UTF-8 LANGUAGE=fr
	tui_wait fr "#dev"
	tui_wait fr "Entrée"
	row=$(tui_screen fr | grep -F "Entrée")
	case $row in
	*"Échap : fermer "*) ;;
	*) fail "at 50 columns in French: $row" ;;
	esac
	ok "in French at 50 columns the footer keeps \"Échap : fermer\""
fi
exit 0
