#!/bin/bash
# SPDX-License-Identifier: ISC
# The wall clock set forward or back (an NTP step, an admin's date -s)
# must not drop every connection for a ping timeout nor starve the flood
# buckets: idle times, deadlines and rates run on a clock that never
# steps.  libfaketime moves the hub's wall clock only (not the monotonic
# one) while it runs.
. "$top_srcdir/tests/lib.sh"
FT=
for f in /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1; do
	[ -r "$f" ] && FT=$f && break
done
[ -n "$FT" ] || exit 77
# valgrind and AddressSanitizer want to come first: this test is about
# the clock, which neither would check.
[ -n "$VG" ] && exit 77
ldd "$CHATROOM" 2>/dev/null | grep -q libasan && exit 77

echo "+0" >"$T/offset"
export LD_PRELOAD=$FT FAKETIME_TIMESTAMP_FILE=$T/offset FAKETIME_NO_CACHE=1
export FAKETIME_DONT_FAKE_MONOTONIC=1
start_hub --ping-timeout 8 --handshake-timeout 4 --flood-burst 3 \
    --flood-rate 1
unset LD_PRELOAD
raw_open amy
raw_send amy '{"type":"hello","version":1,"nick":"amy"}'
raw_expect amy '"type":"history_end"'

# Two hours forward: amy said something a moment ago, so she stays
# through the keepalive checks (every 2 s) that follow.
echo "+2h" >"$T/offset"
sleep 5
raw_send amy '{"type":"msg","seq":2,"room":"lobby","text":"still here"}'
raw_expect amy '"type":"ack","seq":2' 10
grep -q "Ping timeout: [0-9]* seconds" "$HUB_LOG" && fail "dropped when the clock went forward"
ok "the clock set two hours forward drops no one"

# Two hours back: her flood bucket still refills.
echo "-2h" >"$T/offset"
sleep 4
for s in 3 4 5; do
	raw_send amy "{\"type\":\"msg\",\"seq\":$s,\"room\":\"lobby\",\"text\":\"after $s\"}"
	raw_expect amy "\"type\":\"ack\",\"seq\":$s" 10
done
ok "the clock set two hours back leaves the flood bucket filling"
stop_hub TERM
