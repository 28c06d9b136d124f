#!/bin/bash
# SPDX-License-Identifier: ISC
# The options people type first: -p/--port and -a/--address on both roles,
# -v twice on the hub, and "make test".
. "$top_srcdir/tests/lib.sh"

# Start a hub with exactly these options (no --listen of start_hub's):
# hub_with PORT [options].  PORT is where it should end up listening.
hub_with() {
	HUB_PORT=$1
	shift
	HUB_LOG="$T/hub-$HUB_PORT.log"
	HUB_READY_SEEN=$(grep -c "hub ready" "$HUB_LOG" 2>/dev/null)
	(
		close_client_fds
		exec $VG "$CHATROOM" --serve $INSECURE \
		    --history "$T/history.json" "$@" >>"$HUB_LOG" 2>&1
	) &
	HUB_PID=$!
	PIDS="$PIDS $HUB_PID"
	wait_until 10 hub_ready_or_dead && kill -0 "$HUB_PID" 2>/dev/null ||
	    fail "hub did not start with $*"
}

# Is nothing listening on a port?
port_unused() {
	! ss -Hltn "sport = :$1" | grep -q .
}

p1=$(pick_port)
p2=$(pick_port)
while [ "$p2" = "$p1" ]; do p2=$(pick_port); done

# -p overrides the port of --listen, and its host stays.
hub_with "$p2" --listen "127.0.0.1:$p1" -p "$p2"
grep -qF "listening on 127.0.0.1:$p2" "$HUB_LOG" || fail "-p after --listen"
port_unused "$p1" || fail "the --listen port is in use too"
stop_hub
ok "hub: -p replaces the port of --listen"

# -a and --port=PORT without --listen; LISTEN= in the config loses to both.
printf 'LISTEN = [::1]:%s\n' "$p1" >"$T/hub.conf"
hub_with "$p2" --config "$T/hub.conf" -a 127.0.0.1 --port="$p2" -v -v
grep -qF "listening on 127.0.0.1:$p2" "$HUB_LOG" ||
    fail "-a and --port= over LISTEN="
ok "hub: -a and --port=PORT beat LISTEN= in the config file"

# The client: -a and -p beat the target, and HOST=/PORT= of the config.
mkdir -p "$T/config/chatroom"
printf 'HOST=localhost\nPORT=1\n' >"$T/config/chatroom/config"
client_start bob bob
# client_start's target points at $HUB_PORT; a second client says where
# the hub is only through -a and -p, against a wrong target.
rm -f "$T/alice.in"
mkfifo "$T/alice.in"
(
	close_client_fds
	XDG_STATE_HOME="$T/state/alice" exec $VG "$CHATROOM" --batch \
	    $INSECURE -a 127.0.0.1 -p "$HUB_PORT" alice@localhost:1 \
	    <"$T/alice.in" >"$T/alice.out" 2>"$T/alice.err"
) &
CLIENT_PID[alice]=$!
PIDS="$PIDS $!"
exec {fd}>"$T/alice.in"
CLIENT_FD[alice]=$fd
wait_for "$T/alice.out" "connected to 127.0.0.1 as alice"
wait_for "$T/bob.out" "connected to"
# Without a target: the host and port come from the options alone, the
# config's HOST= and PORT= are overridden, the nick is $USER's.
printf '%s\n' "from options" | USER=carol XDG_STATE_HOME="$T/state/carol" \
    $VG "$CHATROOM" --batch $INSECURE --address=127.0.0.1 --port "$HUB_PORT" \
    >"$T/carol.out" 2>"$T/carol.err" || fail "carol's client failed"
grep -qF "connected to 127.0.0.1 as carol" "$T/carol.out" ||
    fail "client without a target"
wait_for "$T/alice.out" "<carol> from options"
ok "client: -a and -p beat the target and the config file"

# -v twice: one debug line per delivery to each client.
client_say alice "hello bob"
wait_for "$T/bob.out" "<alice> hello bob"
wait_for "$HUB_LOG" "debug: deliver "
grep -qE "debug: deliver [0-9]+ bytes to bob \(127\.0\.0\.1" "$HUB_LOG" ||
    fail "no delivery line for bob"
grep -qE "debug: deliver [0-9]+ bytes to alice \(127\.0\.0\.1" "$HUB_LOG" ||
    fail "no delivery line for alice"
grep -F "hello bob" "$HUB_LOG" && fail "a delivery line shows the text"
client_stop alice
client_stop bob
stop_hub
ok "hub: -v -v logs every delivery, without the text"

# -v once: debug lines, but no delivery lines.
hub_with "$p1" -a 127.0.0.1 -p "$p1" -v
run_batch dave dave "/rooms" "one line"
grep -qF "<dave> one line" "$T/dave.out" || fail "dave's message"
wait_for "$HUB_LOG" "debug: history snapshot"
grep -qF "deliver" "$HUB_LOG" && fail "-v once logs deliveries"
stop_hub
ok "hub: -v once logs no deliveries"

# LOG_MESSAGES= is a strict yes or no: "off" keeps message text out of
# the log (it used to turn it on), "on" logs it, a typo stops the hub.
for v in off on; do
	printf 'LOG_MESSAGES=%s\n' "$v" >"$T/log.conf"
	hub_with "$p1" --config "$T/log.conf" -a 127.0.0.1 -p "$p1"
	run_batch eve eve "/rooms" "secret $v text"
	grep -qF "<eve> secret $v text" "$T/eve.out" || fail "eve's $v line"
	stop_hub
	if [ "$v" = on ]; then
		grep -qF "<eve> secret on text" "$HUB_LOG" ||
		    fail "LOG_MESSAGES=on does not log the text"
	else
		grep -qF "secret off text" "$HUB_LOG" &&
		    fail "LOG_MESSAGES=off logs the text"
	fi
done
printf 'LOG_MESSAGES=maybe\n' >"$T/log.conf"
"$CHATROOM" --serve --config "$T/log.conf" $INSECURE -a 127.0.0.1 \
    -p "$p1" --history "$T/history.json" </dev/null 2>"$T/bad.err"
[ $? = 2 ] && grep -qF "log.conf:1: LOG_MESSAGES=maybe: expected yes or no" \
    "$T/bad.err" || fail "LOG_MESSAGES=maybe: $(cat "$T/bad.err")"
ok "hub: LOG_MESSAGES=off, on and a typo"

# Bad values are usage errors.
"$CHATROOM" --batch -p 0 x@127.0.0.1 </dev/null 2>"$T/bad.err"
[ $? = 2 ] && grep -qF -- "--port: invalid value '0' (expected an integer from 1 to 65535)" \
    "$T/bad.err" || fail "-p 0"
"$CHATROOM" --serve -p 70000 </dev/null 2>"$T/bad.err"
[ $? = 2 ] || fail "--serve -p 70000"
"$CHATROOM" --batch -a '' x@127.0.0.1 </dev/null 2>"$T/bad.err"
[ $? = 2 ] && grep -qF "bad address" "$T/bad.err" || fail "-a ''"
ok "bad ports and addresses are usage errors"

# "make test" is "make check".
grep -qE '^test: check' "${top_builddir:-.}/Makefile" ||
    fail "make test is not make check"
ok "make test runs make check"
