#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: the owner of a claimed nick, with its key, takes the
# nick back from an IRC login (SASL) on any hub, as on one hub: a
# native client with the key ends the IRC connection, on the same hub
# or on another, which gets the takeover's ERROR; the native client gets
# what it missed, once.  A terminal client taken over from another hub
# takes its session back with Enter, as it is told.  Where the hub
# refuses (the nick is no longer its key's), the client says why and
# does not offer Enter again.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
need_redis_cli

# Point the IRC connections opened next at hub a or b.
irc_on() {
	on "$1"
	IRC_PORT=${IRCP[$1]}
}

# How many lines of a file hold a fixed string.
lines_with() {
	grep -cF "$2" "$1"
}

TAKEN="ERROR :Closing link: your nick was taken over by a new login from \
127.0.0.1"
PW="bob's irc password"
printf 's3cret\n' >"$T/admin.pw"
declare -A IRCP
IRCP[a]=$(pick_port)
start_member a -v --irc-listen "127.0.0.1:${IRCP[a]}" \
    --irc-server-name a.test --admin-password-file "$T/admin.pw"
IRCP[b]=$(pick_port)
start_member b -v --irc-listen "127.0.0.1:${IRCP[b]}" \
    --irc-server-name b.test --admin-password-file "$T/admin.pw"

# wee talks in #dev from hub a.
irc_on a
irc_open w
irc_register w wee
irc_send w "JOIN #dev"
irc_wait w " 366 wee #dev "

# bob claims his nick with his key on hub b, with an IRC password.
on b
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"
client_say bob "/ircpass $PW" "/join #dev"
wait_for "$T/bob.out" "IRC clients may now log in as bob"
wait_for "$T/bob.out" "you joined #dev"
wait_for "$T/a.log" "cluster: nick bob claimed on another hub"

# One hub: bob's client dies, SASL on hub b takes the session waiting
# there, and bob's key on hub b takes it back from the IRC connection.
{ kill -KILL "${CLIENT_PID[bob]}"; wait "${CLIENT_PID[bob]}"; } 2>/dev/null
wait_for "$T/b.log" ": disconnected"
irc_on b
irc_open one
sasl_register one bob "$PW"
irc_wait one " 001 bob "
irc_wait one " 366 bob #dev "
irc_send w "PRIVMSG #dev :one: said while IRC held bob"
irc_wait one "one: said while IRC held bob"
client_start bob2 bob
irc_wait one "$TAKEN"
irc_closed one || fail "the IRC connection on hub b stays open"
wait_for "$T/bob2.out" "one: said while IRC held bob"
grep -q "is taken\|in use" "$T/bob2.out" "$T/bob2.err" &&
    fail "bob's key was refused his nick on one hub"
ok "one hub: bob's key takes the nick back from an IRC login"

# Across hubs: bob's client dies again; SASL on hub a takes the session
# waiting on hub b; bob's key on hub b takes it back.
{ kill -KILL "${CLIENT_PID[bob2]}"; wait "${CLIENT_PID[bob2]}"; } 2>/dev/null
wait_until 10 eval '[ "$(count_in "$T/b.log" ": disconnected")" -ge 2 ]' ||
    fail "hub b did not see bob's client go"
irc_on a
irc_open two
sasl_register two bob "$PW"
irc_wait two " 001 bob "
wait_for "$T/b.log" "bob: session taken over on another hub, from 127.0.0.1"
irc_wait two " 366 bob #dev "
irc_send w "PRIVMSG #dev :two: said while IRC on a held bob"
irc_wait two "two: said while IRC on a held bob"
on b
client_start bob3 bob
irc_wait two "$TAKEN"
irc_closed two || fail "the IRC connection on hub a stays open"
wait_for "$T/a.log" "bob: session taken over on another hub, from 127.0.0.1"
wait_for "$T/bob3.out" "two: said while IRC on a held bob"
grep -q "is taken\|in use" "$T/bob3.out" "$T/bob3.err" &&
    fail "bob's key was refused his nick on hub b"
client_say bob3 "/join #dev" "said by bob after taking it back"
# bob is on hub b: his prefix names his own hub, once a knows its name.
wait_re "$T/w.irc" ":bob!bob@(b\\.test|another\\.hub\\.of\\.this\\.network) PRIVMSG #dev :said by bob after taking it back"
[ "$(lines_with "$T/bob3.out" "two: said while IRC on a held bob")" -eq 1 ] ||
    fail "a line was replayed to bob more than once"
grep -q ":bob!.* QUIT" "$T/w.irc" && fail "wee saw bob quit"
ok "across hubs: bob's key on hub b takes the nick back from hub a's IRC"

# The walk: bob's terminal client on hub b is taken over from hub a (a
# hub that does not record what holds a session: no kinds entry), and
# Enter takes the session back, as the client says.
client_say bob3 "/quit"
client_stop bob3
on b
tui_start tb bob 130 30 "XDG_STATE_HOME=$T/state/bob"
tui_wait tb "you joined #lobby"
tui_type tb "/join #dev"
tui_keys tb Enter
tui_wait tb "you joined #dev"
wait_until 10 eval '[ -n "$(rcli HGET chatroom:kinds bob)" ]' ||
    fail "no kinds entry for bob"
rcli HDEL chatroom:kinds bob >/dev/null
irc_on a
irc_open three
sasl_register three bob "$PW"
irc_wait three " 001 bob "
tui_wait tb "press Enter to take the session back"
irc_wait three " 366 bob #dev "
irc_send w "PRIVMSG #dev :three: said while IRC on a held bob"
irc_wait three "three: said while IRC on a held bob"
tui_keys tb Enter
tui_wait tb "taking the session back"
irc_wait three "$TAKEN"
irc_closed three || fail "the IRC connection on hub a stays open"
tui_wait tb "three: said while IRC on a held bob"
tui_has tb "is taken" && fail "Enter got: the nick is taken"
tui_has tb "type another nick" && fail "Enter led to the nick prompt"
[ "$(tui_screen tb | grep -c "three: said while")" -eq 1 ] ||
    fail "a line was shown twice after taking the session back"
tui_type tb "said from the terminal"
tui_keys tb Enter
# bob is on hub b: his prefix names his own hub, once a knows its name.
wait_re "$T/w.irc" ":bob!bob@(b\\.test|another\\.hub\\.of\\.this\\.network) PRIVMSG #dev :said from the terminal"
ok "Enter takes the terminal's session back from an IRC login on hub a"

# Refused: an operator releases the claim while an IRC login on hub a
# holds bob; bob's key no longer takes it.  The client says why, once.
rcli HDEL chatroom:kinds bob >/dev/null
irc_open four
sasl_register four bob "$PW"
irc_wait four " 001 bob "
tui_wait tb "press Enter to take the session back"
on a
client_start op op
wait_for "$T/op.out" "you joined #lobby"
client_say op "/oper s3cret" "/release bob"
wait_for "$T/op.out" "the claim on bob was released"
wait_until 10 eval '[ "$(rcli HGET chatroom:claims bob | cut -c1)" = "~" ]' ||
    fail "the claim on bob is still in Redis"
sleep 1		# (the bus tells hub b at once; no log says it)
tui_keys tb Enter
tui_wait tb "the nick bob is in use by an IRC login on another hub"
tui_wait tb "the hub did not give the session back"
tui_screen tb | head -n 1 | grep -qF "Enter takes it back" &&
    fail "the title still offers Enter"
irc_send four "PING :still-here"
irc_wait four "PONG a.test :still-here"
ok "refused, the client says why and what to do"
exit 0
