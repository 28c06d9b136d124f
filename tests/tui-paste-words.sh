#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a line too long for one message goes in pieces cut
# between words (walk54 F7), not inside one: each piece arrives and is
# logged with whole words only, every word once, in order.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"
tui_start bob bob 100 30 "XDG_STATE_HOME=$T/state"
tui_wait bob "you joined #lobby"
logs="$T/state/chatroom/logs/bob@127.0.0.1:$HUB_PORT"

# 600 words of 6 characters, a space between: 4199 characters, 2 messages.
line=$(seq -f '長文%04g' 0 599 | paste -sd ' ')
tm set-buffer -b words "$line"
tm paste-buffer -p -b words -t bob:
tui_wait bob "長文0599"
tui_keys bob Enter
tui_wait bob "send 2 messages? (y/n)"
tui_type bob "y"
wait_for "$T/obs.out" "長文0599"
# Each word whole, once, in order, and no piece starts or ends in one.
grep -o '長文[0-9]*' "$T/obs.out" >"$T/seen"
seq -f '長文%04g' 0 599 | cmp -s - "$T/seen" ||
    fail "words were cut or lost: $(seq -f '長文%04g' 0 599 |
	diff - "$T/seen" | head -n 5)"
[ "$(grep -c '<bob>' "$T/obs.out")" -eq 2 ] || fail "not 2 messages"
grep '<bob>' "$T/obs.out" | grep -vE '<bob> 長文[0-9]{4}( 長文[0-9]{4})*$' &&
    fail "a piece starts or ends inside a word"
ok "a long line goes in pieces cut between words"

# bob's own window and log show the two pieces, whole words each.
wait_until 20 grep -qF "長文0599" "$logs/#lobby.log" ||
    fail "the last piece was not logged"
[ "$(grep -c '<bob> 長文' "$logs/#lobby.log")" -eq 2 ] ||
    fail "the log does not have 2 pieces: $(cat "$logs/#lobby.log")"
grep '<bob> 長文' "$logs/#lobby.log" |
    grep -vE '<bob> 長文[0-9]{4}( 長文[0-9]{4})*$' &&
    fail "a logged piece starts or ends inside a word"
tui_wait bob "長文0599"
tui_lacks bob "(not sent yet)" || fail "a piece stayed unsent"
ok "and they are logged so"
exit 0
