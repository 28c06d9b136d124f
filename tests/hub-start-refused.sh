#!/bin/bash
# SPDX-License-Identifier: ISC
# A hub that cannot start (its address or its metrics' in use, a host
# that does not resolve) finds out before it makes a new journal: restarted again and
# again (systemd's Restart=on-failure), it leaves no journal behind each
# time.  It says why once, as an error, not also as a warning.
. "$top_srcdir/tests/lib.sh"

H2=$T/second/history.json

# A history of its own for the second hub, with its file and a journal.
HUB_HISTORY=$H2 start_hub
run_batch a alice "kept"
[ "$BATCH_RC" -eq 0 ] || fail "alice could not say anything"
stop_hub TERM
ls "$T/second" >"$T/files.before"

# A second hub started with OPTION... must refuse (exit 1) and leave
# the history's directory as it was: refused_start WHAT OPTION...; what
# it said is in $T/refused.out.
refused_start() {
	local what=$1 rc
	shift
	timeout 60 $VG "$CHATROOM" --serve $INSECURE "$@" \
	    >"$T/refused.out" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] || fail "a hub started with $what (exit $rc)"
	ls "$T/second" | cmp -s - "$T/files.before" ||
	    fail "$what changed the history's directory: $(ls "$T/second")"
}

start_hub
for try in 1 2 3; do
	refused_start "a port in use (start $try)" \
	    --listen "127.0.0.1:$HUB_PORT" --history "$H2"
done
[ "$(grep -c "cannot listen on 127.0.0.1:$HUB_PORT" "$T/refused.out")" -eq 1 ] ||
    fail "the error is not said once: $(cat "$T/refused.out")"
grep -q "^chatroom: cannot listen on 127.0.0.1:$HUB_PORT: Address already in use" \
    "$T/refused.out" || fail "no error: $(cat "$T/refused.out")"
grep -q "warning: cannot listen" "$T/refused.out" &&
    fail "the fatal error is also a warning: $(cat "$T/refused.out")"
ok "a port in use: no journal left, the error said once"

refused_start "a host that does not resolve" \
    --listen "nosuchhost.invalid:$HUB_PORT" --history "$H2"
grep -qF "nosuchhost.invalid:$HUB_PORT" "$T/refused.out" ||
    fail "the host is not named: $(cat "$T/refused.out")"
ok "a host that does not resolve: no journal left"

refused_start "its metrics port in use" \
    --listen "127.0.0.1:$(pick_port)" --history "$H2" \
    --metrics "127.0.0.1:$HUB_PORT"
grep -qF "cannot listen for metrics on 127.0.0.1:$HUB_PORT" "$T/refused.out" ||
    fail "the metrics address is not named: $(cat "$T/refused.out")"
ok "a metrics port in use: no journal left"

# With a log file, the error is there too, and once.
timeout 60 $VG "$CHATROOM" --serve $INSECURE \
    --listen "127.0.0.1:$HUB_PORT" --history "$H2" \
    --log-file "$T/refused-file.log" >"$T/refused.out" 2>&1
[ "$(grep -c "cannot listen on" "$T/refused-file.log")" -eq 1 ] ||
    fail "the log file: $(cat "$T/refused-file.log")"
ls "$T/second" | cmp -s - "$T/files.before" || fail "a journal was left"
ok "with a log file, the error is in it once"

# The hub that did start still works, and the second one starts later.
stop_hub TERM
HUB_HISTORY=$H2 start_hub
run_batch b bob "/last 5"
grep -qF "kept" "$T/b.out" || fail "the history was not kept: $(cat "$T/b.out")"
ok "the history is whole at the next start"
