#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: lines typed (or pasted by a terminal without bracketed
# paste) faster than the hub's flood control takes them are held by the
# client and all delivered in order, instead of being refused ("slow
# down") and the client disconnected for flooding.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"
tui_start bob bob
tui_wait bob "you joined #lobby"
wait_for "$T/obs.out" "bob joined"

# 60 lines with Enter after each, in one go: far beyond the burst of 10
# and the 20 the hub holds back.
keys=()
for i in $(seq 1 60); do
	keys+=("fast line $i" Enter)
done
tui_keys bob "${keys[@]}"
wait_for "$T/obs.out" "<bob> fast line 60" 60
[ "$(grep -c "<bob> fast line " "$T/obs.out")" = 60 ] ||
    fail "not 60 lines: $(grep -c "<bob> fast line " "$T/obs.out")"
grep "<bob> fast line " "$T/obs.out" | sed 's/.*fast line //' >"$T/order"
seq 1 60 | cmp -s - "$T/order" || fail "the lines came out of order"
tui_has bob "slow down" && fail "the hub refused lines: $(tui_screen bob)"
grep -q "excess flood" "$HUB_LOG" && fail "bob was disconnected for flooding"
tui_wait bob "<bob> fast line 60"
tui_has bob "connected as bob" || fail "bob is not connected any more"
ok "60 lines typed at once are all delivered, in order"

# /quit right after a burst sends the lines held back first.
keys=()
for i in $(seq 1 40); do
	keys+=("last words $i" Enter)
done
tui_keys bob "${keys[@]}" "/quit bye" Enter
tui_wait bob "CLIENT EXITED rc=0" 30
wait_for "$T/obs.out" "bob quit (bye)" 60
[ "$(grep -c "<bob> last words " "$T/obs.out")" = 40 ] ||
    fail "lines before /quit were lost: $(grep -c "<bob> last words " \
    "$T/obs.out") of 40"
ok "/quit sends the lines held back first"
client_stop obs
exit 0
