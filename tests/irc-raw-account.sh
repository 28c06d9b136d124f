#!/bin/bash
# SPDX-License-Identifier: ISC
# WHOIS says which account a user is logged in as (330): the nick a SASL
# login proved, which may differ from the nick used, or the nick itself
# when a claim holds it (a native client's key); none for a nick nobody
# claims.  WHOX's account field says the same.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test -v

client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"
irc_open w
irc_send w "CAP LS 302" "NICK weeny" "USER weeny 0 * :Wee" \
    "CAP REQ :sasl" "AUTHENTICATE PLAIN"
irc_wait w "AUTHENTICATE +"
irc_send w "$(sasl_plain "" wee "wee's password")" "CAP END"
irc_wait w " 001 weeny "
irc_open b
irc_register b bob

irc_send b "WHOIS weeny"
irc_wait b " 318 bob weeny "
irc_wait b ":irc.test 330 bob weeny wee :is logged in as"
irc_send b "WHOIS alice"
irc_wait b " 318 bob alice "
irc_wait b ":irc.test 330 bob alice alice :is logged in as"
irc_send w "WHOIS bob"
irc_wait w " 318 weeny bob "
grep -q " 330 weeny bob " "$T/w.irc" && fail "330 for a nick nobody claims"
ok "WHOIS: 330 for a SASL account and a claimed nick, none without"

irc_send b "WHO alice %na" "WHO weeny %na" "WHO bob %na"
irc_wait b " 354 bob alice alice"
irc_wait b " 354 bob weeny wee"
irc_wait b " 354 bob bob 0"
ok "WHOX: the same accounts"
