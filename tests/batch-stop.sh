#!/bin/bash
# SPDX-License-Identifier: ISC
# How a --batch client stops (walk69 F1, F3, F9): standard output that
# cannot be written (a closed pipe, a full disk) ends it, leaving the hub,
# with status 1; SIGTERM and SIGHUP leave the hub as SIGINT does, not as a
# lost connection; when it stops before its input is done (a connection
# lost, stdout gone), stderr counts the input lines that were not sent.
. "$top_srcdir/tests/lib.sh"

start_hub --flood-burst 1 --flood-rate 1
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"

# A full disk: status 1, said on stderr, and the hub is left.
printf '%s\n' hello world | XDG_STATE_HOME="$T/state/full" \
    $VG "$CHATROOM" --batch $INSECURE "full@127.0.0.1:$HUB_PORT" \
    >/dev/full 2>"$T/full.err"
rc=$?
[ "$rc" -eq 1 ] || fail "stdout on a full disk: exit status $rc"
grep -qF "chatroom: cannot write to standard output: " "$T/full.err" ||
    fail "the failed write to stdout is not said"
wait_for "$HUB_LOG" "full quit: quit"
grep -qF "<full> hello" "$T/obs.out" && fail "a line went after stdout failed"
ok "stdout on a full disk ends the client, status 1, leaving the hub"

# A reader that goes away while the input stays open.
mkfifo "$T/pipe.in" "$T/pipe.out"
(
	close_client_fds
	XDG_STATE_HOME="$T/state/piped" exec $VG "$CHATROOM" --batch \
	    $INSECURE "piped@127.0.0.1:$HUB_PORT" \
	    <"$T/pipe.in" >"$T/pipe.out" 2>"$T/piped.err"
) &
piped=$!
PIDS="$PIDS $piped"
exec {pin}>"$T/pipe.in"
head -n 1 "$T/pipe.out" >"$T/piped.first"
[ -s "$T/piped.first" ] || fail "the piped client printed nothing"
# Its next line (a join, a message) finds the pipe closed.
client_say obs "to wake the piped client up"
wait_until 20 bash -c "! kill -0 $piped" ||
    fail "the client goes on with nobody reading its output"
wait "$piped"
rc=$?
exec {pin}>&-
[ "$rc" -eq 1 ] || fail "stdout a closed pipe: exit status $rc"
grep -qF "chatroom: cannot write to standard output: " "$T/piped.err" ||
    fail "the closed pipe is not said"
wait_for "$HUB_LOG" "piped quit: quit"
ok "stdout a closed pipe ends the client, status 1, leaving the hub"

# SIGTERM and SIGHUP: a quit, not a connection left to time out.
for sig in TERM HUP; do
	nick=sig$sig
	nick=${nick,,}
	client_start "$nick" "$nick"
	wait_for "$T/obs.out" "$nick joined #lobby"
	kill -"$sig" "${CLIENT_PID[$nick]}"
	wait "${CLIENT_PID[$nick]}"
	rc=$?
	[ "$rc" -eq 0 ] || fail "SIG$sig: exit status $rc"
	wait_for "$HUB_LOG" "$nick quit: quit"
	wait_for "$T/obs.out" "-- $nick quit"
	grep -F "$nick" "$T/obs.out" | grep -qF "connection lost" &&
	    fail "SIG$sig left the session to time out"
	ok "SIG$sig leaves the hub at once"
done

# A connection lost with input left: its lines are counted.  The hub
# takes one line a second, so most of the 20 are still to go.
client_start lost loser
wait_for "$T/obs.out" "loser joined #lobby"
client_say lost $(seq 1 20)
wait_for "$T/obs.out" "<loser> 1"
stop_hub
wait "${CLIENT_PID[lost]}"
rc=$?
[ "$rc" -eq 1 ] || fail "a lost connection: exit status $rc"
grep -qE "^chatroom: [0-9]+ input lines were not sent$" "$T/lost.err" ||
    fail "the lines not sent are not counted"
n=$(sed -n 's/^chatroom: \([0-9]*\) input lines were not sent$/\1/p' \
    "$T/lost.err")
sent=$(grep -c "^\[[0-9:]*\] #lobby <loser> " "$T/lost.out")
unconfirmed=$(grep -c "was not confirmed" "$T/lost.err")
[ $((n + sent + unconfirmed)) -eq 20 ] ||
    fail "$sent lines shown, $unconfirmed unconfirmed, $n counted: not 20"
ok "a lost connection counts the input lines not sent ($n)"
