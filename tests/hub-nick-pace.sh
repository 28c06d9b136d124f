#!/bin/bash
# SPDX-License-Identifier: ISC
# Nick changes have a pace of their own (walk 66): 5 in 20 seconds on a
# connection, then flood with the wait in its text, and 438 over IRC.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub
raw_open w
raw_send w '{"type":"hello","version":1,"nick":"watcher"}'
raw_expect w '"type":"welcome"'
raw_open a
raw_send a '{"type":"hello","version":1,"nick":"hop"}'
raw_expect a '"type":"welcome"'
for i in 1 2 3 4 5; do
	raw_send a "{\"type\":\"nick\",\"nick\":\"hop$i\",\"seq\":$i}"
	raw_expect a "\"seq\":$i"
	grep -qF '"type":"ack"' <<<"$RAW_LINE" || fail "change $i: $RAW_LINE"
done
raw_send a '{"type":"nick","nick":"hop6","seq":6}'
raw_expect a '"seq":6'
case $RAW_LINE in
*'"code":"flood"'*'nick changed 5 times in 20 seconds: the next in '*) ;;
*) fail "a sixth change: $RAW_LINE" ;;
esac
# The same nick again is no change, and the connection is still fine.
raw_send a '{"type":"nick","nick":"hop5","seq":7}'
raw_expect a '"seq":7'
grep -qF '"type":"ack"' <<<"$RAW_LINE" || fail "the same nick: $RAW_LINE"
raw_send a '{"type":"msg","room":"lobby","text":"still here","seq":8}'
raw_expect a '"type":"ack","seq":8'
raw_expect w '"nick":"hop5","text":"still here"'
ok "a sixth nick change in 20 seconds is refused with flood"

irc_open i
irc_register i ih
for i in 1 2 3 4 5; do
	irc_send i "NICK ih$i"
	irc_wait i " NICK :ih$i"
done
irc_send i "NICK ih6"
irc_wait i " 438 ih5 :Nick change too fast: nick changed 5 times in 20 seconds"
ok "over IRC, 438 Nick change too fast"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
