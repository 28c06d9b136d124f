#!/bin/bash
# SPDX-License-Identifier: ISC
# A TLS client facing something that accepts the connection and never
# completes the TLS handshake is not left waiting: on a first connection
# it is "not a chatroom hub" within CLIENT_TLS_WAIT (10) seconds (a hub
# known by its fingerprint "did not complete the handshake"), as a
# plain TCP client is after 5; a terminal client that was in a hub that
# stopped tells such a reconnection as a hub that did not answer, retries,
# and resumes once the hub answers again.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
command -v socat >/dev/null || { echo "socat not found: skipped"; exit 77; }
INSECURE=
tui_stall_trap

# Something that takes the connection and says nothing at all.
socat_serve "exec cat >/dev/null"
start=$(date +%s)
timeout 60 $VG "$CHATROOM" --batch "silent@127.0.0.1:$HUB_PORT" \
    </dev/null >"$T/silent.out" 2>"$T/silent.err"
rc=$? took=$(($(date +%s) - start))
[ "$rc" -eq 1 ] || fail "--batch to a silent listener exited with $rc"
grep -qxF "chatroom: cannot connect to 127.0.0.1:$HUB_PORT: that is not a chatroom hub (it did not complete the TLS handshake)" \
    "$T/silent.err" || fail "--batch did not say why: $(cat "$T/silent.err")"
[ "$took" -lt 40 ] || fail "--batch gave up after $took s"
ok "--batch over TLS to a silent listener: not a hub, after $took s"

# A hub the client knows (known_hubs, or --trust) that does not finish
# the handshake is a hub that hangs, not "not a chatroom hub".
FP=$(printf 'ab%.0s' $(seq 32))
mkdir -p "$T/known/chatroom"
for how in known trust; do
	socat_serve "exec cat >/dev/null"
	if [ "$how" = known ]; then
		echo "127.0.0.1:$HUB_PORT $FP" >"$T/known/chatroom/known_hubs"
		opts=
	else
		rm -f "$T/known/chatroom/known_hubs"
		opts="--trust $FP"
	fi
	XDG_STATE_HOME="$T/known" timeout 60 $VG "$CHATROOM" --batch $opts \
	    "silent@127.0.0.1:$HUB_PORT" </dev/null >"$T/$how.out" \
	    2>"$T/$how.err"
	rc=$?
	[ "$rc" -eq 1 ] || fail "--batch ($how) exited with $rc"
	grep -qF "the hub accepted the connection but did not complete the TLS handshake" \
	    "$T/$how.err" || fail "--batch ($how) said: $(cat "$T/$how.err")"
done
ok "a known hub that hangs in the handshake is not called no hub"

# The terminal client gives up on a first connection too, and says why.
socat_serve "exec cat >/dev/null"
tui_start quiet quiet
tui_wait quiet "CLIENT EXITED rc=1" 40
grep -qF "that is not a chatroom hub (it did not complete the TLS handshake)" \
    "$T/quiet.tui.err" || fail "the terminal client did not say why"
ok "the terminal client gives up on a first TLS connection that is silent"

# A hub the client was in, stopped: the connection is given up after MAX
# seconds without an answer, the next one's handshake too, and told so;
# the client retries and resumes once the hub is continued.
MAX=10
start_hub
tui_start dan dan 160 30 "CHATROOM_TEST_LAG=2,3,$MAX"
tui_wait dan "trust this hub?"
tui_type dan "yes"
tui_keys dan Enter
tui_wait dan "you joined #lobby"
kill -STOP "$HUB_PID"
tui_wait dan "disconnected: the hub did not answer for $MAX seconds" \
    $((MAX + 30))
tui_wait dan "disconnected: the hub accepted the connection but did not complete the TLS handshake — retrying in" \
    $((MAX + 30))
tui_has dan "not a chatroom hub" && fail "a hub we were in is called no hub"
ok "a reconnection whose TLS handshake the stopped hub never answers is retried"

kill -CONT "$HUB_PID"
tui_wait dan "reconnected: session resumed" 60
tui_type dan "back over tls"
tui_keys dan Enter
BATCH_OPTS="--trust $(tls_served)" run_batch seer seer
[ "$BATCH_RC" -eq 0 ] || fail "seer could not connect: $(cat "$T/seer.err")"
grep -qF "<dan> back over tls" "$T/seer.out" ||
    fail "dan's line after the resume is missing: $(cat "$T/seer.out")"
ok "the session resumes once the hub answers"
exit 0
