#!/bin/bash
# SPDX-License-Identifier: ISC
# LUSERS's 251 counts the users with mode +i apart, as RFC 2812 and IRC
# servers do: "There are <visible> users and <invisible> invisible".
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test

irc_open a
irc_register a ann
irc_open b
irc_register b bob
irc_send a "LUSERS"
irc_wait a " 251 ann :There are 2 users and 0 invisible on 1 servers"
ok "no +i: every user visible"

# bob sets +i, as irssi does on connecting.
irc_send b "MODE bob +i"
irc_wait b ":bob MODE bob :+i"
irc_send a "LUSERS"
irc_wait a " 251 ann :There are 1 users and 1 invisible on 1 servers"
ok "+i: counted as invisible"

irc_send b "MODE bob -i"
irc_wait b ":bob MODE bob :-i"
irc_send a "LUSERS"
wait_until 10 eval '[ "$(count_in "$T/a.irc" \
    "There are 2 users and 0 invisible")" = 2 ]' ||
    fail "-i did not make bob visible again"
ok "-i: visible again"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
