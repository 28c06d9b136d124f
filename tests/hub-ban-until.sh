#!/bin/bash
# SPDX-License-Identifier: ISC
# A user refused for a ban is told until when it runs (in UTC, the hub
# knowing no time zone), at login, at /nick and for an address; a ban
# for good says no time.
. "$top_srcdir/tests/lib.sh"

start_oper_pair start_hub
wait_for "$T/alice.out" "you joined #lobby"

# Both ends of the minute the ban can end in: it is set now plus 2h.
until_re() {
	local now=$1 a b
	a=$(date -u -d "@$((now / 1000 + 7200))" '+%Y-%m-%d %H:%M')
	b=$(date -u -d "@$((now / 1000 + 7260))" '+%Y-%m-%d %H:%M')
	echo "until ($a|$b) UTC"
}

t0=$(now_ms)
client_say alice "/ban zed 2h flooding" "/ban 127.0.0.9 2h" "/ban kim"
wait_for "$T/alice.out" "zed is banned for 2h"
wait_for "$T/alice.out" "127.0.0.9 is banned for 2h"
wait_for "$T/alice.out" "kim is banned"
re=$(until_re "$t0")

run_batch zed zed "x"
[ "$BATCH_RC" -ne 0 ] || fail "zed was let in"
grep -qE "the nick zed is banned $re: flooding" "$T/zed.err" ||
    fail "zed was told: $(cat "$T/zed.err")"
ok "a nick banned for a time is told until when, and why"

run_batch kim kim "x"
[ "$BATCH_RC" -ne 0 ] || fail "kim was let in"
grep -q "the nick kim is banned: no reason given\$" "$T/kim.err" ||
    fail "kim was told: $(cat "$T/kim.err")"
ok "a ban for good says no time"

client_say bob "/nick zed"
wait_for "$T/bob.err" "the nick zed is banned until"
grep -qE "the nick zed is banned $re: flooding" "$T/bob.err" ||
    fail "bob was told: $(cat "$T/bob.err")"
ok "/nick to a nick banned for a time says until when"

# The hub answers a banned address at once, and closes.
timeout 30 socat -u "TCP:127.0.0.1:$HUB_PORT,bind=127.0.0.9" - \
    >"$T/addr.raw" 2>/dev/null
grep -qE "your address is banned $re" "$T/addr.raw" ||
    fail "the address was told: $(cat "$T/addr.raw")"
ok "an address banned for a time is told until when"
client_stop alice
client_stop bob
stop_hub TERM
exit 0
