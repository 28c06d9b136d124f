#!/bin/bash
# SPDX-License-Identifier: ISC
# --check with --cluster: a Redis host that is not found, or an address
# where nothing answers, is warned about (a start would serve its own
# users only), and the check still passes, as a start runs; a Redis that
# answers is not warned about; a hub started so logs why.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

check() {
	$VG "$CHATROOM" --serve --insecure --listen "127.0.0.1:$(pick_port)" \
	    --history "$T/history.json" --cluster "$1" --check \
	    >"$T/check.out" 2>"$T/check.err"
	CHECK_RC=$?
}

check "$CLUSTER"
[ "$CHECK_RC" -eq 0 ] || fail "check with Redis up: rc $CHECK_RC"
grep -q "configuration OK" "$T/check.out" || fail "not OK: $(cat "$T/check.out")"
grep -q warning "$T/check.err" && fail "Redis up warned: $(cat "$T/check.err")"
ok "--check with a Redis that answers: OK, no warning"

nothing=$(pick_port)
check "redis://127.0.0.1:$nothing/0"
[ "$CHECK_RC" -eq 0 ] || fail "check with nothing listening: rc $CHECK_RC"
grep -q "configuration OK" "$T/check.out" || fail "not OK: $(cat "$T/check.out")"
grep -qF -- "warning: --cluster: nothing answers on 127.0.0.1 port $nothing" \
    "$T/check.err" || fail "no warning: $(cat "$T/check.err")"
ok "--check warns when nothing answers at the --cluster address"

check "redis://nosuchhost.invalid:6379/0"
[ "$CHECK_RC" -eq 0 ] || fail "check with an unknown host: rc $CHECK_RC"
grep -qF -- "warning: --cluster: the Redis host nosuchhost.invalid is not found" \
    "$T/check.err" || fail "no warning: $(cat "$T/check.err")"
ok "--check warns when the --cluster host is not found"

# A hub started with that address says why in its log: the host is not
# found, not only that no connection could be opened.
start_hub --cluster "redis://nosuchhost.invalid:6379/0"
wait_for "$HUB_LOG" "lost Redis at redis://nosuchhost.invalid:6379/0 ("
grep "lost Redis at" "$HUB_LOG" | grep -q "cannot open a connection" &&
    fail "the log does not say why: $(grep 'lost Redis' "$HUB_LOG")"
ok "the hub's log says why it cannot reach a Redis host not found"
