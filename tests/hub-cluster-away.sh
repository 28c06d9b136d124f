#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: the sender of a direct message to a user who is away on
# the other hub is told so as on one hub: once per away message and
# sender ("NICK is away: ..." for a terminal user, 301 for IRC), again
# after the away is cleared and set again, never once it is cleared.
# Senders on hub a (terminal alice, IRC carol); away users on hub b
# (IRC dave, terminal bob).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

IRC_A=$(pick_port)
start_member a --irc-listen "127.0.0.1:$IRC_A"
IRC_B=$(pick_port)
start_member b --irc-listen "127.0.0.1:$IRC_B"

on b
IRC_PORT=$IRC_B
irc_join_dev d dave
member_client b bob
on a
IRC_PORT=$IRC_A
irc_join_dev c carol
member_client a alice

# A round: each sender sends each away user a DM (TEXT-1..4), each
# receiver has both, then answers each sender (TEXT-r): the answers leave
# hub b after its acknowledgements of the DMs, on the same connection to
# Redis, so once a sender has them it has any away notice it will get.
round() {
	local t=$1
	client_say alice "/msg dave $t-1" "/msg bob $t-2"
	irc_send c "PRIVMSG dave :$t-3" "PRIVMSG bob :$t-4"
	irc_wait d "PRIVMSG dave :$t-1" 20
	irc_wait d "PRIVMSG dave :$t-3" 20
	wait_for "$T/bob.out" "*alice* $t-2" 20
	wait_for "$T/bob.out" "*carol* $t-4" 20
	irc_send d "PRIVMSG alice :$t-r" "PRIVMSG carol :$t-r"
	client_say bob "/msg alice $t-r" "/msg carol $t-r"
	wait_for "$T/alice.out" "*dave* $t-r" 20
	wait_for "$T/alice.out" "*bob* $t-r" 20
	irc_wait c "PRIVMSG carol :$t-r" 20
	wait_until 20 eval "[ \$(count_in '$T/c.irc' 'PRIVMSG carol :$t-r') \
	    -eq 2 ]" || fail "round $t: carol does not have both answers"
}

# told N: each sender was told each away message N times in all.
told() {
	local n=$1 what=$2 got
	for got in \
	    "$(count_in "$T/alice.out" "dave is away: coffee")" \
	    "$(count_in "$T/alice.out" "bob is away: lunch")" \
	    "$(count_in "$T/c.irc" " 301 carol dave :coffee")" \
	    "$(count_in "$T/c.irc" " 301 carol bob :lunch")"; do
		[ "$got" -eq "$n" ] ||
		    fail "$what: told $got times, not $n (alice: $(grep \
		    'is away' "$T/alice.out" | tr '\n' '|'); carol: $(grep \
		    ' 301 ' "$T/c.irc" | tr '\n' '|'))"
	done
}

irc_send d "AWAY :coffee"
irc_wait d " 306 dave "
client_say bob "/away lunch"
wait_for "$T/bob.out" "you are marked as away" 20

round one
told 1 "the first DM"
ok "a sender on the other hub is told the receiver is away (both codecs)"

round two
told 1 "a second DM"
ok "and not again for a second DM"

irc_send d "AWAY" "AWAY :coffee"
irc_wait d " 305 dave "
irc_sync d
client_say bob "/away" "/away lunch"
wait_until 20 eval "[ \$(count_in '$T/bob.out' 'you are marked as away') \
    -eq 2 ]" || fail "bob is not away again"
round three
told 2 "a DM after the away was cleared and set again"
ok "told again once the away is cleared and set again"

irc_send d "AWAY"
irc_wait d " 305 dave "
irc_sync d
client_say bob "/away"
wait_until 20 eval "[ \$(count_in '$T/bob.out' 'you are no longer marked as away') -eq 2 ]" ||
    fail "bob is not back"
round four
told 2 "a DM once the away is cleared"
ok "not told once the away is cleared"

client_stop alice
client_stop bob
exit 0
