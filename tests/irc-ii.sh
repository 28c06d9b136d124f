#!/bin/bash
# SPDX-License-Identifier: ISC
# ii (no CAP, no TLS: plain IRC on an --insecure hub) driven through its
# FIFOs and judged by its out files, talking with a native user: history,
# messages, DMs, topic, nicks, PART/JOIN, QUIT.
. "$top_srcdir/tests/lib.sh"
command -v ii >/dev/null || { echo "no ii: skipped"; exit 77; }
. "$top_srcdir/tests/irc-client-lib.sh"

D=$T/ii/127.0.0.1
declare -A II_FD

# Write a line to one of ii's FIFOs ("" is the server's), opening it once.
ii_in() {
	local dir=$D${1:+/$1} fd
	if [ -z "${II_FD[$dir]:-}" ]; then
		wait_until 20 test -p "$dir/in" || fail "ii made no $dir/in"
		exec {fd}>"$dir/in"
		II_FD[$dir]=$fd
		RAW_FD[ii$fd]=$fd
	fi
	printf '%s\n' "$2" >&"${II_FD[$dir]}"
}

ic_start() {
	(
		close_client_fds
		exec ii -s 127.0.0.1 -p "$IRC_PORT" -n "$1" -f "ii user" \
		    -i "$T/ii" >"$T/ii.out" 2>&1
	) &
	PIDS="$PIDS $!"
	ic_wait "$D/out" "Welcome"
	ii_in "" "/j #lobby"
	ic_wait "$D/#lobby/out" "has joined #lobby"
}
ic_say() { ii_in "#$1" "$2"; }
ic_dm() { ii_in "" "/j $1 $2"; }
ic_topic() { ii_in "#$1" "/t $2"; }
ic_nick() { ii_in "" "/n $1"; }
ic_join() { ii_in "" "/j #$1"; }
ic_part() { ii_in "#$1" "/l"; }
ic_quit() { ii_in "" "/q $1"; }
ic_room_log() { echo "$D/#$1/out"; }
ic_dm_log() { echo "$D/$1/out"; }
ic_event_log() { echo "$D/out"; }
ic_own() { printf '<%s> %s' "$1" "$2"; }

ic_start_hub --replay 5
irc_scenario iiu
# Without CAP, history comes as plain PRIVMSGs marked with their time.
grep -qE '<alice> \[[0-2][0-9]:[0-5][0-9]\] history before iiu came' \
    "$D/#lobby/out" || fail "history without its [hh:mm]"
ok "history marked [hh:mm] for a client without server-time"
exit 0
