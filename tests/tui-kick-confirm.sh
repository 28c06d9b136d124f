#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: an operator's /kick is confirmed in the window it was
# typed in, also when the kicked user shares a room with the operator
# that is not in view (the line used to go to that room alone, and the
# operator, typing elsewhere, saw no answer); the shared room has it too,
# and the window in view has it once when it is that room.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

printf 's3cret\n' >"$T/admin.pw"
start_hub --admin-password-file "$T/admin.pw"
tui_start alice alice 100 30
tui_wait alice "you joined #lobby"
tui_cmd alice "/oper s3cret"
tui_wait alice "you are now a hub operator"
tui_cmd alice "/join ops"
tui_wait alice "you joined #ops"

# carol shares #lobby with alice, who looks at #ops.
client_start carol carol
tui_keys alice M-1
tui_wait alice "carol joined #lobby"
tui_keys alice M-2
tui_wait alice "[#ops]"
tui_cmd alice "/kick carol spamming"
tui_wait alice "carol was kicked by alice (spamming)"
ok "the kick is confirmed in the window it was typed in"
tui_keys alice M-1
tui_wait alice "[#lobby]"
tui_wait alice "carol was kicked by alice (spamming)"
ok "and told in the room shared with the kicked user"

# In the shared room itself, once.
client_start dave dave
tui_wait alice "dave joined #lobby"
tui_cmd alice "/kick dave flooding"
tui_wait alice "dave was kicked by alice (flooding)"
tui_settle alice
[ "$(tui_screen alice | grep -c "dave was kicked by alice")" = 1 ] ||
	fail "the kick is told twice in #lobby: $(tui_screen alice)"
ok "in the shared room in view the kick is told once"
exit 0
