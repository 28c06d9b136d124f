#!/bin/bash
# SPDX-License-Identifier: ISC
# Over TLS, a connection the hub turns away before the login (the hub is
# full, too many connections from one address, a banned address) is told
# why: the hub finishes the handshake, then sends its error and closes,
# instead of closing inside the handshake, where the client saw only that
# "the hub closed the connection" after its 5 s wait.  The client shows
# the refusal in its user's language.
. "$top_srcdir/tests/lib.sh"

INSECURE=
printf 'op-pw\n' >"$T/admin.pw"
start_hub --max-clients-per-ip 2 --admin-password-file "$T/admin.pw"
fp=$(tls_served)
[ -n "$fp" ] || fail "no fingerprint"
wait_until 20 eval '[ "$(count_in "$HUB_LOG" "disconnected")" -ge 1 ]' ||
    fail "the fingerprint's connection stayed"
client_start kim kim --trust "$fp"
wait_for "$T/kim.out" "you joined #lobby"
client_start lou lou --trust "$fp"
wait_for "$T/lou.out" "you joined #lobby"

BATCH_OPTS="--trust $fp" run_batch fred fred "hello"
[ "$BATCH_RC" -eq 1 ] || fail "fred's client exited $BATCH_RC"
grep -qxF "chatroom: too many connections from your address" "$T/fred.err" ||
    fail "fred was not told why: $(cat "$T/fred.err")"
grep -q "closed the connection" "$T/fred.err" &&
    fail "fred was told the hub closed the connection: $(cat "$T/fred.err")"
ok "TLS: too many connections from one address is told"

if LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)"; then
	LANGUAGE=fr BATCH_OPTS="--trust $fp" run_batch frfred fred "hello"
	grep -qxF "chatroom: trop de connexions depuis votre adresse" \
	    "$T/frfred.err" || fail "French: $(cat "$T/frfred.err")"
	ok "TLS: told in French"
fi

# A banned address: the operator bans 127.0.0.1, its own too (-force).
client_say kim "/oper op-pw"
wait_for "$T/kim.out" "you are now a hub operator"
client_say kim "/ban -force 127.0.0.1 go away"
wait_until 20 eval '[ "$(grep -c "ban.*127\.0\.0\.1" "$HUB_LOG")" -ge 1 ]' ||
    fail "no ban logged"
client_stop lou
client_stop kim
BATCH_OPTS="--trust $fp" run_batch ban fred "hello"
grep -q "banned" "$T/ban.err" ||
    fail "the banned address was not told: $(cat "$T/ban.err")"
grep -q "closed the connection" "$T/ban.err" &&
    fail "the banned address was told the hub closed the connection"
ok "TLS: a banned address is told"

# The hub is full.
stop_hub
mv "$T/history.json" "$T/banned.json"	# a hub without the ban
start_hub --max-clients 1
client_start ann ann --trust "$fp"
wait_for "$T/ann.out" "you joined #lobby"
BATCH_OPTS="--trust $fp" run_batch full fred "hello"
grep -qxF "chatroom: the hub is full" "$T/full.err" ||
    fail "the hub being full was not told: $(cat "$T/full.err")"
ok "TLS: the hub being full is told"
