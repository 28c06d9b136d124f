#!/bin/bash
# SPDX-License-Identifier: ISC
# A long input to --batch goes at the hub's flood rate once its burst is
# spent: stderr says so once, with the rate and the time left, and every
# line still goes, in order.  A short input says nothing.
. "$top_srcdir/tests/lib.sh"

start_hub

lines=()
for i in $(seq 1 45); do
	lines+=("paced line $i")
done
run_batch long pacer "${lines[@]}"
[ "$BATCH_RC" -eq 0 ] || fail "--batch exited $BATCH_RC: $(cat "$T/long.err")"
n=$(grep -c "takes about" "$T/long.err")
[ "$n" -eq 1 ] || fail "the pace was told $n times: $(cat "$T/long.err")"
grep -qE '^chatroom: the hub takes about [0-9]+ lines? a second from this connection; [0-9]+ more will take about [0-9]+[ms]( [0-9]+s)?$' \
    "$T/long.err" || fail "unexpected pace notice: $(cat "$T/long.err")"
left=$(sed -n 's/.*; \([0-9]*\) more will.*/\1/p' "$T/long.err")
[ "$left" -ge 10 ] && [ "$left" -lt 45 ] ||
    fail "$left lines said to be left of 45"
rate=$(sed -n 's/.*takes about \([0-9]*\) line.*/\1/p' "$T/long.err")
[ "$rate" -ge 1 ] && [ "$rate" -le 20 ] ||
    fail "a rate of $rate lines a second (the hub allows 5 after its burst)"
# Every line went, once, in order.
grep -oE '<pacer> paced line [0-9]+$' "$T/long.out" |
    sed 's/.* //' >"$T/got"
seq 1 45 | cmp -s - "$T/got" || fail "lines lost or out of order: $(tr '\n' ' ' <"$T/got")"
ok "a paced input is told once ($(cat "$T/long.err")), and all of it goes"

run_batch short quick "one" "two" "three" "four" "five"
[ "$BATCH_RC" -eq 0 ] || fail "short --batch exited $BATCH_RC"
[ -s "$T/short.err" ] && fail "a short input wrote to stderr: $(cat "$T/short.err")"
ok "a short input says nothing"
