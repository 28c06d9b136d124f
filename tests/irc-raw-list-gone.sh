#!/bin/bash
# SPDX-License-Identifier: ISC
# Rooms that go while an IRC LIST is on its way (it is made as the client
# reads): every room that stays is listed exactly once, none is skipped,
# even when the room the list stopped at and rooms before it went.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

command -v perl >/dev/null || exit 77
declare -A PACE_FD PACE_PORT

# Rooms k-00001 to k-00005, then g-00001 to g-$GONE, then k-00006 to
# k-$(( KEEP + 5 )), in that order (the order LIST follows).  The g rooms
# last spoke $1 seconds from now, so that with --room-expire 1 they go
# a second after that (at the next flush); the k rooms spoke an hour
# ahead and stay.
GONE=6000
KEEP=2000
gen() {
	perl - "$1" "$GONE" "$KEEP" >"$T/history.json" <<'EOF'
use strict; use warnings;
my ($delay, $gone, $keep) = @ARGV;
my $now = int(time * 1000);
my $topic = 't' x 300;
my $id = 0;
sub room {
	my ($name, $ts) = @_;
	$id++;
	printf qq(,{"name":"%s","topic":"%s","created":%d,"messages":) .
	    qq([{"id":%d,"ts":%d,"nick":"old","text":"x"}]}), $name, $topic,
	    $now, $id, $ts;
}
print qq({"version":1,"next_id":), $gone + $keep + 6, qq(,"rooms":[);
print qq({"name":"lobby","topic":"","created":$now,"messages":[]});
room(sprintf("k-%05d", $_), $now + 3600000) for 1 .. 5;
room(sprintf("g-%05d", $_), $now + $delay * 1000) for 1 .. $gone;
room(sprintf("k-%05d", $_), $now + 3600000) for 6 .. $keep + 5;
print qq(],"claims":[],"bans":[],"sessions":[]}\n);
EOF
}

# Start a client of irc-pace.pl that sends three LISTs (7.5 MB, more than
# the kernel's socket buffers take) and reads nothing until pace_read
# (as in tests/irc-raw-pace.sh).
pace() {
	local name=$1 fd
	mkfifo "$T/$name.ctl"
	(
		close_client_fds
		exec perl "$top_srcdir/tests/irc-pace.pl" "$IRC_PORT" "$name" \
		    - "$T/$name.irc" " 323 $name " 3 <"$T/$name.ctl" \
		    >"$T/$name.st" 2>"$T/$name.err"
	) &
	PIDS="$PIDS $!"
	IRC_PID[$name]=$!
	exec {fd}>"$T/$name.ctl"
	PACE_FD[$name]=$fd
	printf '%s\n' LIST LIST LIST . >&"$fd"
	wait_for "$T/$name.st" "sent" 10
	PACE_PORT[$name]=$(awk '/^sent/ { print $2 }' "$T/$name.st")
}

# Let a pace client read its answer, and wait until it has it all.
pace_read() {
	printf 'read\n' >&"${PACE_FD[$1]}"
	wait_for "$T/$1.st" "done" 30
}

# Wait until the hub has stopped writing to a pace client: its socket
# holds unsent bytes, the same number three looks in a row.
wait_stalled() {
	local port=${PACE_PORT[$1]} q last=-1 same=0 i
	for i in $(seq 1 150); do
		q=$(ss -Htn "sport = :$IRC_PORT and dport = :$port" |
		    awk '{ print $3; exit }')
		if [ "${q:-0}" -gt 0 ] && [ "$q" = "$last" ]; then
			same=$(( same + 1 ))
			[ "$same" -ge 3 ] && return 0
		else
			same=0
		fi
		last=${q:-0}
		sleep 0.1
	done
	fail "the hub never stopped writing to $1 (${q:-0} bytes queued)"
}

# The g rooms go some seconds after the hub starts: the LIST must have
# stopped, unread, before.  On a machine too slow for that, try again
# with more time.
for delay in 6 15 40; do
	gen "$delay"
	HUB_NAME=hub$delay start_irc_hub --irc-server-name irc.test --history-size 10 \
	    --room-expire 1 --flood-rate 0 --flush-interval 1
	pace "lis$delay"
	wait_stalled "lis$delay"
	grep -q "room g-.* expired" "$HUB_LOG" || break
	echo "the rooms went before the LIST stopped; again, slower"
	stop_hub
	kill "${IRC_PID[lis$delay]}" 2>/dev/null
	delay=
done
[ -n "$delay" ] || fail "the LIST never stopped before the rooms went"
name=lis$delay
wait_until 60 eval "[ \$(count_in '$HUB_LOG' ' expired: empty') -ge $GONE ]" ||
    fail "the g rooms did not all go"
pace_read "$name"
f=$T/$name.irc

# Each LIST: the rooms that stayed, in order, once each; one of them was
# cut among the rooms that went (those before it listed them all, those
# after none).
awk -v d="$T" -v me="$name" '$2 == "321" && $3 == me { n++; g[n] = 0 }
	$2 == "322" && $3 == me && $4 ~ /^#g-/ { g[n]++ }
	$2 == "322" && $3 == me && $4 ~ /^#k-/ { k = $4; sub(/^#k-0*/, "", k);
		print k >d "/kept." n }
	$2 == "323" && $3 == me { ended++ }
	END { for (i = 1; i <= n; i++) print g[i] >d "/gone"
		exit (n != 3 || ended != 3) }' "$f" ||
    fail "not 3 LISTs, each ended by 323"
cut=$(awk -v all="$GONE" '$1 > 0 && $1 < all' "$T/gone")
echo "rooms that went listed by each LIST: $(tr '\n' ' ' <"$T/gone")"
[ -n "$cut" ] || fail "no LIST stopped among the rooms that went"
for i in 1 2 3; do
	seq 1 $(( KEEP + 5 )) | cmp -s - "$T/kept.$i" ||
	    fail "LIST $i: rooms that stayed: $(sort -un "$T/kept.$i" |
	    wc -l) of $(( KEEP + 5 )) listed, $(wc -l <"$T/kept.$i") lines"
done
ok "$GONE rooms gone during a LIST (cut after $cut of them): the" \
    "$(( KEEP + 5 )) that stayed listed once each, in order"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
