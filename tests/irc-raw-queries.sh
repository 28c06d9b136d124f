#!/bin/bash
# SPDX-License-Identifier: ISC
# IRC queries as irctest (the IRC conformance suite) checks them: WHO
# #ROOM in another case names the room as the hub spells it in its 352s
# and ends with the mask as sent; WHO with a mask of nicks lists the
# users it matches, but those with +i who share no room with the asker;
# TIME, INFO, VERSION and LINKS are answered (391; 371s then 374; 351
# and 005; 364 and 365), not refused as unknown (421).
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

# WHO masks: bob is +i and shares no room with ann.
irc_open b
irc_register b bob
irc_send b "MODE bob +i"
irc_wait b "MODE bob :+i"
irc_send a "WHO b*"
irc_wait a " 315 ann b* :"
grep -q " 352 ann \* bob " "$T/a.irc" && fail "WHO b*: +i bob listed"
irc_send a "WHO bob"
irc_wait a " 315 ann bob :"
grep -q "^:irc.test 352 ann \* bob irc.test irc.test bob H :0 bob here" \
    "$T/a.irc" || fail "WHO bob: no 352"
ok "WHO b*: +i bob hidden from ann; WHO bob shows him"
irc_send b "JOIN #chan"
irc_wait a ":bob!bob@irc.test JOIN #chan"
irc_send a "WHO B?B" "WHO *"
irc_wait a " 315 ann * :"
[ "$(grep -c " 352 ann \* bob " "$T/a.irc")" = 3 ] ||
    fail "WHO B?B, WHO *: bob not listed twice more"
grep -q " 352 ann \* ann " "$T/a.irc" || fail "WHO *: ann not listed"
ok "WHO B?B and WHO *: bob, in a room with ann, listed"

irc_send a "TIME"
irc_wait a " 391 ann irc.test :"
grep -qE "^:irc.test 391 ann irc.test :[A-Z][a-z]+ [A-Z][a-z]+ [0-9]{2} \
[0-9]{4} -- [0-9:]{8} [-+][0-9]{4}" "$T/a.irc" || fail "TIME: $(grep ' 391 ' \
    "$T/a.irc")"
ok "TIME: 391 with the hub's time"

irc_send a "INFO"
irc_wait a " 374 ann :End of INFO list"
grep -q "^:irc.test 371 ann :chatroom " "$T/a.irc" || fail "INFO: no 371"
ok "INFO: 371s, then 374"

irc_send a "VERSION"
irc_wait a " 351 ann chatroom-"
grep -q "^:irc.test 351 ann chatroom-[0-9.]* irc.test :" "$T/a.irc" ||
    fail "VERSION: $(grep ' 351 ' "$T/a.irc")"
wait_until 10 eval "[ \$(grep -c ' 005 ann ' \"\$T/a.irc\") -ge 4 ]" ||
    fail "VERSION: no 005 after 351"
ok "VERSION: 351, then 005"

irc_send a "LINKS"
irc_wait a " 365 ann * :End of /LINKS list"
grep -q "^:irc.test 364 ann irc.test irc.test :0 " "$T/a.irc" ||
    fail "LINKS: $(grep ' 364 ' "$T/a.irc")"
ok "LINKS: 364 for the one server, 365"

grep -q " 421 " "$T/a.irc" && fail "421: $(grep ' 421 ' "$T/a.irc")"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
