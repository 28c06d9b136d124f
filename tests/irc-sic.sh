#!/bin/bash
# SPDX-License-Identifier: ISC
# sic (no CAP, no TLS: plain IRC on an --insecure hub) reading commands
# from a pipe, judged by what it prints, talking with a native user:
# history, messages, DMs, topic, nicks, PART/JOIN, QUIT.
. "$top_srcdir/tests/lib.sh"
command -v sic >/dev/null || { echo "no sic: skipped"; exit 77; }
. "$top_srcdir/tests/irc-client-lib.sh"

# Type a line into sic: ":j", ":l", ":m" are its commands, other lines
# starting with ":" go to the server as they are.
sic_in() {
	printf '%s\n' "$1" >&"${RAW_FD[sic]}"
}

# sic prints everything to one stream, a line each:
# "TARGET : DATE TIME <nick> text" or "FROM : DATE TIME >< CMD (params): text".
ic_start() {
	local fd
	mkfifo "$T/sic.in"
	(
		close_client_fds
		exec sic -h 127.0.0.1 -p "$IRC_PORT" -n "$1" \
		    <"$T/sic.in" >"$T/sic.out" 2>"$T/sic.err"
	) &
	PIDS="$PIDS $!"
	exec {fd}>"$T/sic.in"
	RAW_FD[sic]=$fd
	ic_wait "$T/sic.out" ">< 001 ($1)"
	sic_in ":j #lobby"
	ic_wait "$T/sic.out" ">< 366 ($1 #lobby)"
}
ic_say() { sic_in ":m #$1 $2"; }
ic_dm() { sic_in ":m $1 $2"; }
ic_topic() { sic_in ":TOPIC #$1 :$2"; }
ic_nick() { sic_in ":NICK $1"; }
ic_join() { sic_in ":j #$1"; }
ic_part() { sic_in ":l #$1"; }
ic_quit() { sic_in ":QUIT :$1"; }
ic_room_log() { echo "$T/sic.out"; }
ic_dm_log() { echo "$T/sic.out"; }
ic_event_log() { echo "$T/sic.out"; }
ic_own() { printf '<%s> %s' "$1" "$2"; }

ic_start_hub --replay 5
irc_scenario sic
# Without CAP, history comes as plain PRIVMSGs marked with their time.
grep -qE '<alice> \[[0-2][0-9]:[0-5][0-9]\] history before sic came' \
    "$T/sic.out" || fail "history without its [hh:mm]"
ok "history marked [hh:mm] for a client without server-time"
exit 0
