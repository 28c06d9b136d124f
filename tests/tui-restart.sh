#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal clients across hub restarts (kill -9, then SIGTERM): every
# message shows once in each window, the window in view stays in view,
# and a line typed while the hub is away goes to the room in view once
# the hub is back.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --flush-interval 1

# alice: #lobby and #dev, looking at #lobby; bob: #lobby and #ops,
# looking at #ops; carol: #dev and #ops (she left #lobby), looking at #dev.
# Is a room missing from a client's room list?
not_in_list() {
	! tui_matches "$1" "^ +[0-9]+ #$2 "
}

for who in alice bob carol; do
	tui_start "$who" "$who" 100 60
	tui_wait "$who" "you joined #lobby"
done
tui_type alice "/join dev"
tui_keys alice Enter
tui_wait alice "you joined #dev"
tui_keys alice M-1
tui_type bob "/join ops"
tui_keys bob Enter
tui_wait bob "you joined #ops"
tui_type carol "/join ops"
tui_keys carol Enter
tui_wait carol "you joined #ops"
tui_type carol "/join dev"
tui_keys carol Enter
tui_wait carol "you joined #dev"
tui_type carol "/leave lobby"
tui_keys carol Enter
wait_until 10 not_in_list carol lobby || fail "carol did not leave #lobby"

declare -A VIEW=([alice]=lobby [bob]=ops [carol]=dev)
# Which windows each client has, by their number in the room list.
declare -A WINDOWS=([alice]="1:lobby 2:dev" [bob]="1:lobby 2:ops"
    [carol]="1:ops 2:dev")

# The room in the title bar.
title_room() {
	tui_screen "$1" | head -n 1 | sed -n 's/^ #\([^ ]*\) .*/\1/p'
}

# Check that each client looks at the room it chose.
check_views() {
	local who
	for who in alice bob carol; do
		tui_settle "$who"
		[ "$(title_room "$who")" = "${VIEW[$who]}" ] ||
		    fail "$who looks at #$(title_room "$who"), not #${VIEW[$who]}"
	done
}

# Post messages: post ROOM FIRST LAST, as "ROOM-msg-NN".
post() {
	local room=$1 i lines
	lines=("/join $room")
	for i in $(seq "$2" "$3"); do
		lines+=("$(printf '%s-msg-%02d' "$room" "$i")")
	done
	run_batch writer writer "${lines[@]}"
	[ "$BATCH_RC" -eq 0 ] || fail "posting to #$room failed"
}

# Every message posted so far shows exactly once in each window of each
# client, and the end of history at most once; then the view goes back.
check_once() {
	local n=$1 who w num room i text count
	for who in alice bob carol; do
		for w in ${WINDOWS[$who]}; do
			num=${w%%:*} room=${w#*:}
			[ "$room" = lobby ] && continue
			tui_keys "$who" "M-$num"
			tui_wait_match "$who" "^ #$room "
			tui_wait "$who" "$(printf '%s-msg-%02d' "$room" "$n")" 20
			tui_screen "$who" >"$T/$who-$room.screen"
			for i in $(seq 1 "$n"); do
				text=$(printf '<writer> %s-msg-%02d' "$room" "$i")
				count=$(count_in "$T/$who-$room.screen" "$text")
				[ "$count" -eq 1 ] || fail "$who sees '$text'" \
				    "$count times in #$room"
			done
			count=$(count_in "$T/$who-$room.screen" "end of history")
			[ "$count" -le 1 ] || fail "$who: $count ends of history" \
			    "in #$room"
		done
		tui_keys "$who" "M-$(back_to "$who")"
	done
}

# The number of the window a client had in view.
back_to() {
	local w
	for w in ${WINDOWS[$1]}; do
		[ "${w#*:}" = "${VIEW[$1]}" ] && echo "${w%%:*}"
	done
}

# Wait until the history file holds a message (it was flushed).
flushed() {
	grep -qF -- "$1" "$T/history.json"
}

post dev 1 3
post ops 1 3
n=3
check_views
check_once 3
check_views
ok "three clients, two rooms each, before any restart"

# Has the hub logged a client's resume at least N times?  Sessions
# outlive a restart of the hub, clean or kill -9.
resumed() {
	[ "$(grep -c ": $1 resumed\$" "$HUB_LOG")" -ge "$2" ]
}

# Is a room in a client's room list?
in_list() {
	tui_matches "$1" "^ +[0-9]+ #$2 "
}

round=0
for sig in KILL TERM; do
	wait_until 10 flushed "dev-msg-0$n" || fail "history not flushed"
	wait_until 10 flushed "ops-msg-0$n" || fail "history not flushed"
	stop_hub "$sig"
	for who in alice bob carol; do
		tui_wait "$who" "disconnected — retrying in"
	done
	# bob types into #ops while the hub is away: the line waits, shown
	# as not sent yet.
	tui_type bob "bob while away $sig"
	tui_keys bob Enter
	tui_wait bob "<bob> bob while away $sig  (not sent yet)"
	FORCE_PORT=$HUB_PORT start_hub --flush-interval 1
	round=$((round + 1))
	for who in alice bob carol; do
		tui_wait "$who" "connected as $who" 45
		wait_until 20 resumed "$who" "$round" ||
		    fail "$who did not resume its session"
		for w in ${WINDOWS[$who]}; do
			wait_until 10 in_list "$who" "${w#*:}" ||
			    fail "$who is no longer in #${w#*:}"
		done
	done
	check_views
	ok "after a restart by SIG$sig every client looks where it looked"
	# Once back, bob's line goes to #ops, the room it was typed in.
	tui_wait bob "<bob> bob while away $sig"
	tui_wait_gone bob "(not sent yet)"
	run_batch seer seer "/join ops" "/leave ops"
	grep -qF "#ops <bob> bob while away $sig" "$T/seer.out" ||
	    fail "bob's line did not reach #ops"
	n=$((n + 1))
	post dev "$n" "$n"
	post ops "$n" "$n"
	check_once "$n"
	check_views
	ok "after a restart by SIG$sig every message shows once per window"
done
exit 0
