#!/bin/bash
# SPDX-License-Identifier: ISC
# Port 0 takes any free port (--listen, --irc-listen): the log names the
# port taken, not ":0", or nothing the hub says tells where to connect.
. "$top_srcdir/tests/lib.sh"

HUB_LOG="$T/hub.log"
(
	close_client_fds
	exec $VG "$CHATROOM" --serve --insecure --listen 127.0.0.1:0 \
	    --irc-listen 127.0.0.1:0 --history "$T/history.json" \
	    >>"$HUB_LOG" 2>&1
) &
HUB_PID=$!
PIDS="$PIDS $HUB_PID"
wait_for "$HUB_LOG" "hub ready" 30

! grep -q "listening on 127.0.0.1:0" "$HUB_LOG" || fail "port 0 logged"
HUB_PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' \
    "$HUB_LOG")
irc=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\) (IRC)$/\1/p' \
    "$HUB_LOG")
[ -n "$HUB_PORT" ] && [ "$HUB_PORT" -gt 0 ] || fail "no port in the log"
[ -n "$irc" ] && [ "$irc" -gt 0 ] || fail "no IRC port in the log"
[ "$irc" != "$HUB_PORT" ] || fail "one port for both"
ok "the log names the ports taken"

run_batch b1 bot "hello on a port of its own"
[ "$BATCH_RC" = 0 ] || fail "batch exit $BATCH_RC: $(cat "$T/b1.err")"
ss -Hltn "sport = :$irc" | grep -q . || fail "nothing listens on $irc"
ok "a client joins on the port the log names"
