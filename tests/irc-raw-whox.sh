#!/bin/bash
# SPDX-License-Identifier: ISC
# WHOX: ISUPPORT says WHOX, and WHO mask %fields[,token] answers 354s
# with the fields asked for, in the standard order (t c u i h s n f d l a
# o r) whatever order they were asked in, and the token given back; the
# fields irssi and WeeChat ask for (%tcuhnfdar) work.  Plain WHO keeps
# its 352s.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test

irc_open a
irc_send a "NICK ann" "USER ann 0 * :Ann Real"
irc_wait a " 001 ann "
irc_wait a " WHOX "
irc_open b
irc_register b bob
for x in a:ann b:bob; do
	irc_send "${x%%:*}" "JOIN #dev"
	irc_wait "${x%%:*}" " 366 ${x#*:} #dev :"
done
irc_send a "AWAY :out"
irc_wait a " 306 ann "
ok "ISUPPORT says WHOX"

irc_send b "WHO #dev %tcuhnfdar,743"
irc_wait b " 315 bob #dev :"
irc_wait b ":irc.test 354 bob 743 #dev ann irc.test ann G 0 0 :Ann Real"
irc_wait b ":irc.test 354 bob 743 #dev bob irc.test bob H 0 0 :bob here"
ok "WHO #dev %tcuhnfdar,743: 354 with the token, flags and real name"

irc_send b "WHO ann %rfn" "WHO a* %ct" "WHO ann %tn,12345" "WHO #dev"
irc_wait b " 315 bob #dev :"
irc_wait b ":irc.test 354 bob ann G :Ann Real"
irc_wait b ":irc.test 354 bob 0 *"
irc_wait b ":irc.test 354 bob 0 ann"
irc_wait b ":irc.test 352 bob #dev ann irc.test irc.test ann G :0 Ann Real"
ok "fields in the standard order; a bad token is 0; plain WHO is 352"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
