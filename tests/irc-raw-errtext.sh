#!/bin/bash
# SPDX-License-Identifier: ISC
# 403 and 442 say what IRC servers say, with the channel as the user
# typed it, not the native error's words ("you are not in #c",
# "no such room: c"), whatever command they answer.  482 says rooms have
# no channel operators, and to a hub operator that KILL is the /kick.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

printf 'op-pass\n' >"$T/admin.pw"
start_irc_hub --irc-server-name irc.test --admin-password-file "$T/admin.pw"

irc_open a
irc_register a ann
irc_open w
irc_register w wes
irc_send w "JOIN #c05"
irc_wait w " 366 wes #c05 :"

noton=" 442 ann #c05 :You're not on that channel"
irc_send a "TOPIC #c05 :x"
irc_wait a ":irc.test 442 ann #c05 :You're not on that channel"$'\r'
irc_send a "PART #c05"
wait_until 10 eval '[ "$(count_in "$T/a.irc" "$noton")" = 2 ]' ||
    fail "PART: no 442 in IRC's words"
irc_send a "KICK #c05 wes"
wait_until 10 eval '[ "$(count_in "$T/a.irc" "$noton")" = 3 ]' ||
    fail "KICK: no 442 in IRC's words"
ok "442 in IRC's words for TOPIC, PART and KICK"

irc_send a "PRIVMSG #nowhere :x"
irc_wait a ":irc.test 403 ann #nowhere :No such channel"$'\r'
irc_send a "TOPIC #nowhere :x"
wait_until 10 eval '[ "$(count_in "$T/a.irc" \
    " 403 ann #nowhere :No such channel")" = 2 ]' ||
    fail "TOPIC: no 403 in IRC's words"
ok "403 in IRC's words for PRIVMSG and TOPIC"

# 482: a user, then a hub operator (walk63 F2).
irc_send w "KICK #c05 ann" "MODE #c05 +o wes"
irc_wait w " 482 wes #c05 :You're not channel operator (rooms have none)"$'\r'
two_482() {
	[ "$(count_in "$T/w.irc" \
	    "482 wes #c05 :You're not channel operator (rooms have none)")" = 2 ]
}
wait_until 10 two_482 || fail "MODE: 482 does not say rooms have no operators"
irc_send w "OPER wes op-pass"
irc_wait w " 381 wes "
irc_send w "KICK #c05 ann"
irc_wait w " 482 wes #c05 :You're not channel operator (rooms have none; \
KILL nick disconnects a user, as the native /kick)"
ok "482 says rooms have no channel operators; to an operator, KILL"

grep -Eq "you are not in|no such room" "$T/a.irc" &&
    fail "native words in a numeric"
ok "no native words"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
