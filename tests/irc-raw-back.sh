#!/bin/bash
# SPDX-License-Identifier: ISC
# IRC users and a native user who comes back: the owner of a claimed nick
# in a new session is JOINed again (the hub's "back" with a room), so no
# PRIVMSG or QUIT comes from a nick absent from the channel.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test
irc_open p
irc_register p pat
irc_send p "JOIN #lobby"
irc_wait p " 366 pat #lobby :"
irc_open a
irc_send a "CAP REQ :away-notify" "CAP END"
irc_register a amy
irc_send a "JOIN #lobby"
irc_wait a " 366 amy #lobby :"

# First time: hank joins, speaks, quits, and claims the nick.
run_batch h1 hank "first words"
irc_wait p ":hank!hank@irc.test PRIVMSG #lobby :first words"
irc_wait p ":hank!hank@irc.test QUIT"
wait_for "$HUB_LOG" "nick hank claimed"

# Again, with the claim: the hub says "back" with the room.
run_batch h2 hank "second words"
for c in p a; do
	irc_wait "$c" ":hank!hank@irc.test PRIVMSG #lobby :second words"
	[ "$(count_in "$T/$c.irc" ":hank!hank@irc.test JOIN #lobby")" = 2 ] ||
	    fail "$c: hank was not JOINed again: $(cat "$T/$c.irc")"
	grep -n -e "JOIN #lobby" -e "second words" "$T/$c.irc" | tail -n 2 |
	    head -n 1 | grep -q "hank!hank@irc.test JOIN #lobby" ||
	    fail "$c: JOIN did not come before the PRIVMSG"
done
grep -q ":hank!hank@irc.test AWAY" "$T/a.irc" &&
    fail "a new session is no resume: no AWAY"
ok "a claimed nick back in a new session is JOINed before it speaks"
