#!/bin/bash
# SPDX-License-Identifier: ISC
# A hub where people talk saves its history every flush interval, but
# does not log each save: the first, then at most a line a minute, and
# the save at shutdown.
. "$top_srcdir/tests/lib.sh"

start_hub --flush-interval 1
raw_open w
raw_send w '{"type":"hello","version":1,"nick":"writer"}'
raw_expect w '"type":"history_end"'
wait_for "$HUB_LOG" "history saved to" 20
# Talk for a few seconds: a save each second.
for i in 1 2 3 4 5 6 7 8 9 10; do
	raw_send w "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"m$i\",\"seq\":$i}"
	raw_expect w "\"type\":\"ack\",\"seq\":$i"
	sleep 0.4
done
wait_saved m10
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
saves=$(sed -n 's/.*final stats: .* \([0-9]*\) saves .*/\1/p' "$HUB_LOG")
[ "${saves:-0}" -ge 3 ] || fail "only ${saves:-0} saves: nothing to tell"
n=$(grep -c "info: history saved to $T/history.json\$" "$HUB_LOG")
[ "$n" = 1 ] || fail "$n lines for $saves saves in a few seconds"
grep -q "info: history saved to $T/history.json .*shutdown" "$HUB_LOG" ||
    fail "the save at shutdown was not logged"
ok "$saves saves, logged once and at shutdown"
