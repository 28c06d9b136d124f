#!/bin/bash
# SPDX-License-Identifier: ISC
# A picture sent in a conversation heads as the conversation's other
# lines do: "-> *bob* name" for the sender, on screen and in her log,
# "*alice* name" for the one it went to, never as sent by the other.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

ppm="$T/quads.ppm"
make_quadrants_ppm "$ppm"

start_hub
tui_start alice alice 100 30
tui_wait alice "you joined #lobby"
tui_start bob bob 100 30
tui_wait bob "you joined #lobby"
tui_cmd alice "/msg bob hello bob"
tui_wait bob "2 @alice"
tui_wait alice "2 @bob"
tui_keys alice M-2
tui_keys bob M-2
wait_until 10 tui_title_has alice "@bob" || fail "alice is not in @bob"
wait_until 10 tui_title_has bob "@alice" || fail "bob is not in @alice"
tui_cmd alice "/image $ppm 20"
tui_wait alice "quads.ppm"
tui_wait bob "quads.ppm"
tui_settle alice
tui_settle bob
tui_has alice "-> *bob* quads.ppm" ||
    fail "alice's picture heads: $(tui_screen alice | grep quads)"
tui_has bob "*alice* quads.ppm" ||
    fail "bob's picture heads: $(tui_screen bob | grep quads)"
ok "a picture in a conversation heads as a direct message, both ways"

logs="$T/state/chatroom/logs/alice@127.0.0.1:$HUB_PORT"
wait_until 10 grep -qF "quads.ppm" "$logs/@bob.log" ||
    fail "the picture is not in alice's log: $(ls "$logs" 2>&1)"
grep -F "quads.ppm" "$logs/@bob.log" | grep -qF -- "-> *bob* quads.ppm" ||
    fail "alice's log: $(grep -F quads.ppm "$logs/@bob.log")"
ok "and so in the sender's log"

tui_quit alice
tui_quit bob
exit 0
