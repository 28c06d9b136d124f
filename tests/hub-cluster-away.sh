#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: the sender of a direct message to a user who is away on
# the other hub is told so as on one hub: once per away message and
# sender ("NICK is away: ..." for a terminal user, 301 for IRC), again
# after the away is cleared and set again, never once it is cleared.
# Senders on hub a (terminal alice, IRC carol); away users on hub b
# (IRC dave, terminal bob).  IRC's WHOIS and WHO on hub a say 301 and G
# for them meanwhile, as on one hub, and so does hub a once restarted or
# after a loss of Redis.
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
irc_join_dev w wes	# asks WHOIS and WHO
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

# told N: each sender was told each away message N times in all.  alice
# shares #lobby with bob: once their conversation is open, it shows his
# away change when he makes it, and her client does not repeat it for
# the hub's notice (as on one hub); carol is told by 301 each time.
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

# IRC's WHOIS and WHO on hub a: 301 and G for the away users of hub b.
# whois NAME NICK: the WHOIS and WHO replies for NICK, in $T/NAME.who.
whois() {
	local name=$1 nick=$2 before
	WHOIS_N=$((${WHOIS_N:-0} + 1))
	before=$(wc -l <"$T/$name.irc")
	irc_send "$name" "WHOIS $nick" "WHO $nick" "PING :whois$WHOIS_N"
	irc_wait "$name" "whois$WHOIS_N"
	tail -n +"$((before + 1))" "$T/$name.irc" >"$T/$name.who"
}
# is_away NAME NICK TEXT: WHOIS says 301 TEXT and WHO says G.
is_away() {
	whois "$1" "$2"
	grep -q " 301 [^ ]* $2 :$3" "$T/$1.who" &&
	    grep -q " 352 [^ ]* \* $2 .* G :1 " "$T/$1.who"
}
# is_here NAME NICK: no 301, and WHO says H.
is_here() {
	whois "$1" "$2"
	! grep -q " 301 " "$T/$1.who" &&
	    grep -q " 352 [^ ]* \* $2 .* H :1 " "$T/$1.who"
}
is_away w dave coffee || fail "WHOIS/WHO dave on hub a: $(cat "$T/w.who")"
is_away w bob lunch || fail "WHOIS/WHO bob on hub a: $(cat "$T/w.who")"
ok "IRC's WHOIS and WHO on the other hub say who is away"

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
wait_until 20 eval "[ \$(count_in '$T/bob.out' \
    'you are no longer marked as away') -eq 2 ]" || fail "bob is not back"
round four
told 2 "a DM once the away is cleared"
ok "not told once the away is cleared"
is_here w dave || fail "WHOIS/WHO dave back: $(cat "$T/w.who")"
is_here w bob || fail "WHOIS/WHO bob back: $(cat "$T/w.who")"
ok "nor do WHOIS and WHO once it is cleared"

# Hub a restarted knows from Redis who is away on hub b.
irc_send d "AWAY :tea"
irc_wait d " 306 dave "
wait_until 20 is_away w dave tea || fail "dave away again: $(cat "$T/w.who")"
client_stop alice
stop_member a b
restart_member a
IRC_PORT=$IRC_A
irc_join_dev c2 carl
wait_until 20 is_away c2 dave tea ||
    fail "WHOIS/WHO dave after hub a restarted: $(cat "$T/c2.who")"
is_here c2 bob || fail "WHOIS/WHO bob after hub a restarted: $(cat "$T/c2.who")"
ok "a restarted hub knows who is away on the other"

# An away set while Redis is lost reaches the other hub once it is back.
lose_redis KILL 20 a b
irc_send d "AWAY :split"
irc_wait d " 306 dave "
heal_redis 30 a b
wait_until 30 is_away c2 dave split ||
    fail "WHOIS/WHO dave after Redis came back: $(cat "$T/c2.who")"
irc_send d "AWAY"
irc_wait d " 305 dave "
wait_until 20 is_here c2 dave || fail "dave back: $(cat "$T/c2.who")"
ok "and an away set while Redis was lost, once it is back"

client_stop bob
exit 0
