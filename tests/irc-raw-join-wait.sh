#!/bin/bash
# SPDX-License-Identifier: ISC
# 263 (RPL_TRYAGAIN) for a JOIN names the channel in its text, since 263
# has no channel parameter and JOIN #a,#b,#c may be refused for #c alone:
# for too many new rooms from the address, and for flood control.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test --room-burst 2

irc_open a
irc_register a ann
irc_send a "JOIN #one,#two,#three"
irc_wait a " 366 ann #two :"
irc_wait a " 263 ann JOIN :Cannot join #three: too many new rooms"
grep -q " JOIN #three" "$T/a.irc" && fail "#three was joined"
irc_send a "JOIN #lobby,#four"
irc_wait a " 366 ann #lobby :"
irc_wait a " 263 ann JOIN :Cannot join #four: too many new rooms"
ok "263 for new rooms names the channel refused"

# Flood control: the JOIN refused past the held queue is named too.
for i in $(seq 1 40); do
	printf 'JOIN #one,#lobby\r\n'
done >&"${RAW_FD[a]}"
irc_wait a " 263 ann JOIN :Cannot join #one,#lobby: slow down"
ok "263 for flood control names the channels"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
