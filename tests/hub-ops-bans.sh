#!/bin/bash
# SPDX-License-Identifier: ISC
# An operator bans an address range, as an IRC server's K-line or
# G-line on 192.0.2.0/24 does: /ban ADDRESS/BITS bans every address in
# it, removes the users it covers, refuses new connections from it,
# outlasts a restart and is lifted by /unban.  A range that is not valid
# is refused, never taken as a nick.
. "$top_srcdir/tests/lib.sh"

start_oper_pair start_hub

client_say alice "/ban 10.0.0.0/33 typo"
wait_for "$T/alice.err" "bad address range: 10.0.0.0/33"
client_say alice "/ban 2001:db8::/0 typo"
wait_for "$T/alice.err" "bad address range: 2001:db8::/0"
# An IRC mask is neither a nick nor an address: the error says both.
client_say alice "/ban bob!*@*"
wait_for "$T/alice.err" "bob!*@* is neither a nick nor an address"
client_say alice "/bans"
wait_for "$T/alice.out" "there are no bans"
ok "a bad range is refused, not banned as a nick"

# Spelled with host bits set: the range is 127.0.0.0/8 all the same.
# It holds alice's own address too, hence -force (hub-ops-self-ban.sh).
client_say alice "/ban -force 127.1.2.3/8 loopback spam"
wait_for "$T/bob.err" "you were banned by alice for good: loopback spam"
wait_until 10 bash -c "! kill -0 ${CLIENT_PID[bob]}" ||
    fail "bob, in the range, is still connected"
client_say alice "/bans"
wait_for "$T/alice.out" "ip 127.0.0.0/8 (permanent) by alice: loopback spam"
raw_open late
raw_expect late '"banned"'
raw_closed late || fail "a connection from the range was kept"
ok "a range ban removes the users it covers and refuses new ones"

client_say alice "/ban -force 127.0.0.0/8 again"
client_say alice "/bans"
wait_for "$T/alice.out" "by alice: again"
[ "$(grep -c '127.0.0.0/8 (permanent)' "$T/alice.out")" -le 2 ] ||
    fail "the same range listed twice"

client_say alice "/ban 192.0.2.0/24 elsewhere" "/unban 192.0.2.9/24"
wait_for "$T/alice.out" "192.0.2.0/24 is no longer banned"
grep -q "127.1.2.3" "$T/alice.out" && fail "a range shown as typed"
ok "/unban lifts a range, however it is spelled"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
grep -q '"target":"127.0.0.0/8"' "$T/history.json" ||
    fail "range ban not saved"
start_hub --admin-password-file "$T/admin.pw"
raw_open again
raw_expect again '"banned"'
raw_closed again || fail "the range ban did not outlast a restart"
ok "a range ban is saved and outlasts a restart"
