#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: the prefixes of users of another hub name that hub, as
# its own clients see them (nick!nick@b.test), not this one: in messages
# relayed from it, direct messages, JOIN, NICK, PART, QUIT, and NAMES
# with userhost-in-names.  This hub's users keep its name.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_dev_pair

irc_send d "PRIVMSG #dev :hello from b"
irc_wait c ":dave!dave@b.test PRIVMSG #dev :hello from b"
irc_send c "PRIVMSG #dev :hello from a"
irc_wait d ":carol!carol@a.test PRIVMSG #dev :hello from a"
ok "a message from another hub: its sender on that hub's host"

irc_send d "PRIVMSG carol :psst"
irc_wait c ":dave!dave@b.test PRIVMSG carol :psst"
ok "a direct message from another hub: its sender on that hub's host"

on b
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"
client_say bob "/join #dev"
irc_wait c ":bob!bob@b.test JOIN #dev"
client_say bob "/nick bobby"
irc_wait c ":bob!bob@b.test NICK :bobby"
client_say bob "/leave dev"
irc_wait c ":bobby!bobby@b.test PART #dev"
ok "JOIN, NICK and PART of a user of another hub name that hub"

IRC_PORT=$IRC_A
irc_open e
irc_send e "CAP LS 302" "NICK erin" "USER erin 0 * :erin" \
    "CAP REQ :userhost-in-names" "CAP END" "JOIN #dev"
irc_wait e " 366 erin #dev "
grep -q " 353 erin = #dev :.*dave!dave@b\.test" "$T/e.irc" ||
    fail "NAMES: $(grep -a ' 353 ' "$T/e.irc")"
grep -q " 353 erin = #dev :.*carol!carol@a\.test" "$T/e.irc" ||
    fail "NAMES: $(grep -a ' 353 ' "$T/e.irc")"
ok "NAMES with userhost-in-names: each member on its hub's host"

irc_send d "QUIT :bye now"
irc_wait c ":dave!dave@b.test QUIT :"
grep -q ":dave!dave@a\.test" "$T/c.irc" && fail "dave on hub a's host"
ok "QUIT of a user of another hub names that hub"

client_stop bob
exit 0
