#!/bin/bash
# SPDX-License-Identifier: ISC
# Under systemd, whose journal stamps each line itself, the hub's log
# lines on standard error carry a priority instead of a time stamp, so
# that "journalctl -u chatroom -p warning" shows the warnings.  systemd
# says so with JOURNAL_STREAM=DEVICE:INODE of standard error; anywhere
# else the lines keep their time stamps.
. "$top_srcdir/tests/lib.sh"

HUB_LOG=$T/hub.log
: >"$HUB_LOG"
JOURNAL_STREAM=$(stat -c '%d:%i' "$HUB_LOG") start_hub
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
grep -q '^<4>warning: --insecure' "$HUB_LOG" || fail "no <4> warning"
grep -q '^<6>info: .* hub ready' "$HUB_LOG" || fail "no <6> info"
grep -q '^[0-9]' "$HUB_LOG" && fail "a time stamp for the journal"
ok "for the journal: priorities, no time stamps"

HUB_NAME=elsewhere JOURNAL_STREAM=1:1 start_hub
stop_hub TERM
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} .* warning: --insecure' \
    "$T/elsewhere.log" || fail "no time stamp when not on the journal"
grep -q '^<' "$T/elsewhere.log" && fail "a priority when not on the journal"
ok "elsewhere: time stamps, no priorities"

# A hub that cannot start says why before its log is open, or beside a
# log file: under the journal at error priority, "journalctl -p err"
# shows it (unprefixed, the journal would file it at info); on a
# terminal, word for word as before.
: >"$T/start.err"
journal=$(stat -c '%d:%i' "$T/start.err")
start_fails() {
	JOURNAL_STREAM=$journal timeout 20 "$CHATROOM" --serve \
	    --listen "127.0.0.1:$(pick_port)" --history "$T/none.json" "$@" \
	    2>>"$T/start.err" && fail "the hub started with $*"
	timeout 20 "$CHATROOM" --serve --listen "127.0.0.1:$(pick_port)" \
	    --history "$T/none.json" "$@" 2>>"$T/tty.err" &&
	    fail "the hub started with $*"
	return 0
}
printf 'PING_TIMEOUT=30\nNO_SUCH_KEY=1\n' >"$T/bad.conf"
start_fails --ping-timeout 1
start_fails --insecure --log-file "$T/no/such/dir/hub.log"
start_fails --tls-cert "$T/missing.pem" --tls-key "$T/missing.key"
start_fails --insecure --config "$T/bad.conf"
start_fails --no-such-option
start_fails --ping-timeout
for what in "--ping-timeout: invalid value '1'" "$T/no/such/dir/hub.log: " \
    "missing.pem" "bad.conf:2: unknown key NO_SUCH_KEY" \
    "unrecognized option '--no-such-option'" \
    "option '--ping-timeout' requires an argument"; do
	grep -q "^<3>chatroom: .*$what" "$T/start.err" ||
	    fail "no <3> line for $what: $(cat "$T/start.err")"
	grep -q "^chatroom: .*$what" "$T/tty.err" ||
	    fail "not as before on a terminal: $what"
done
grep -v '^<[0-9]>' "$T/start.err" && fail "a line without a priority"
grep -q '^<' "$T/tty.err" && fail "a priority off the journal"
ok "start-up errors: <3> for the journal, unchanged elsewhere"
