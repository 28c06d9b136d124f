#!/bin/bash
# SPDX-License-Identifier: ISC
# The native /whois tells a nick claimed by a key from one claimed with a
# password (by SASL from IRC): the userinfo answer says which in "claim".
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test -v

client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"
irc_open w
irc_send w "CAP LS 302" "NICK wee" "USER wee 0 * :Wee" \
    "CAP REQ :sasl" "AUTHENTICATE PLAIN"
irc_wait w "AUTHENTICATE +"
irc_send w "$(sasl_plain "" wee "wee's password")" "CAP END"
irc_wait w " 001 wee "
wait_for "$HUB_LOG" "nick wee claimed with a password"
irc_open b
irc_register b bob

client_say alice "/whois wee"
wait_for "$T/alice.out" "end of /whois wee"
grep -qF "wee: the nick is claimed with a password" "$T/alice.out" ||
    fail "/whois does not say wee is claimed with a password"
grep -qF "wee: the nick is claimed by a key" "$T/alice.out" &&
    fail "/whois says wee is claimed by a key"
client_say alice "/whois alice"
wait_for "$T/alice.out" "end of /whois alice"
grep -qF "alice: the nick is claimed by a key" "$T/alice.out" ||
    fail "/whois does not say alice is claimed by a key"
client_say alice "/whois bob"
wait_for "$T/alice.out" "end of /whois bob"
grep -qF "bob: the nick is not claimed" "$T/alice.out" ||
    fail "/whois does not say bob is not claimed"
ok "/whois: claimed with a password, by a key, or not claimed"
