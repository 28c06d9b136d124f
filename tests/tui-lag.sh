#!/bin/bash
# SPDX-License-Identifier: ISC
# A hub that stops answering without closing (here stopped with SIGSTOP)
# is noticed: the terminal client shows the lag in its title bar, then
# gives the connection up and, once the hub answers again, resumes; the
# line typed meanwhile reaches the room once; the attempts the stopped
# hub's kernel accepts are told as such.  --batch exits with an error
# rather than wait for ever, also in a TLS handshake.
# CHATROOM_TEST_LAG (for tests only) shortens the keepalive limits to
# IDLE,SHOW,MAX seconds.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

MAX=15
export CHATROOM_TEST_LAG=2,3,$MAX

# A stopped hub must be continued before it can be stopped for good.
lag_cleanup() {
	local rc=$?
	[ -n "$HUB_PID" ] && kill -CONT "$HUB_PID" 2>/dev/null
	(exit "$rc")
	tui_cleanup
}
trap lag_cleanup EXIT

start_hub
tui_start alice alice 100 30 "CHATROOM_TEST_LAG=$CHATROOM_TEST_LAG"
tui_wait alice "you joined #lobby"
tui_type alice "/join dev"
tui_keys alice Enter
tui_wait alice "you joined #dev"
client_start bot bot
client_say bot "/join dev"
tui_wait alice "bot joined #dev"

# Idle for longer than IDLE + SHOW: the hub's pongs end each wait, so no
# lag is shown and nothing is given up.
sleep 6
tui_has alice "did not answer" && fail "an idle hub was given up"
tui_wait_match alice '^ #dev .*connected as alice$'
ok "pings keep an idle connection, without lag shown"

kill -STOP "$HUB_PID"
tui_type alice "said while the hub stood still"
tui_keys alice Enter
client_say bot "the bot speaks to a stopped hub"
tui_wait_match alice '^ #dev .*connected as alice, lag [0-9]+s$'
ok "a hub that stops answering shows as lag in the title bar"

tui_wait alice "disconnected: the hub did not answer for $MAX seconds" \
    $((MAX + 30))
wait_until 30 sh -c "! kill -0 ${CLIENT_PID[bot]} 2>/dev/null" ||
    fail "--batch still waits on a stopped hub"
wait "${CLIENT_PID[bot]}"
rc=$?
[ "$rc" -eq 1 ] || fail "--batch exited with $rc on a lost connection"
grep -q "^chatroom: connection lost: the hub did not answer for $MAX seconds$" \
    "$T/bot.err" || fail "--batch did not say why: $(cat "$T/bot.err")"
ok "the connection is given up as lost; --batch exits with status 1"

# A TLS handshake the stopped hub never answers is given up too (the hub
# speaks plain TCP here, but says nothing at all while stopped).
CHATROOM_TEST_LAG=2,3,5 XDG_STATE_HOME="$T/state/tls" timeout 60 \
    $VG "$CHATROOM" --batch "tls@127.0.0.1:$HUB_PORT" </dev/null \
    >"$T/tls.out" 2>"$T/tls.err"
rc=$?
[ "$rc" -eq 1 ] || fail "--batch over TLS to a stopped hub exited with $rc"
grep -qxF "chatroom: cannot connect to 127.0.0.1:$HUB_PORT: that is not a chatroom hub (it did not complete the TLS handshake)" \
    "$T/tls.err" || fail "no reason for the TLS failure: $(cat "$T/tls.err")"
ok "a TLS handshake that gets no answer is given up"

# The stopped hub's kernel still accepts connections: the next attempt
# is told as a hub that did not answer, not as something that is no hub.
tui_wait alice "disconnected: the hub accepted the connection" 30
tui_has alice "not a chatroom hub" && fail "a hub we were in is called no hub"
# ... after waiting for its greeting as for any answer ($MAX s), not the
# 5 s a first connection waits: one such line in 10 s, not a line each
# few seconds.
sleep 10
n=$(tui_screen alice | grep -c "disconnected: the hub accepted the connection")
[ "$n" -eq 1 ] || fail "$n reconnections given up within 10 s"
ok "a reconnection the stopped hub accepts is told as no answer, after $MAX s"

kill -CONT "$HUB_PID"
tui_wait alice "reconnected: session resumed" 60
tui_wait_match alice '^ #dev .*connected as alice$'
tui_wait alice "<alice> said while the hub stood still" 30
run_batch seer seer "/join dev"
[ "$BATCH_RC" -eq 0 ] || fail "seer could not read #dev"
n=$(grep -c "<alice> said while the hub stood still" "$T/seer.out")
[ "$n" -eq 1 ] || fail "the line reached #dev $n times: $(cat "$T/seer.out")"
ok "the session resumes once the hub answers; the line arrives once"

tui_type alice "/quit"
tui_keys alice Enter
tui_wait alice "CLIENT EXITED rc=0"

# A hub that sends its challenge and then nothing, not even a welcome
# after the hello, is given up as well.
if command -v socat >/dev/null; then
	cat >"$T/mute.sh" <<HUB
echo '{"type":"challenge","nonce":"$(printf '%064d' 7)"}'
exec cat >/dev/null
HUB
	socat_serve "sh '$T/mute.sh'"
	CHATROOM_TEST_LAG=2,3,5 XDG_STATE_HOME="$T/state/mute" timeout 60 \
	    $VG "$CHATROOM" --batch $INSECURE "mute@127.0.0.1:$HUB_PORT" \
	    </dev/null >"$T/mute.out" 2>"$T/mute.err"
	rc=$?
	[ "$rc" -eq 1 ] || fail "--batch to a hub that never welcomes: $rc"
	grep -q "^chatroom: cannot connect to 127.0.0.1:$HUB_PORT: the hub did not answer for 5 seconds$" \
	    "$T/mute.err" || fail "no reason given: $(cat "$T/mute.err")"
	ok "a hub that never welcomes the hello is given up"
fi
exit 0
