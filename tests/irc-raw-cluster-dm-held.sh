#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: while the hub of an IRC user restarts (a clean stop), a
# direct message to them is kept in Redis and its sender told so.  The
# user who registers the nick again from the same address (the same
# person, as for the JOIN replay) gets it, once, with the time it was
# sent; one the hub cannot tell is the same person does not, and the
# sender is told it was not delivered because someone else took the nick
# (on IRC, and in the native client of a sender on the other hub).  The owner of a claimed nick who
# proves it with SASL gets it on either hub, even when the DMs its old
# hub passes on come before the new hub made the session (hub a is slow
# to act on the answers to its logins, CHATROOM_TEST_HELLO_LAG).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

IRC_A=$(pick_port)
IRC_B=$(pick_port)
CHATROOM_TEST_HELLO_LAG=1500 \
    start_member a --irc-listen "127.0.0.1:$IRC_A" --irc-server-name a.test
start_member b --irc-listen "127.0.0.1:$IRC_B" --irc-server-name b.test

# Register NICK on connection NAME with server-time, from ADDR if given:
# time_register NAME NICK [from=ADDR].
time_register() {
	irc_open "$1" "${3:-}"
	irc_send "$1" "CAP LS 302" "NICK $2" "USER $2 0 * :$2" \
	    "CAP REQ :server-time" "CAP END"
	irc_wait "$1" " 001 $2 "
}

IRC_PORT=$IRC_A
irc_join_dev c carol
IRC_PORT=$IRC_B
irc_open d
irc_register d davey
irc_send d "JOIN #dev"
irc_wait d " 366 davey #dev "
irc_send c "PRIVMSG #dev :before the stop"
irc_wait d "PRIVMSG #dev :before the stop"
irc_sync d
member_client a bob

stop_member b a
irc_send c "PRIVMSG davey :kept for davey"
irc_wait c "NOTICE carol :davey is disconnected: your message is kept"
grep -F "NOTICE carol :davey is disconnected" "$T/c.irc" |
    grep -qF "you will be told" ||
    fail "the sender is not told what happens if davey does not come back"
ok "a DM to an IRC user whose hub stopped is kept, the sender told"

restart_member b
time_register d2 davey
irc_wait d2 "PRIVMSG davey :kept for davey"
grep -F "PRIVMSG davey :kept for davey" "$T/d2.irc" | grep -q "^@time=" ||
    fail "the kept DM has no server-time"
irc_sync d2
sleep 1
irc_sync d2
[ "$(grep -c "PRIVMSG davey :kept for davey" "$T/d2.irc")" -eq 1 ] ||
    fail "the kept DM came more than once"
irc_sync c
grep -q "did not come back\|the nick was taken" "$T/c.irc" &&
    fail "carol was told the DM was not delivered"
ok "the IRC user back from the same address gets it once, with its time"

# Again, but the nick comes back from another address: not the same
# person as far as the hub knows.
irc_send d2 "JOIN #dev"
irc_wait d2 " 366 davey #dev "
irc_sync d2
stop_member b a
irc_send c "PRIVMSG davey :second for davey"
wait_until 10 eval '[ "$(count_in "$T/c.irc" "davey is disconnected")" -eq 2 ]' ||
    fail "the second DM was not kept"
client_say bob "/msg davey from bob"
wait_for "$T/bob.out" "davey lost the connection; the hub keeps"
restart_member b
time_register d3 davey from=127.0.0.2
irc_wait c "NOTICE carol :davey's connection ended and the nick was taken by someone else; your messages to them were not delivered"
wait_for "$T/bob.err" \
    "davey's connection ended and the nick was taken by someone else; your messages to them were not delivered"
irc_sync d3
grep -q "second for davey\|from bob" "$T/d3.irc" &&
    fail "a newcomer to the nick got davey's DM"
grep -q "did not come back" "$T/c.irc" "$T/bob.out" "$T/bob.err" &&
    fail "a sender was told davey did not come back"
ok "a newcomer to the nick does not get it; the senders are told why"

# A claimed nick's session outlives the restart, and takes the DM on its
# hub; its owner proves it with SASL on the other hub: the DM follows.
irc_open e
sasl_register e eve "eve password"
irc_wait e " 001 eve "
wait_for "$T/b.log" "nick eve claimed with a password"
irc_send e "JOIN #dev"
irc_wait e " 366 eve #dev "
irc_sync e
stop_member b a
irc_send c "PRIVMSG eve :kept for eve"
irc_wait c "NOTICE carol :eve is disconnected: your message is kept"
restart_member b
IRC_PORT=$IRC_A
irc_open e2
sasl_register e2 eve "eve password"
# (No server-time here: the DM's time comes before it, "[hh:mm] ".)
irc_wait e2 "] kept for eve"
grep -qE "PRIVMSG eve :\[[0-9]{2}:[0-9]{2}\] kept for eve" "$T/e2.irc" ||
    fail "the kept DM, without its time: $(grep "kept for eve" "$T/e2.irc")"
grep -q "a DM for eve waits for the login taking the nick" "$T/a.log" ||
    fail "the DM passed on did not come before the session (no race tried)"
irc_sync e2
[ "$(grep -c "PRIVMSG eve :.*kept for eve" "$T/e2.irc")" -eq 1 ] ||
    fail "the DM that waited for the session came more than once"
irc_sync c
grep -q "eve did not come back\|to eve .*not delivered" "$T/c.irc" &&
    fail "carol was told the DM to eve was not delivered"
ok "the owner of a claimed nick gets it on the other hub, with SASL"
exit 0
