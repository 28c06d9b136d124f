#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a NOTICE to a room on one hub is kept in the room's
# history flagged as a notice, and a user who joins the room on another
# hub has it replayed as a notice too: a NOTICE to an IRC client, -nick-
# text to a native one; also one sent while that other hub was down.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_members
irc_on a
irc_join_dev r rbot
irc_send r "NOTICE #dev :a kept notice" "PRIVMSG #dev :a kept message"
irc_sync r

# Replayed on hub b, where the room's history comes from the cluster.
check_irc() {
	grep -q "PRIVMSG #dev :.*a kept message" "$T/$1.irc" ||
	    fail "$2: no replayed message: $(grep -a 'kept' "$T/$1.irc")"
	grep -q ":rbot![^ ]* NOTICE #dev :.*a kept notice" "$T/$1.irc" ||
	    fail "$2: notice not replayed as NOTICE: $(grep -a 'kept' "$T/$1.irc")"
	grep -q "PRIVMSG #dev :.*a kept notice" "$T/$1.irc" &&
	    fail "$2: notice replayed as a PRIVMSG"
	return 0
}
irc_on b
irc_join_dev i ian
wait_until 20 grep -q "a kept message" "$T/i.irc" ||
    fail "hub b: no replay: $(cat "$T/i.irc")"
check_irc i "hub b"
ok "a room NOTICE on hub a is replayed to IRC on hub b as a NOTICE"

member_client b nat
client_say nat "/join dev"
wait_for "$T/nat.out" "a kept message" 20
grep -q "#dev -rbot- a kept notice" "$T/nat.out" ||
    fail "native on b: notice not replayed as -rbot-: $(grep kept "$T/nat.out")"
grep -q "<rbot> a kept notice" "$T/nat.out" &&
    fail "native on b: notice replayed as a message"
client_stop nat
ok "and to a native client on hub b as a notice"

# Hub b down while another NOTICE goes to the room: when it is back,
# what it missed comes from the cluster, flagged as well.
irc_send i "QUIT :bye"
stop_member b a
irc_send r "NOTICE #dev :a notice while b was down" \
    "PRIVMSG #dev :a message while b was down"
irc_sync r
restart_member b
irc_on b
irc_join_dev j jan
wait_until 20 grep -q "a message while b was down" "$T/j.irc" ||
    fail "restarted hub b: no replay: $(cat "$T/j.irc")"
check_irc j "restarted hub b"
grep -q ":rbot![^ ]* NOTICE #dev :.*a notice while b was down" "$T/j.irc" ||
    fail "restarted hub b: the missed notice not replayed as NOTICE:" \
    "$(grep -a 'while b' "$T/j.irc")"
grep -q "PRIVMSG #dev :.*a notice while b was down" "$T/j.irc" &&
    fail "restarted hub b: the missed notice replayed as a PRIVMSG"
ok "a NOTICE sent while hub b was down is replayed on it as a NOTICE"
exit 0
