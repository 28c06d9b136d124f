#!/bin/bash
# SPDX-License-Identifier: ISC
# IRC queries as irctest (the IRC conformance suite) checks them: WHO
# #ROOM in another case names the room as the hub spells it in its 352s
# and ends with the mask as sent; TIME and INFO are answered (391; 371s
# then 374), not refused as unknown (421).
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

irc_send a "TIME"
irc_wait a " 391 ann irc.test :"
grep -qE "^:irc.test 391 ann irc.test :[A-Z][a-z]+ [A-Z][a-z]+ [0-9]{2} \
[0-9]{4} -- [0-9:]{8} [-+][0-9]{4}" "$T/a.irc" || fail "TIME: $(grep ' 391 ' \
    "$T/a.irc")"
ok "TIME: 391 with the hub's time"

irc_send a "INFO"
irc_wait a " 374 ann :End of INFO list"
grep -q "^:irc.test 371 ann :chatroom " "$T/a.irc" || fail "INFO: no 371"
grep -q " 421 " "$T/a.irc" && fail "421: $(grep ' 421 ' "$T/a.irc")"
ok "INFO: 371s, then 374"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
