#!/bin/bash
# SPDX-License-Identifier: ISC
# A topic or away message longer than TOPICLEN or AWAYLEN (005) is cut to
# that many characters and set, as IRC servers do, never refused with
# 417 (for a whole line too long); the cut keeps whole characters.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test

irc_open a
irc_register a ann
irc_wait a "TOPICLEN=300"
irc_wait a "AWAYLEN=200"
irc_open w
irc_register w wes
for x in a:ann w:wes; do
	irc_send "${x%%:*}" "JOIN #dev"
	irc_wait "${x%%:*}" " 366 ${x#*:} #dev :"
done

# 299 ASCII characters, then é (2 bytes) and more: 300 kept.
t300=$(printf 't%.0s' $(seq 299))é
irc_send a "TOPIC #dev :${t300}é and more"
irc_wait w ":ann!ann@irc.test TOPIC #dev :$t300"$'\r'
irc_send w "TOPIC #dev"
irc_wait w " 332 wes #dev :$t300"$'\r'
ok "TOPIC over TOPICLEN: the first 300 characters set"

a200=$(printf 'a%.0s' $(seq 200))
irc_send a "AWAY :${a200}bbbb"
irc_wait a " 306 ann :"
irc_send w "WHOIS ann"
irc_wait w " 301 wes ann :$a200"$'\r'
ok "AWAY over AWAYLEN: the first 200 characters set"

grep -q " 417 " "$T/a.irc" && fail "417 for a long topic or away"
ok "no 417"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
