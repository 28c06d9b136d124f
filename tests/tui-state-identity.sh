#!/bin/bash
# SPDX-License-Identifier: ISC
# One person, two nicks on one hub (alice and alice-work), two terminal
# clients of one state directory running at once: each keeps its own
# room in view and its own conversations (last_room, dm_windows, under
# "nick@host:port"), neither losing the other's lines, and each started
# again comes back as it was.  Lines of an older version ("host:port")
# are taken by the first identity to start, not by every one.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --resume-timeout 120
env="XDG_STATE_HOME=$T/state XDG_CONFIG_HOME=$T/cfg"
dms="$T/state/chatroom/dm_windows"
rooms="$T/state/chatroom/last_room"

# Kill a client as a crash would, and wait for the hub to see it.
crash() {
	local pid n
	pid=$(tui_pid "$1")
	[ -n "$pid" ] || fail "no client pid for $1"
	n=$(count_in "$HUB_LOG" "disconnected")
	kill -9 "$pid"
	more_gone() {
		[ "$(count_in "$HUB_LOG" "disconnected")" -gt "$n" ]
	}
	wait_until 10 more_gone || fail "the hub did not see $1 go"
}

# The room in the title bar.
title_room() {
	tui_screen "$1" | head -n 1 | sed -n 's/^ #\([^ ]*\) .*/\1/p'
}

join() {
	tui_type "$1" "/join $2"
	tui_keys "$1" Enter
	tui_wait "$1" "you joined #$2"
}

# An older version's lines: a conversation with erin, kept for the hub.
mkdir -p "$T/state/chatroom"
printf '%s\n' "127.0.0.1:$HUB_PORT 0 erin" "elsewhere:7000 0 zed" >"$dms"

tui_start home alice 100 30 "$env"
tui_wait home "you joined #lobby"
tui_wait home "@erin"
ok "an older version's conversations are reopened"
tui_start work alice-work 100 30 "$env"
tui_wait work "you joined #lobby"
join home dev
join work ops
run_batch bob bob "/msg alice from bob to home"
[ "$BATCH_RC" = 0 ] || fail "bob could not send: $(cat "$T/bob.err")"
run_batch carol carol "/msg alice-work from carol to work"
[ "$BATCH_RC" = 0 ] || fail "carol could not send: $(cat "$T/carol.err")"
tui_wait home "@bob"
tui_wait work "@carol"
tui_has work "@erin" && fail "alice-work took alice's older conversation"
# Both clients write the files while the other runs: neither loses the
# other's lines.
wait_until 10 grep -q "^alice@127.0.0.1:$HUB_PORT [0-9]*!* bob$" "$dms" ||
    fail "alice's conversation was not kept: $(cat "$dms" 2>&1)"
wait_until 10 grep -q "^alice-work@127.0.0.1:$HUB_PORT [0-9]*!* carol$" \
    "$dms" || fail "alice-work's conversation was not kept: $(cat "$dms")"
wait_until 10 grep -qx "alice@127.0.0.1:$HUB_PORT dev" "$rooms" ||
    fail "alice's room was not kept: $(cat "$rooms" 2>&1)"
wait_until 10 grep -qx "alice-work@127.0.0.1:$HUB_PORT ops" "$rooms" ||
    fail "alice-work's room was not kept: $(cat "$rooms" 2>&1)"
grep -qx "elsewhere:7000 0 zed" "$dms" ||
    fail "another hub's line was lost: $(cat "$dms")"
grep -q "^127.0.0.1:$HUB_PORT " "$dms" &&
    fail "the older lines were not replaced: $(cat "$dms")"
ok "two nicks of one state directory keep their own lines"
crash home
crash work

tui_start work2 alice-work 100 30 "$env"
tui_wait work2 "connected as alice-work"
tui_wait work2 "@carol"
tui_settle work2
tui_has work2 "@bob" && fail "alice-work reopened alice's conversation"
tui_has work2 "@erin" && fail "alice-work reopened erin's conversation"
[ "$(title_room work2)" = ops ] ||
    fail "alice-work is not in #ops: $(head -n 1 <<<"$(tui_screen work2)")"
tui_start home2 alice 100 30 "$env"
tui_wait home2 "connected as alice"
tui_wait home2 "@bob"
tui_settle home2
tui_has home2 "@carol" && fail "alice reopened alice-work's conversation"
tui_has home2 "@erin" || fail "alice lost erin's conversation"
[ "$(title_room home2)" = dev ] ||
    fail "alice is not in #dev: $(head -n 1 <<<"$(tui_screen home2)")"
ok "each nick started again comes back as it was"
exit 0
