#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a picture is logged as its file name and what it was,
# "<ann> quads.ppm [picture 40×N]", not as if ann had typed "quads.ppm";
# replayed at the next start, it is not logged again.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

ppm="$T/quads.ppm"
make_quadrants_ppm "$ppm"

start_hub
env="XDG_STATE_HOME=$T/state XDG_CONFIG_HOME=$T/cfg"
log="$T/state/chatroom/logs/bob@127.0.0.1:$HUB_PORT/#lobby.log"

tui_start one bob 100 40 "$env"
tui_wait one "you joined #lobby"
client_start ann ann
tui_wait one "ann joined #lobby"
client_say ann "/image $ppm 40"
tui_wait one "<ann> quads.ppm"
client_say ann "after the picture"
tui_wait one "<ann> after the picture"
wait_until 20 grep -q "<ann> after the picture" "$log" ||
	fail "the log was not written: $(cat "$log" 2>&1)"
grep -qE "<ann> quads\.ppm \[picture 40×[0-9]+\]$" "$log" ||
	fail "the picture is logged as: $(grep -F quads "$log")"
ok "a picture is logged as a picture"

tui_quit one
tui_start two bob 100 40 "$env"
tui_wait two "<ann> quads.ppm"
tui_wait two "end of history"
client_say ann "after the start"
tui_wait two "<ann> after the start"
wait_until 20 grep -q "<ann> after the start" "$log" ||
	fail "the log was not written: $(cat "$log" 2>&1)"
[ "$(grep -c "quads.ppm" "$log")" = 1 ] ||
	fail "the replayed picture is logged again: $(grep -F quads "$log")"
ok "the replayed picture is not logged again"

client_stop ann
exit 0
