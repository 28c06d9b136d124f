#!/bin/bash
# SPDX-License-Identifier: ISC
# The first /oper after a start hashes the operator password (scrypt,
# tens of milliseconds) for the history file: on the password worker, as
# nick passwords are, not on the event loop, where it stalled every
# connection.  The operator still gets the hash, so a restart keeps them.
# gdb shows which thread hashes; without gdb (or under valgrind) only the
# restart is checked.
. "$top_srcdir/tests/lib.sh"

printf 's3cret\n' >"$T/admin.pw"
start_hub --admin-password-file "$T/admin.pw"
client_start op boss
wait_for "$T/op.out" "you joined #lobby"

GDB=
if [ -z "$VG" ] && command -v gdb >/dev/null; then
	gdb -q -batch -iex "set debuginfod enabled off" -p "$HUB_PID" \
	    -ex "set pagination off" \
	    -ex "break claim_pass_hash" -ex "continue" -ex "thread" \
	    -ex "detach" >"$T/gdb.out" 2>&1 &
	GDB=$!
	PIDS="$PIDS $GDB"
	wait_until 20 grep -q "^Breakpoint 1 at" "$T/gdb.out" || GDB=
fi
client_say op "/oper s3cret"
if [ -n "$GDB" ]; then
	wait_until 20 grep -q "Current thread is" "$T/gdb.out" ||
	    fail "gdb did not stop in claim_pass_hash: $(cat "$T/gdb.out")"
	grep -q "Current thread is 1 " "$T/gdb.out" &&
	    fail "the operator password was hashed on the event loop: $(
	    grep "Current thread" "$T/gdb.out")"
	wait "$GDB"
	ok "the operator password is hashed off the event loop"
else
	echo "no gdb (or valgrind): which thread hashes is not checked"
fi
wait_for "$T/op.out" "you are now a hub operator"
# The hash reached the session, so the history file keeps the operator.
wait_until 20 grep -q '"oper":"scrypt\$' "$T/history.json" ||
    fail "the operator's hash was not saved: $(cat "$T/history.json")"
client_stop op
stop_hub TERM
start_hub --admin-password-file "$T/admin.pw"
grep -q "boss: no longer an operator" "$HUB_LOG" &&
    fail "the restart dropped the operator"
ok "the operator made while the hash was made keeps the status at a restart"
stop_hub TERM
