#!/bin/bash
# SPDX-License-Identifier: ISC
# Topic changes have a pace of their own, as nick changes do: 5 in 20
# seconds on a connection, then flood with the wait in its text, and 263
# (RPL_TRYAGAIN) for TOPIC over IRC.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub
raw_open w
raw_send w '{"type":"hello","version":1,"nick":"watcher"}'
raw_expect w '"type":"welcome"'
raw_open a
raw_send a '{"type":"hello","version":1,"nick":"setter"}'
raw_expect a '"type":"welcome"'
for i in 1 2 3 4 5; do
	raw_send a "{\"type\":\"topic\",\"room\":\"lobby\",\"text\":\"t$i\",\"seq\":$i}"
	raw_expect a "\"seq\":$i"
	grep -qF '"type":"ack"' <<<"$RAW_LINE" || fail "change $i: $RAW_LINE"
done
raw_expect w '"topic":"t5"'
raw_send a '{"type":"topic","room":"lobby","text":"t6","seq":6}'
raw_expect a '"seq":6'
case $RAW_LINE in
*'"code":"flood"'*'topic changed 5 times in 20 seconds: the next in '*) ;;
*) fail "a sixth change: $RAW_LINE" ;;
esac
# The connection is still fine, and the topic did not change.
raw_send a '{"type":"msg","room":"lobby","text":"still here","seq":7}'
raw_expect a '"type":"ack","seq":7'
raw_expect w '"nick":"setter","text":"still here"'
grep -qF 'set the topic of lobby: t5' "$HUB_LOG" || fail "no log of t5"
grep -qF 'set the topic of lobby: t6' "$HUB_LOG" && fail "the sixth topic was set"
# Another connection has a pace of its own.
raw_send w '{"type":"topic","room":"lobby","text":"w1","seq":8}'
raw_expect w '"seq":8'
grep -qF '"type":"ack"' <<<"$RAW_LINE" || fail "another connection: $RAW_LINE"
ok "a sixth topic change in 20 seconds is refused with flood"

irc_open i
irc_register i ih
irc_send i "JOIN #lobby"
irc_wait i " 366 ih #lobby "
for i in 1 2 3 4 5; do
	irc_send i "TOPIC #lobby :i$i"
	irc_wait i " TOPIC #lobby :i$i"
done
irc_send i "TOPIC #lobby :i6"
irc_wait i " 263 ih TOPIC :topic changed 5 times in 20 seconds: the next in "
ok "over IRC, 263 for TOPIC with the wait"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
