#!/bin/bash
# SPDX-License-Identifier: ISC
# A user refused for a ban is told until when it runs, at login, at /nick
# and for an address; a ban for good says no time.  The hub, knowing no
# time zone, says the end in UTC and in ms beside; the client says it in
# local time with what is left, as the operator's notice does, and as the
# others who see the user banned read it (the operator, whose notice
# said it, not twice).
. "$top_srcdir/tests/lib.sh"
# Local time is not UTC here, so that the two cannot be mixed up.
export TZ=KST-9

start_oper_pair start_hub
wait_for "$T/alice.out" "you joined #lobby"

# Both ends of the minute the ban can end in: it is set now plus 2h.
until_re() {
	local now=$1 a b
	a=$(date -u -d "@$((now / 1000 + 7200))" '+%Y-%m-%d %H:%M')
	b=$(date -u -d "@$((now / 1000 + 7260))" '+%Y-%m-%d %H:%M')
	echo "until ($a|$b) UTC"
}

# The same in local time as the client says it (the date on another day).
local_re() {
	echo "until $(local_end_re "$1" 7200) \\(in (1h 59m|2h)\\)"
}

t0=$(now_ms)
client_say alice "/ban zed 2h flooding" "/ban 127.0.0.9 2h" "/ban kim"
wait_for "$T/alice.out" "zed is banned until"
wait_for "$T/alice.out" "127.0.0.9 is banned until"
wait_for "$T/alice.out" "kim is banned"
re=$(until_re "$t0")
lre=$(local_re "$t0")
grep -qE "zed is banned $lre \(reason: flooding\)$" "$T/alice.out" ||
    fail "the operator was told: $(grep "zed is" "$T/alice.out")"
grep -q "127.0.0.9 is banned until .*reason" "$T/alice.out" &&
    fail "a reason for a ban without one: $(grep "127.0.0.9" "$T/alice.out")"
ok "the operator is told a ban's end in local time, what is left, and why"

# The others who share a room with a user banned see its end too, in
# local time as the user does, or "for good", and the reason.
client_start gus gus
client_start hal hal
client_start ivy ivy
wait_for "$T/bob.out" "ivy joined #lobby"
wait_for "$T/bob.out" "hal joined #lobby"
wait_for "$T/bob.out" "gus joined #lobby"
t1=$(now_ms)
client_say alice "/ban gus 2h flooding" "/ban hal 0 spam" "/ban ivy"
wait_for "$T/bob.out" "ivy was banned by alice"
wait_for "$T/bob.out" "hal was banned by alice"
wait_for "$T/bob.out" "gus was banned by alice"
grep -qE "gus was banned by alice $(local_re "$t1"): flooding$" \
    "$T/bob.out" || fail "bob read: $(grep "gus was" "$T/bob.out")"
grep -q "hal was banned by alice for good: spam\$" "$T/bob.out" ||
    fail "bob read: $(grep "hal was" "$T/bob.out")"
grep -q "ivy was banned by alice for good\$" "$T/bob.out" ||
    fail "bob read: $(grep "ivy was" "$T/bob.out")"
# The operator's notice said it in the room it is in: not again there.
client_say alice "after the bans"
wait_for "$T/alice.out" "<alice> after the bans"
for n in gus hal ivy; do
	grep -q "$n is banned" "$T/alice.out" || fail "alice: no notice for $n"
	grep -q "$n was banned by alice" "$T/alice.out" &&
	    fail "alice read her ban of $n twice: $(grep "$n " "$T/alice.out")"
done
wait_for "$T/gus.err" "you were banned by alice"
grep -qE "you were banned by alice $(local_re "$t1"): flooding$" \
    "$T/gus.err" || fail "gus read: $(cat "$T/gus.err")"
ok "others see a ban's end in local time, or for good, and its reason"

run_batch zed zed "x"
[ "$BATCH_RC" -ne 0 ] || fail "zed was let in"
grep -qE "the nick zed is banned $lre: flooding" "$T/zed.err" ||
    fail "zed was told: $(cat "$T/zed.err")"
ok "a nick banned for a time is told until when, and why"

run_batch kim kim "x"
[ "$BATCH_RC" -ne 0 ] || fail "kim was let in"
grep -q "the nick kim is banned: no reason given\$" "$T/kim.err" ||
    fail "kim was told: $(cat "$T/kim.err")"
ok "a ban for good says no time"

client_say bob "/nick zed"
wait_for "$T/bob.err" "the nick zed is banned until"
grep -qE "the nick zed is banned $lre: flooding" "$T/bob.err" ||
    fail "bob was told: $(cat "$T/bob.err")"
ok "/nick to a nick banned for a time says until when"

# The hub answers a banned address at once, and closes.
timeout 30 socat -u "TCP:127.0.0.1:$HUB_PORT,bind=127.0.0.9" - \
    >"$T/addr.raw" 2>/dev/null
grep -qE "your address is banned $re" "$T/addr.raw" ||
    fail "the address was told: $(cat "$T/addr.raw")"
grep -qE '"until":[0-9]{13}' "$T/addr.raw" ||
    fail "no end in ms beside: $(cat "$T/addr.raw")"
ok "an address banned for a time is told until when"
client_stop alice
client_stop bob
stop_hub TERM
exit 0
