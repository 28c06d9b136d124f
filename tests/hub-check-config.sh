#!/bin/bash
# SPDX-License-Identifier: ISC
# Listening ports out of range or empty (LISTEN, IRC_LISTEN, --listen,
# --irc-listen, METRICS), a cluster address or IRC_AUTOJOIN room that
# cannot work, and file names that are empty are refused before a start,
# by the start and by --check alike (exit 2), with the file, line and
# key they came from, or the option.  A file that cannot be read names
# its key too.  getaddrinfo used to wrap a port to 16 bits (95466 became
# 29930) and take an empty one as a random port.
. "$top_srcdir/tests/lib.sh"

C="$T/hub.conf"

# conf LINES...: the config file, a comment first so that lines count.
conf() {
	{
		echo "# hub-check-config"
		printf '%s\n' "$@"
	} >"$C"
}

# check OPTIONS: --serve --check; sets RC, output in $T/check.out.
check() {
	timeout 30 "$CHATROOM" --serve --check --insecure \
	    --history "$T/state/history.json" "$@" >"$T/check.out" 2>&1
	RC=$?
}

# start_refused WHAT STATUS TEXT OPTIONS: a start with the config file
# exits STATUS, saying TEXT; its output is in $T/start.out.
start_refused() {
	local what=$1 status=$2 text=$3 rc
	shift 3
	timeout 30 "$CHATROOM" --serve --insecure --config "$C" "$@" \
	    >"$T/start.out" 2>&1
	rc=$?
	[ "$rc" = "$status" ] || fail "$what: exit $rc: $(cat "$T/start.out")"
	grep -qF -- "$text" "$T/start.out" ||
		fail "$what: $(cat "$T/start.out")"
}

# refused STATUS TEXT OPTIONS: --check exits STATUS, saying TEXT.
refused() {
	local status=$1 text=$2
	shift 2
	check "$@"
	[ "$RC" = "$status" ] ||
		fail "exit $RC, not $status, for $*: $(cat "$T/check.out")"
	grep -qF -- "$text" "$T/check.out" ||
		fail "not '$text' for $*: $(cat "$T/check.out")"
	! grep -q "configuration OK" "$T/check.out" || fail "OK for $*"
}

range="(expected an integer from 1 to 65535)"
conf "LISTEN=127.0.0.1:95466"
refused 2 "$C:2: LISTEN: invalid port '95466' in '127.0.0.1:95466' $range" \
    --config "$C"
conf "LISTEN="
refused 2 "$C:2: LISTEN: invalid port '' in ''" --config "$C"
conf "IRC_LISTEN=127.0.0.1" "IRC_LISTEN=:99999"
refused 2 "$C:3: IRC_LISTEN: invalid port '99999' in ':99999'" --config "$C"
conf "IRC_LISTEN=[::1]:"
refused 2 "$C:2: IRC_LISTEN: invalid port '' in '[::1]:'" --config "$C"
refused 2 "--listen: invalid port '95466' in '127.0.0.1:95466' $range" \
    --listen 127.0.0.1:95466
refused 2 "--listen: invalid port '' in '127.0.0.1:'" --listen 127.0.0.1:
refused 2 "--irc-listen: invalid port '95467'" --irc-listen 127.0.0.1:95467
ok "a listening port out of range or empty is refused, with where it came from"

# The start refuses them too, before it listens anywhere.
port=$(pick_port)
conf "LISTEN=127.0.0.1:$(( port + 65536 ))"
start_refused start 2 "$C:2: LISTEN: invalid port '$(( port + 65536 ))'" \
    --history "$T/state/history.json"
! grep -q "listening on" "$T/start.out" || fail "the start listened"
ok "a start refuses a port out of range"

conf "METRICS=foo"
refused 2 "$C:2: METRICS: invalid port 'foo' in 'foo'" --config "$C"
conf "CLUSTER=http://x"
refused 2 "$C:2: CLUSTER: http://x: the cluster address is redis://" \
    --config "$C"
conf "IRC_AUTOJOIN=lobby,bad room"
refused 2 "$C:2: IRC_AUTOJOIN: bad room 'bad room': " --config "$C"
ok "--check refuses METRICS, CLUSTER and IRC_AUTOJOIN a start cannot use"

conf "MOTD_FILE=$T/nonexistent"
refused 1 "$C:2: MOTD_FILE: $T/nonexistent: No such file or directory" \
    --config "$C"
refused 1 "--motd-file: $T/nonexistent: No such file" \
    --motd-file "$T/nonexistent"
conf "ADMIN_PASSWORD_FILE="
refused 2 "$C:2: ADMIN_PASSWORD_FILE: empty value (expected a file)" \
    --config "$C"
# A log or history a start could not write is caught by --check, and
# the start names its key too (it used to give the path alone).
conf "LOG_FILE=$T/nonexistent/hub.log"
refused 1 "$C:2: LOG_FILE: $T/nonexistent/hub.log: No such file or directory" \
    --config "$C"
refused 1 "--log-file: $T/nonexistent/hub.log: No such file or directory" \
    --log-file "$T/nonexistent/hub.log"
start_refused "log start" 1 \
    "$C:2: LOG_FILE: $T/nonexistent/hub.log: No such file or directory" \
    --listen "127.0.0.1:$(pick_port)" --history "$T/state/history.json"
: >"$T/plain"
conf "HISTORY=$T/plain/data/history.json"
timeout 30 "$CHATROOM" --serve --check --insecure --config "$C" \
    >"$T/check.out" 2>&1
[ "$?" = 1 ] || fail "history under a file: $(cat "$T/check.out")"
grep -qF "$C:2: HISTORY: $T/plain/data/history.json: $T/plain/data: Not a directory" \
    "$T/check.out" || fail "history under a file: $(cat "$T/check.out")"
conf "LOG_FILE=$T/new.log"
check --config "$C"
[ "$RC" = 0 ] || fail "a new log file: exit $RC: $(cat "$T/check.out")"
[ ! -e "$T/new.log" ] || fail "--check made the log file"
ok "a log file or history directory a start cannot write fails --check"

# Passwords longer than clients take: one limit, at --check and start.
head -c 300 /dev/zero | tr '\0' p >"$T/long.pw"
conf "PASSWORD_FILE=$T/long.pw"
refused 1 "$C:2: PASSWORD_FILE: $T/long.pw: password longer than 256 bytes" \
    --config "$C"
refused 1 "--admin-password-file: $T/long.pw: password longer than 256 bytes" \
    --admin-password-file "$T/long.pw"
start_refused "long password start" 1 \
    "$C:2: PASSWORD_FILE: $T/long.pw: password longer than 256 bytes" \
    --listen "127.0.0.1:$(pick_port)" --history "$T/state/history.json"
head -c 256 /dev/zero | tr '\0' p >"$T/long.pw"
check --config "$C"
[ "$RC" = 0 ] || fail "a 256-byte password: exit $RC: $(cat "$T/check.out")"
conf "LISTEN=nohost.invalid:7777"
refused 1 "$C:2: LISTEN: nohost.invalid:7777: " --config "$C"
! grep -q -- "--listen" "$T/check.out" || fail "--listen named for LISTEN"
ok "a file or address that fails names its key, file and line"

# What stays valid: a host alone for IRC, a port alone, an empty room in
# the list, port 0 (any free port) for a listener.
echo pw >"$T/admin.pw"
conf "IRC_LISTEN=127.0.0.1" "IRC_LISTEN=[::1]" "METRICS=9100" \
    "IRC_AUTOJOIN=#lobby,,ops" "ADMIN_PASSWORD_FILE=$T/admin.pw" \
    "LISTEN=127.0.0.1:0"
check --config "$C"
[ "$RC" = 0 ] || fail "a good configuration: exit $RC: $(cat "$T/check.out")"
grep -q "configuration OK" "$T/check.out" || fail "$(cat "$T/check.out")"
ok "good addresses, rooms and files pass"

# A key set twice: the later line wins, and a warning says so (a line
# forgotten above); IRC_LISTEN, a list, adds and says nothing.
conf "PING_TIMEOUT=60" "IRC_LISTEN=127.0.0.1:0" "ping-timeout = 45" \
    "IRC_LISTEN=[::1]:0"
check --config "$C"
[ "$RC" = 0 ] || fail "a key set twice refused: $(cat "$T/check.out")"
grep -q "warning: $C:4: PING_TIMEOUT was set on line 2 already; the later line wins" \
    "$T/check.out" || fail "no warning for a key set twice: $(cat "$T/check.out")"
grep -q "IRC_LISTEN was set" "$T/check.out" && fail "a warning for a list"
ok "a key set twice is warned of"
