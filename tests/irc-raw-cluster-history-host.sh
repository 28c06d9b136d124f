#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a message of a user of another hub, replayed from the
# history (on JOIN, for CHATHISTORY, after a restart of this hub from its
# history file, its journal or Redis's stream, after that hub's own
# restart), names that hub as its sender's host, as it did live
# (nick!nick@b.test); so does a DM from a user of that hub held for a
# lost session, here (over a restart) or in Redis (for a session kept
# over this hub's restart), and delivered on its user's return, and one
# held here passed on with a session that moves to that hub.  This hub's
# users keep its name.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_dev_pair
irc_send d "PRIVMSG #dev :said on b"
irc_wait c ":dave!dave@b.test PRIVMSG #dev :said on b"
irc_send c "PRIVMSG #dev :said on a"
irc_wait d ":carol!carol@a.test PRIVMSG #dev :said on a"

# Does connection NAME have the message TEXT of #dev from NICK on HOST,
# and no copy of it from another host?  replayed NAME NICK HOST TEXT.
replayed() {
	grep -q ":$2!$2@$3 PRIVMSG #dev :.*$4" "$T/$1.irc" ||
	    fail "$1: $4 not from $2@$3: $(grep -a "$4" "$T/$1.irc")"
	grep ":$2!$2@" "$T/$1.irc" | grep "$4" | grep -vq "@$3 " &&
	    fail "$1: $4 from another host: $(grep -a "$4" "$T/$1.irc")"
	return 0
}

# A new connection NAME on hub a, nick NICK, joins #dev.
join_a() {
	irc_on a
	irc_join_dev "$1" "$2"
}

join_a e erin
replayed e dave b.test "said on b"
replayed e carol a.test "said on a"
ok "the JOIN replay names the other hub as its user's host"

irc_open f
irc_send f "CAP LS 302" "NICK fay" "USER fay 0 * :fay" \
    "CAP REQ :draft/chathistory batch server-time" "CAP END" "JOIN #dev"
irc_wait f " 366 fay #dev "
irc_send f "CHATHISTORY LATEST #dev * 10"
irc_wait f "BATCH -"
replayed f dave b.test "said on b"
ok "CHATHISTORY names the other hub as its user's host"

# uma's native client on hub a, with an IRC password, dies; lou, of hub
# a, in no room, writes to her: held on a.  Her owner logs in from IRC on
# hub b: her session moves there, hub a passes the DM on with it.
member_client_lost a uma
irc_on a
irc_open l
irc_register l lou
irc_send l "PRIVMSG uma :passed on for uma"
irc_wait l "NOTICE lou :uma is disconnected: your message is kept"
irc_on b
irc_open u2
sasl_register u2 uma "uma's irc password"
# Without server-time, the kept DM comes with its time (walk63 F3).
irc_wait u2 "passed on for uma"
grep -Eq ":lou!lou@a\.test PRIVMSG uma :\[[0-9]{2}:[0-9]{2}\] passed on for uma" \
    "$T/u2.irc" ||
    fail "the DM passed on: $(grep -a "passed on" "$T/u2.irc")"
ok "a DM held for a session that moves to the other hub names its hub"

# holly, on hub a, is kept over its restarts (her session waits for
# her to come back).
irc_on a
irc_open h
irc_register h holly
irc_sync h

# ivy's native client on hub a, with an IRC password, dies: her session
# waits for its resume there, and kai's DM, from hub b, is held for it
# there, over a restart.
member_client_lost a ivy
irc_on b
irc_open k
irc_register k kai
irc_send k "PRIVMSG ivy :held on a for ivy"
irc_wait k "NOTICE kai :ivy is disconnected: your message is kept"

# dave leaves: no room tells where he was any more.
irc_send d "QUIT :bye"
irc_wait c ":dave!dave@b.test QUIT :"

# Hub a restarts from its history file.
stop_member a b
restart_member a
join_a e2 ezra
replayed e2 dave b.test "said on b"
replayed e2 carol a.test "said on a"
grep -q '"hub":"[0-9a-f]\{16\}","host":"b.test"' "$T/a.json" ||
    fail "the history file does not say dave's hub"
ok "after a restart from the history file, the other hub is still the host"

# ivy's owner logs in from IRC: her session, and kai's DM.
irc_on a
irc_open i2
sasl_register i2 ivy "ivy's irc password"
irc_wait i2 "held on a for ivy"
grep -Eq ":kai!kai@b\.test PRIVMSG ivy :\[[0-9]{2}:[0-9]{2}\] held on a for ivy" \
    "$T/i2.irc" ||
    fail "the DM held here: $(grep -a "held on a" "$T/i2.irc")"
ok "a DM from the other hub held here for a lost session names that hub"

# gil, of hub b, in no room, writes to holly: held for her on hub a.
irc_on b
irc_open g
irc_register g gil
irc_send g "PRIVMSG holly :held for holly"
irc_wait g "NOTICE gil :holly is disconnected: your message is kept"

# Another message from b, in hub a's journal only: a is killed.
join_a c2 cora
irc_on b
irc_join_dev d2 dave
wait_until 10 irc_who_host c2 dave cora b.test ||
    fail "hub a, restarted: no name for hub b"
irc_join_dev w wes
irc_send d2 "PRIVMSG #dev :journaled on b"
irc_wait c2 ":dave!dave@b.test PRIVMSG #dev :journaled on b"
on a
stop_hub KILL
# One more while hub a is down: it reads it back from Redis's stream.
irc_send d2 "PRIVMSG #dev :said while a was down"
irc_wait w ":dave!dave@b.test PRIVMSG #dev :said while a was down"
# Hub b restarts too: its old id names no live hub any more.
stop_member b
restart_member b
restart_member a
join_a e3 ezio
replayed e3 dave b.test "said on b"
replayed e3 dave b.test "journaled on b"
replayed e3 dave b.test "said while a was down"
replayed e3 carol a.test "said on a"
ok "after a crash of this hub and a restart of the other, still its host"

irc_on a
irc_open h2
irc_register h2 holly
irc_wait h2 "held for holly"
grep -Eq ":gil!gil@b\.test PRIVMSG holly :\[[0-9]{2}:[0-9]{2}\] held for holly" \
    "$T/h2.irc" ||
    fail "the held DM: $(grep -a "held for holly" "$T/h2.irc")"
ok "a DM from the other hub held in Redis for a session names that hub"
exit 0
