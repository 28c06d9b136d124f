#!/bin/bash
# SPDX-License-Identifier: ISC
# A user an operator kicks is told who and why when the client exits, not
# that the hub closed the connection, and the client does not reconnect
# to fight the operator: the terminal client and --batch both exit 1.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

printf 's3cret\n' >"$T/admin.pw"
start_hub --admin-password-file "$T/admin.pw"
client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"
client_say alice "/oper s3cret"
wait_for "$T/alice.out" "you are now a hub operator"

tui_start bob bob
tui_wait bob "you joined #lobby"
conns=$(count_in "$HUB_LOG" "connection from")
client_say alice "/kick bob spamming"
tui_wait bob "CLIENT EXITED rc=1"
grep -qxF "chatroom: you were kicked by alice (spamming)" "$T/bob.tui.err" ||
    fail "bob's exit message: $(cat "$T/bob.tui.err")"
grep -q "connection lost" "$T/bob.tui.err" &&
    fail "the kick is told as a lost connection"
[ "$(count_in "$HUB_LOG" "connection from")" -eq "$conns" ] ||
    fail "the kicked client connected again"
ok "the kicked terminal client exits 1 saying who kicked it and why"

# Without a reason there is nothing in parentheses; --batch says it last.
client_start carol carol
wait_for "$T/carol.out" "you joined #lobby"
client_say alice "/kick carol"
wait_until 10 bash -c "! kill -0 ${CLIENT_PID[carol]}" ||
    fail "the kicked batch client still runs"
client_stop carol
[ "$CLIENT_RC" -eq 1 ] || fail "the kicked batch client exited $CLIENT_RC"
[ "$(tail -n 1 "$T/carol.err")" = "chatroom: you were kicked by alice" ] ||
    fail "carol's last words: $(tail -n 1 "$T/carol.err")"
grep -q "connection lost" "$T/carol.err" &&
    fail "--batch tells the kick as a lost connection"
ok "a kicked --batch client exits 1 saying who kicked it"
client_stop alice
exit 0
