#!/bin/bash
# SPDX-License-Identifier: ISC
# Connection failures are told in plain words, not library text; the
# terminal client gives up at once when waiting cannot help, and says so;
# a shutdown is announced once.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# Run a --batch client against a port with extra options; its stderr is
# left in $T/NAME.err.
try_batch() {
	local name=$1 port=$2
	shift 2
	echo hello | XDG_STATE_HOME="$T/state/$name" "$CHATROOM" --batch \
	    "$@" "$name@127.0.0.1:$port" >"$T/$name.out" 2>"$T/$name.err"
	BATCH_RC=$?
}

# The error must be the sentence, and no OpenSSL or errno text.
expect_err() {
	local name=$1 text=$2
	[ "$BATCH_RC" -eq 1 ] || fail "$name: exit status $BATCH_RC"
	grep -qF -- "$text" "$T/$name.err" ||
	    fail "$name: no '$text' in its errors"
	grep -qE 'error:[0-9A-F]{8}|routines|Connection refused' \
	    "$T/$name.err" && fail "$name: library text in its errors"
	ok "$name: $text"
}

closed=$(pick_port)
try_batch refused "$closed" --insecure
expect_err refused "nothing listens on that port"

# A name with an empty label is refused by the resolver without a query.
echo hello | XDG_STATE_HOME="$T/state/nohost" "$CHATROOM" --batch \
    --insecure "nohost@no..such:7777" >"$T/nohost.out" 2>"$T/nohost.err"
BATCH_RC=$?
expect_err nohost "cannot connect to no..such:7777: host not found"

# A client with TLS and a hub without, and the other way round.
start_hub
# The hub's challenge in the clear: a hub run with --insecure, not "no
# hub" (the user used to be sent looking for a wrong port).
try_batch notls "$HUB_PORT"
expect_err notls "cannot connect to 127.0.0.1:$HUB_PORT: the hub runs without TLS (--insecure): connect with --insecure"
echo hello | XDG_STATE_HOME="$T/state/notlsfr" LANGUAGE=fr LANG=C.UTF-8 \
    "$CHATROOM" --batch "notlsfr@127.0.0.1:$HUB_PORT" >"$T/notlsfr.out" \
    2>"$T/notlsfr.err"
BATCH_RC=$?
expect_err notlsfr "le hub fonctionne sans TLS (--insecure)"
plain_port=$HUB_PORT plain_pid=$HUB_PID
INSECURE='' HUB_NAME=tlshub HUB_HISTORY="$T/tls/history.json" start_hub
try_batch plain "$HUB_PORT" --insecure
expect_err plain "leave out --insecure"

# Is something listening on a port?
listening() {
	ss -Hltn "sport = :$1" | grep -q .
}

# Something that is not a hub at all: Redis, when it is installed.
if command -v redis-server >/dev/null; then
	rport=$(pick_port)
	redis-server --port "$rport" --bind 127.0.0.1 --save '' \
	    --appendonly no --dir "$T" >"$T/redis.log" 2>&1 &
	PIDS="$PIDS $!"
	wait_until 10 listening "$rport" || fail "redis-server did not start"
	try_batch redis "$rport" --insecure
	# Redis waits for a command; a hub greets at once with its challenge.
	expect_err redis "that is not a chatroom hub (it did not greet us;"
fi

# Clear text that is no hub's challenge is still no hub.
if command -v socat >/dev/null; then
	# From a file: socat's SYSTEM address eats quotes and turns \n into a
	# newline, which made the command a syntax error and the fake hub
	# close at once instead of answering in clear text.
	printf '{"type":"hello"}\n' >"$T/jsonish.reply"
	socat_serve "cat $T/jsonish.reply; cat >/dev/null"
	try_batch jsonish "$HUB_PORT"
	expect_err jsonish "that is not a chatroom hub (it did not speak TLS)"
fi

# The terminal client, which retries lost connections, gives up on its
# very first one when nothing listens, says why and exits 1.
HUB_PORT=$closed tui_start never never
tui_wait never "CLIENT EXITED rc=1"
tui_has never "TERMINAL RESTORED" || fail "terminal modes not restored"
grep -qF "cannot connect to 127.0.0.1:$closed: nothing listens on that port" \
    "$T/never.tui.err" || fail "the terminal client did not say why"
ok "the terminal client gives up on a port where nothing listens"

# A shutdown is announced once, in the user's words.
HUB_PORT=$plain_port
client_start watcher watcher
wait_for "$T/watcher.out" "connected to"
kill -TERM "$plain_pid"
wait_for "$T/watcher.err" "the hub is shutting down"
grep -q "shutting down.*shutting down" "$T/watcher.err" &&
    fail "the shutdown is announced twice over"
wait_for "$T/watcher.err" "connection lost: the hub closed the connection"
ok "a shutdown says 'the hub is shutting down' once"
exit 0
