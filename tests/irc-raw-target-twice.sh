#!/bin/bash
# SPDX-License-Identifier: ISC
# A PRIVMSG or NOTICE naming the same target twice (in any case) reaches
# it once, as IRC servers deliver it; the other targets still get it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test

irc_open a
irc_register a ann
irc_open w
irc_register w wes
for x in a:ann w:wes; do
	irc_send "${x%%:*}" "JOIN #dev"
	irc_wait "${x%%:*}" " 366 ${x#*:} #dev :"
done

irc_send a "PRIVMSG wes,WES,wes :one"
irc_send a "PRIVMSG #dev,#DEV :two"
irc_send a "NOTICE wes,Wes :three"
irc_send a "PRIVMSG wes :done"
irc_wait w ":ann!ann@irc.test PRIVMSG wes :done"
[ "$(count_in "$T/w.irc" "PRIVMSG wes :one")" = 1 ] ||
    fail "a nick named three times got the message $(count_in "$T/w.irc" "PRIVMSG wes :one") times"
[ "$(count_in "$T/w.irc" "PRIVMSG #dev :two")" = 1 ] ||
    fail "a channel named twice got the message $(count_in "$T/w.irc" "PRIVMSG #dev :two") times"
[ "$(count_in "$T/w.irc" "NOTICE wes :three")" = 1 ] ||
    fail "a notice to a nick named twice came $(count_in "$T/w.irc" "NOTICE wes :three") times"
ok "a target named twice gets the message once"

irc_send a "PRIVMSG wes,ann,wes :four"
irc_wait a ":ann!ann@irc.test PRIVMSG ann :four"
irc_send a "PRIVMSG wes :end"
irc_wait w ":ann!ann@irc.test PRIVMSG wes :end"
[ "$(count_in "$T/w.irc" "PRIVMSG wes :four")" = 1 ] ||
    fail "the repeated nick after another target got it twice"
ok "the other targets still get it"
