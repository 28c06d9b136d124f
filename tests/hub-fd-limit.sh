#!/bin/bash
# SPDX-License-Identifier: ISC
# A hub whose open-files limit (ulimit -n) is below what --max-clients
# needs says so at start, and takes connections only up to 32 short of
# the limit, which it keeps for its own files: a flood of idle
# connections is told the hub is full and the history is still saved.
# --check warns the same.
. "$top_srcdir/tests/lib.sh"

# Soft and hard: the hub cannot raise it.  Under valgrind, which keeps
# descriptors of its own (the hub sees a lower limit), it is higher.
lim=80
[ -n "${VG:-}" ] && lim=120
ulimit -n "$lim" || fail "cannot lower the open-files limit"

# --check says it too, as a start would, and the configuration is still
# good.
timeout 30 "$CHATROOM" --serve --check --insecure \
    --history "$T/check/history.json" >"$T/check.out" 2>&1 ||
    fail "--check: $(cat "$T/check.out")"
grep -q "max-clients 19000 needs 19032 open files, but the limit is $lim" \
    "$T/check.out" || fail "--check does not warn: $(cat "$T/check.out")"
grep -q "configuration OK" "$T/check.out" || fail "--check: $(cat "$T/check.out")"
ok "--check warns that --max-clients is above ulimit -n"
start_hub --max-clients-per-ip 500 --flush-interval 1
wait_until 10 grep -q "max-clients 19000 needs 19032 open files, but the limit is" \
    "$HUB_LOG" || fail "no warning at start: $(grep -i 'limit' "$HUB_LOG")"
seen=$(sed -n 's/.*but the limit is \([0-9]*\) .*/\1/p' "$HUB_LOG")
[ -z "${VG:-}" ] && [ "$seen" != "$lim" ] && fail "the limit is not $lim: $seen"
grep -q "at most $((seen - 32)) connections will be accepted" "$HUB_LOG" ||
    fail "not 32 short: $(grep 'at most' "$HUB_LOG")"
ok "the hub warns at start that --max-clients is above ulimit -n"

cap=$((seen - 32))
raw_login a alice
for i in $(seq 2 $((cap + 1))); do
	raw_open "c$i"
done
raw_expect "c$((cap + 1))" '"code":"hub_full"'
raw_send a '{"type":"msg","room":"lobby","text":"still saved","seq":1}'
raw_expect a '"type":"ack","seq":1'
ok "connections stop 32 descriptors short of the limit"

stop_hub
grep -q "history saved to .* at shutdown" "$HUB_LOG" ||
    fail "history not saved: $(grep -i 'history\|open files' "$HUB_LOG")"
grep -q "Too many open files" "$HUB_LOG" &&
    fail "the hub ran out of descriptors: $(grep 'open files' "$HUB_LOG")"
grep -q "still saved" "$T"/history.json* ||
    fail "the message is not in the history file"
ok "the history is saved with the connections at their limit"
exit 0
