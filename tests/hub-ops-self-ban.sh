#!/bin/bash
# SPDX-License-Identifier: ISC
# An operator who bans their own nick, or an address or a range that
# covers the address they are connected from, could never come back to
# lift the ban: the hub refuses it, as IRC servers refuse a K-line that
# matches the one who sets it, unless the operator says -force.  IRC's
# KLINE, which is the same ban, is refused the same way.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_oper_pair start_irc_hub

# Everyone here connects from 127.0.0.1.
client_say alice "/ban Alice typo" "/ban 127.0.0.1" "/ban ::ffff:127.0.0.1" \
    "/ban 127.9.9.9/8 oops"
four_refused() {
	[ "$(count_in "$T/alice.err" "bans all the same")" -eq 4 ]
}
wait_until 10 four_refused || fail "not four refusals"
grep -q "alice is your own nick" "$T/alice.err" || fail "no own nick error"
[ "$(count_in "$T/alice.err" "a ban on 127.0.0.1 covers your own address")" \
    -eq 2 ] || fail "no own address error"
grep -q "a ban on 127.0.0.0/8 covers your own address" "$T/alice.err" ||
    fail "no own range error"
client_say alice "/bans"
wait_for "$T/alice.out" "there are no bans"
raw_open new
raw_send new '{"type":"hello","version":1,"nick":"newcomer"}'
raw_expect new '"type":"welcome"'
kill -0 "${CLIENT_PID[bob]}" || fail "bob was removed by a refused ban"
ok "an operator's own nick, address or range is refused"

irc_open o
irc_register o olga
irc_send o "OPER olga s3cret"
irc_wait o " 381 olga :"
irc_send o "KLINE 127.0.0.0/24 :all of us"
irc_wait o "a ban on 127.0.0.0/24 covers your own address, 127.0.0.1"
irc_send o "KLINE 127.0.0.2 :someone else"
irc_wait o "NOTICE olga :banned: 127.0.0.2"
client_say alice "/bans"
wait_for "$T/alice.out" "ip 127.0.0.2 (permanent) by olga"
grep -q "127.0.0.0/24 (permanent)" "$T/alice.out" &&
    fail "the K-line on the operator's own range was set"
ok "KLINE is refused on the operator's own address too"

client_say alice "/ban -force"
wait_for "$T/alice.err" "-force needs a nick or an address"
client_say alice "/ban -force 127.9.9.9/8 2h everyone"
wait_for "$T/bob.err" "you were banned by alice until"
grep -q "): everyone$" "$T/bob.err" || fail "bob's ban: $(cat "$T/bob.err")"
wait_until 10 bash -c "! kill -0 ${CLIENT_PID[bob]}" ||
    fail "bob, in the range, is still connected"
client_say alice "/bans"
wait_for "$T/alice.out" "ip 127.0.0.0/8 until"
grep -q "by alice: everyone" "$T/alice.out" || fail "reason or operator lost"
raw_open late
raw_expect late '"banned"'
raw_closed late || fail "a connection from the range was kept"
client_say alice "/ban -force alice" "/bans"
wait_for "$T/alice.out" "nick alice (permanent) by alice"
ok "-force bans them all the same"
exit 0
