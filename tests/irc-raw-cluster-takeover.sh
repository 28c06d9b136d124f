#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: an IRC client that proves a claimed nick with SASL on one
# hub takes over the nick's session on another hub, as on one hub: an
# open IRC connection there, a session waiting for its resume, but not a
# native client connected there (433).  The other hub ends its connection
# with the takeover's reason; the new connection gets its welcome and the
# session's channels, without the lines the session was sent there, after
# a restart of that hub too.  A session whose hub did not record what
# holds it is taken over as before.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

# Point the IRC connections opened next at hub a or b.
irc_on() {
	on "$1"
	IRC_PORT=${IRCP[$1]}
}

declare -A IRCP
IRCP[a]=$(pick_port)
start_member a -v --irc-listen "127.0.0.1:${IRCP[a]}" --irc-server-name a.test
IRCP[b]=$(pick_port)
start_member b -v --irc-listen "127.0.0.1:${IRCP[b]}" --irc-server-name b.test

# irs claims its nick from IRC on hub a and joins #dev; wee, on hub b,
# shares it.
irc_on a
irc_open old
sasl_register old irs "irs password"
irc_wait old " 001 irs "
wait_for "$T/a.log" "nick irs claimed with a password"
irc_send old "JOIN #dev"
irc_wait old " 366 irs #dev "
wait_for "$T/b.log" "cluster: nick irs claimed on another hub"
irc_on b
irc_open w
irc_register w wee
irc_send w "JOIN #dev"
irc_wait w " 366 wee #dev "
grep -q " 353 wee = #dev :.*irs" "$T/w.irc" ||
    fail "wee on hub b does not see irs in #dev"
irc_send w "PRIVMSG #dev :said before the takeover"
# (wee is on hub b's host: its name once hub a has heard it.)
host='(b\.test|another\.hub\.of\.this\.network)'
wait_until 10 grep -qE ":wee!wee@$host PRIVMSG #dev :said before the takeover" \
    "$T/old.irc" || fail "irs did not see wee's line from hub b"

# Without SASL, hub b refuses the nick, and the connection on a stays.
irc_open x
irc_send x "NICK irs" "USER irs 0 * :irs"
irc_wait x " 433 * irs :"
irc_send old "PING :still-here"
irc_wait old "PONG a.test :still-here"
ok "433 on the other hub without SASL; the connection holding irs stays"

# The owner proves the nick on hub b while the connection on a is open.
irc_open new
sasl_register new irs "irs password"
irc_wait new " 001 irs "
grep -q " 433 " "$T/new.irc" && fail "the proved owner got 433 on hub b"
irc_wait old "ERROR :"
grep -qF "ERROR :Closing link: your nick was taken over by a new login \
from 127.0.0.1" "$T/old.irc" ||
    fail "the connection on hub a was not told it was taken over"
irc_closed old || fail "the connection on hub a stays open"
wait_for "$T/a.log" "irs: session taken over on another hub, from 127.0.0.1"
wait_for "$T/b.log" "irs resumed a session from another hub"
irc_wait new ":irs!irs@b.test JOIN #dev"
irc_wait new " 366 irs #dev "
irc_send new "PING :replayed"
irc_wait new "PONG b.test :replayed"
grep -q "said before the takeover" "$T/new.irc" &&
    fail "the new connection was replayed a line the old one was sent"
irc_send new "PRIVMSG #dev :said after the takeover"
irc_wait w ":irs!irs@b.test PRIVMSG #dev :said after the takeover"
grep -q ":irs!.* QUIT" "$T/w.irc" && fail "the channel saw irs quit"
ok "SASL on hub b takes over irs's IRC connection on hub a, with #dev"

# A wrong password takes nothing over, from the other hub either.
irc_on a
irc_open bad
irc_send bad "CAP LS 302" "NICK irs" "USER irs 0 * :irs" \
    "CAP REQ :sasl" "AUTHENTICATE PLAIN"
irc_wait bad "AUTHENTICATE +"
irc_send bad "$(sasl_plain "" irs "not the password")" "CAP END"
irc_wait bad " 904 "
irc_wait bad " 433 * irs :"
irc_send new "PING :kept"
irc_wait new "PONG b.test :kept"
ok "a wrong password on hub a gets 433 and leaves hub b's irs alone"

# A native client's nick on hub a, with an IRC password; its client
# dies, and its session waits for a resume there.
on a
client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"
client_say alice "/ircpass alice's irc password" "/join #dev"
wait_for "$T/alice.out" "IRC clients may now log in as alice"
wait_for "$T/alice.out" "you joined #dev"
wait_for "$T/b.log" "cluster: nick alice claimed on another hub"
wait_for "$T/alice.out" "said after the takeover"
{ kill -KILL "${CLIENT_PID[alice]}"; wait "${CLIENT_PID[alice]}"; } 2>/dev/null
wait_for "$T/a.log" ": disconnected"
irc_send w "PRIVMSG #dev :said while alice was away"
irc_sync w
irc_on b
irc_open ghost
sasl_register ghost alice "alice's irc password"
irc_wait ghost " 001 alice "
grep -q " 433 " "$T/ghost.irc" && fail "433 for alice's ghost on hub a"
wait_for "$T/a.log" "alice: session taken over on another hub, from 127.0.0.1"
irc_wait ghost ":alice!alice@b.test JOIN #dev"
irc_wait ghost " 366 alice #dev "
irc_wait ghost "said while alice was away"
irc_send ghost "PING :replayed"
irc_wait ghost "PONG b.test :replayed"
grep -q "said after the takeover" "$T/ghost.irc" &&
    fail "alice's IRC client was replayed a line her native client had"
ok "SASL on hub b takes over a session waiting for its resume on hub a," \
    "with what it missed"

# alice's native client again, on hub a, with her key: her IRC client
# on hub b gets 433, as on one hub, and the native client stays.
irc_send ghost "QUIT :bye"
irc_closed ghost || fail "QUIT did not close"
on a
client_start alice2 alice
wait_for "$T/alice2.out" "you joined"
irc_on b
irc_open back
irc_send back "CAP LS 302" "NICK alice" "USER alice 0 * :alice" \
    "CAP REQ :sasl" "AUTHENTICATE PLAIN"
irc_wait back "AUTHENTICATE +"
irc_send back "$(sasl_plain "" alice "alice's irc password")" "CAP END"
irc_wait back " 903 alice :"
irc_wait back " 433 * alice :Nickname is already in use"
grep -q " 001 alice " "$T/back.irc" &&
    fail "SASL on hub b took over the native client on hub a"
client_say alice2 "/join #native"
wait_for "$T/alice2.out" "you joined #native"
grep -q "taken over" "$T/alice2.err" &&
    fail "the native client on hub a was taken over"
ok "SASL on hub b gets 433 for a native client connected on hub a"

# A hub that does not record what holds a session (a version before the
# kinds entries): its native client's session is taken over as before.
redis-cli -p "$REDIS_PORT" HDEL chatroom:kinds alice >/dev/null ||
    fail "redis-cli could not drop alice's kinds entry"
irc_open back2
sasl_register back2 alice "alice's irc password"
irc_wait back2 " 001 alice "
wait_until 10 grep -q "your session was taken over at .* by a connection \
from 127.0.0.1" "$T/alice2.err" ||
    fail "the native client on hub a was not told it was taken over"
wait_for "$T/a.log" "alice: session taken over on another hub, from 127.0.0.1"
ok "without a kinds entry, SASL on hub b takes over the native client"

# A hub restarted holds its sessions again: carol's native client is
# gone and hub a restarts; her session waits there with what she was
# sent, and SASL on hub b takes it over with only what she missed.
irc_send back2 "QUIT :bye"
irc_closed back2 || fail "QUIT did not close"
on a
client_start carol carol
wait_for "$T/carol.out" "you joined #lobby"
client_say carol "/ircpass carol's irc password" "/join #dev"
wait_for "$T/carol.out" "IRC clients may now log in as carol"
wait_for "$T/carol.out" "said while alice was away"
{ kill -KILL "${CLIENT_PID[carol]}"; wait "${CLIENT_PID[carol]}"; } 2>/dev/null
wait_until 10 eval '[ "$(grep -c ": disconnected" "$T/a.log")" -ge 2 ]' ||
    fail "hub a did not see carol's client go"
on a; stop_hub TERM
HUB_NAME=a FORCE_PORT=${PORT[a]} start_hub --cluster "$CLUSTER" \
    --cluster-ttl "$CLUSTER_TTL" --history "$T/a.json" --resume-timeout 60 \
    --irc-listen "127.0.0.1:${IRCP[a]}" --irc-server-name a.test
PID[a]=$HUB_PID
wait_until 20 eval '[ "$(grep -c "cluster: in contact with Redis" \
    "$T/a.log")" -ge 2 ]' || fail "hub a is not back"
irc_send w "PRIVMSG #dev :said while carol was away"
irc_sync w
irc_on b
irc_open carol
sasl_register carol carol "carol's irc password"
irc_wait carol " 001 carol "
wait_for "$T/a.log" "carol: session taken over on another hub, from 127.0.0.1"
irc_wait carol " 366 carol #dev "
irc_wait carol "said while carol was away"
irc_sync carol
grep -q "said while alice was away" "$T/carol.irc" &&
    fail "carol's IRC client was replayed a line her native client had"
ok "after hub a restarted, SASL on hub b takes its session over with" \
    "what it missed"
