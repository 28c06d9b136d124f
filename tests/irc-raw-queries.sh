#!/bin/bash
# SPDX-License-Identifier: ISC
# IRC queries as irctest (the IRC conformance suite) checks them: WHO
# #ROOM in another case names the room as the hub spells it in its 352s
# and ends with the mask as sent.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test

irc_open a
irc_register a ann
irc_send a "JOIN #chan"
irc_wait a " 366 ann #chan :"
irc_send a "WHO #CHAN"
irc_wait a " 315 ann #CHAN :"
grep -q "^:irc.test 352 ann #chan ann irc.test irc.test ann H :0 " \
    "$T/a.irc" || fail "WHO #CHAN: 352 without #chan: $(grep ' 352 ' \
    "$T/a.irc")"
ok "WHO #CHAN: 352 names #chan, 315 the mask #CHAN"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
