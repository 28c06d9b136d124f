#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the room picker's footer of keys is cut with an
# ellipsis when the box is too narrow for it, never mid-word as if a key
# were called "cl"; with room enough it is whole.
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
*"Esc: close "*) fail "the footer fits at 40 columns: no test ($row)" ;;
*"…"*) ;;
*) fail "the footer is cut without an ellipsis: $row" ;;
esac
ok "a narrow picker cuts its footer with an ellipsis"
exit 0
