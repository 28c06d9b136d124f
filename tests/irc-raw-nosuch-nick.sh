#!/bin/bash
# SPDX-License-Identifier: ISC
# A message to a nick no one holds is answered with 401 in IRC's words,
# as WHOIS answers it, not with the hub's own sentence.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --flood-rate 0
irc_open a
irc_register a ann
irc_send a "PRIVMSG erin :are you gone?"
irc_sync a
grep -qF " 401 ann erin :No such nick/channel" "$T/a.irc" ||
    fail "no 401 in IRC's words: $(grep ' 401 ' "$T/a.irc")"
grep -q "no such nick:" "$T/a.irc" &&
    fail "the hub's sentence in the 401: $(grep ' 401 ' "$T/a.irc")"
ok "PRIVMSG to a missing nick: 401 No such nick/channel"
