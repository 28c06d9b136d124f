#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: lines that came while the client was down, shown on
# its restart by the hub's replay, are logged, once and in order; lines
# of the replay logged before are not logged again.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
logs="$T/state/chatroom/logs/dan@127.0.0.1:$HUB_PORT"
tui_start dan dan
tui_wait dan "you joined #lobby"
tui_type dan "/join dev"
tui_keys dan Enter
tui_wait dan "you joined #dev"
tui_keys dan M-1
tui_wait_match dan "^ #lobby "
# A message's second line that looks like a time must not be taken for one.
run_batch writer writer "line one before" "multi \\" \
    "2099-01-01 00:00:00 <x> not a time" "line two before"
tui_wait dan "line two before"
wait_until 10 grep -qF "line two before" "$logs/#lobby.log" ||
    fail "not logged: $(cat "$logs/#lobby.log" 2>&1)"

# dan's client dies; two lines come while it is down.
kill -9 "$(tui_pid dan)"
tui_wait dan "CLIENT EXITED"
run_batch writer writer "line three while down" "/me waves while down" \
    "/join dev" "dan: are you there"
tui_start dan2 dan
tui_wait dan2 "line three while down" 20
# The replay is in: the rule, not "end of history", under what was read.
tui_wait dan2 "waves while down"
tui_wait dan2 "new messages"
run_batch writer writer "line four after"
tui_wait dan2 "line four after"
wait_until 10 grep -qF "line four after" "$logs/#lobby.log" ||
    fail "a live line after the restart is not logged"
for text in "<writer> line one before" "<writer> line two before" \
    "<writer> line three while down" "* writer waves while down" \
    "<writer> line four after"; do
	n=$(count_in "$logs/#lobby.log" "$text")
	[ "$n" -eq 1 ] || fail "'$text' logged $n times: $(cat "$logs/#lobby.log")"
done
grep -E "line|waves" "$logs/#lobby.log" | sed 's/^.\{20\}//' >"$T/order"
printf '%s\n' "<writer> line one before" "<writer> line two before" \
    "<writer> line three while down" "* writer waves while down" \
    "<writer> line four after" | cmp -s - "$T/order" ||
    fail "not in order: $(cat "$T/order")"
ok "lines replayed after a restart are logged once, in order"

# The mention that came meanwhile in #dev, not in view, is flagged.
wait_until 10 grep -qF "<writer> dan: are you there" "$logs/#dev.log" ||
    fail "the line in #dev is not logged"
wait_until 10 tui_matches dan2 "^ +2 #dev +[0-9]+!" || {
	tui_screen dan2 >"$T/dan2.screen.out"
	fail "the mention while down is not flagged"
}
ok "a mention that came while the client was down is flagged"
exit 0
