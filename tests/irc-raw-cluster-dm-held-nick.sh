#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a DM held for an IRC user while his hub is stopped goes
# to him when he comes back as the same user (the same address) on
# either hub, whatever nick he had before or takes it with: after a
# /nick (walk53 F7), in no room, on the other hub (F4), by a hello or by
# a /nick there.  A newcomer from another address who takes the nick by
# /nick does not get it, and the sender is told at once, not when the
# newcomer leaves, and told why.  The DM comes with its time, "[hh:mm] ",
# to a client without server-time.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

IRC_A=$(pick_port)
IRC_B=$(pick_port)
start_member a --irc-listen "127.0.0.1:$IRC_A" --irc-server-name a.test
start_member b --irc-listen "127.0.0.1:$IRC_B" --irc-server-name b.test

IRC_PORT=$IRC_A
irc_join_dev c carol

# Connection NAME got carol's DM kept for NICK, with its time before it
# (these clients have no server-time): it was said minutes ago.
kept_got() {
	irc_wait "$1" "] kept for $2"
	grep -qE "PRIVMSG $2 :\[[0-9]{2}:[0-9]{2}\] kept for $2" "$T/$1.irc" ||
	    fail "$2's kept DM, without its time: $(grep "kept for" "$T/$1.irc")"
}

# Stop hub b; carol's DM to NICK must be kept: held_for NICK.
held_for() {
	stop_member b a
	irc_send c "PRIVMSG $1 :kept for $1"
	irc_wait c "NOTICE carol :$1 is disconnected: your message is kept"
}

# frank, in #dev on b, becomes frankie; b stops; he registers frankie on
# b again from the same address.
IRC_PORT=$IRC_B
irc_join_dev f frank
irc_send f "NICK frankie"
wait_for "$T/b.log" "frank is now known as frankie"
irc_sync f
held_for frankie
restart_member b
irc_open f2
irc_register f2 frankie
kept_got f2 frankie
irc_sync c
grep -q "frankie did not come back" "$T/c.irc" &&
    fail "carol was told frankie did not come back"
ok "a DM held for a nick taken by /nick goes to its user back on the hub"

# gus, in no room on b, comes back on hub a while b is down.
irc_open g
irc_register g gus
irc_sync g
held_for gus
IRC_PORT=$IRC_A
irc_open g2
irc_register g2 gus
kept_got g2 gus
ok "a DM held for a user in no room goes to him back on the other hub"

# davey on b comes back on hub a as dave, and takes his nick by /nick.
restart_member b
IRC_PORT=$IRC_B
irc_open d
irc_register d davey
irc_sync d
held_for davey
IRC_PORT=$IRC_A
irc_open d2
irc_register d2 dave
irc_send d2 "NICK davey"
kept_got d2 davey
irc_sync c
grep -q "davey did not come back" "$T/c.irc" &&
    fail "carol was told davey did not come back"
ok "a DM held for a nick goes to its user who takes it by /nick elsewhere"

# hank's nick is taken on hub a by /nick from another address: not his.
restart_member b
IRC_PORT=$IRC_B
irc_open h
irc_register h hank
irc_sync h
held_for hank
IRC_PORT=$IRC_A
irc_open h2 from=127.0.0.2
irc_register h2 hanky
irc_send h2 "NICK hank"
irc_wait c "NOTICE carol :hank's connection ended and the nick was taken by someone else; your messages to them were not delivered"
irc_sync h2
grep -q "kept for hank" "$T/h2.irc" &&
    fail "a newcomer to the nick got hank's DM"
ok "a newcomer who takes the nick by /nick: the sender is told at once"
exit 0
