#!/bin/bash
# SPDX-License-Identifier: ISC
# SASL PLAIN on the IRC listener: a nick claimed by a native client's key,
# with the password its owner set by /ircpass; a free nick claimed from
# IRC with a password; wrong passwords refused and throttled per address;
# and SASL for a nick whose session waits for its resume takes it over,
# with its rooms, the messages and the DMs it missed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

# Wait until what the hub sent a connection holds a string n times.
irc_wait_n() {
	local name=$1 text=$2 n=$3
	wait_until 20 irc_has_n "$name" "$text" "$n" ||
	    fail "$name: fewer than $n lines with '$text'"
}
irc_has_n() {
	[ "$(count_in "$T/$1.irc" "$2")" -ge "$3" ]
}

# Kill a native client, so that its session waits for a resume, and
# wait until the hub has seen its connection go.
kill_client() {
	KILL_GONE=$(count_in "$HUB_LOG" ": disconnected")
	kill -KILL "${CLIENT_PID[$1]}"
	wait_until 10 one_more_gone || fail "the hub did not see $1 go"
}
one_more_gone() {
	[ "$(count_in "$HUB_LOG" ": disconnected")" -gt "$KILL_GONE" ]
}

printf 'op-pass\n' >"$T/admin.pw"
start_irc_hub --irc-server-name irc.test -v --admin-password-file "$T/admin.pw"

client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"

# No password yet: the claim cannot be opened from IRC.
irc_open a
irc_send a "CAP LS 302" "NICK alice" "USER alice 0 * :Alice"
irc_wait a "CAP * LS :"
grep -F "CAP * LS" "$T/a.irc" | grep -q "sasl=PLAIN" || fail "no sasl=PLAIN"
irc_send a "CAP REQ :sasl" "AUTHENTICATE PLAIN"
irc_wait a "AUTHENTICATE +"
irc_send a "$(sasl_plain "" alice "whatever password")"
irc_wait a " 904 alice :SASL authentication failed"
wait_for "$HUB_LOG" "SASL for alice: the nick's claim has no password"
ok "a claim without a password is not opened"

client_say alice "/ircpass alice's irc password" "before she left"
wait_for "$T/alice.out" "IRC clients may now log in as alice"
wait_for "$T/alice.out" "<alice> before she left"

# Wrong password, another authzid, then the right one while the owner
# is still connected: proved, but a connected session is not taken.
irc_send a "AUTHENTICATE PLAIN" "$(sasl_plain "" alice "not her password")"
irc_wait_n a " 904 alice :SASL authentication failed" 2
wait_for "$HUB_LOG" "SASL for alice: wrong password"
irc_send a "AUTHENTICATE PLAIN" \
    "$(sasl_plain bob alice "alice's irc password")"
irc_wait_n a " 904 alice :SASL authentication failed" 3
wait_for "$HUB_LOG" "SASL for alice as bob refused"
irc_send a "AUTHENTICATE PLAIN" "$(sasl_plain "" alice "alice's irc password")"
irc_wait a \
    " 900 alice alice!alice@irc.test alice :You are now logged in as alice"
irc_wait a " 903 alice :SASL authentication successful"
grep -q "alice's irc password" "$HUB_LOG" && fail "the password was logged"
irc_send a "CAP END"
irc_wait a " 433 * alice :Nickname is already in use"
grep -q " 001 " "$T/a.irc" && fail "registered with a nick in use"
ok "904 for a wrong password or authzid; 900, 903; a live session stays"

# The owner's client dies (her session waits for a resume); bob talks
# to her.
kill_client alice
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"
client_say bob "while you were away" "/msg alice a DM for later"
wait_for "$T/bob.out" "<bob> while you were away"
wait_for "$T/bob.out" "alice lost the connection; the hub keeps your message"

# The IRC client, proved, takes the nick again: the session moves to it.
irc_send a "NICK alice"
irc_wait a " 001 alice "
irc_wait a ":alice!alice@irc.test JOIN #lobby"
irc_wait a " 366 alice #lobby "
# (Without server-time, replayed lines carry their time as "[hh:mm] ".)
irc_wait a ":bob!bob@irc.test PRIVMSG #lobby :["
grep -F ":bob!bob@irc.test PRIVMSG #lobby :[" "$T/a.irc" |
    grep -q "] while you were away" || fail "the missed message"
# The DM kept for her too, with its time: it was not said now.
irc_wait a ":bob!bob@irc.test PRIVMSG alice :"
grep -F ":bob!bob@irc.test PRIVMSG alice :" "$T/a.irc" |
    grep -qE ":\[[0-9]{2}:[0-9]{2}\] a DM for later" ||
    fail "the kept DM, without its time: $(grep -F "PRIVMSG alice" "$T/a.irc")"
grep -q "before she left" "$T/a.irc" &&
    fail "the takeover replayed what she had seen"
wait_for "$HUB_LOG" "alice resumed"
irc_send a "PRIVMSG #lobby :hello from IRC"
wait_for "$T/bob.out" "<alice> hello from IRC"
wait_for "$T/bob.out" "alice is back"
grep -q "alice joined" "$T/bob.out" && fail "bob saw alice join again"
irc_send a "NICK alice_phone" "NICK alice" "NICK bob"
irc_wait a ":alice_phone!alice_phone@irc.test NICK "
irc_wait a " 433 alice bob :"
ok "SASL takes over a session waiting for its resume: rooms, missed, DMs"

# A banned nick cannot be claimed from IRC.
client_say bob "/oper op-pass" "/ban mallory"
wait_for "$T/bob.out" "mallory is banned"
irc_open m
irc_send m "CAP LS 302" "CAP REQ :sasl" "AUTHENTICATE PLAIN"
irc_wait m "AUTHENTICATE +"
irc_send m "$(sasl_plain "" mallory "mallory's password")"
irc_wait m " 904 * :SASL authentication failed"
wait_for "$HUB_LOG" "SASL for mallory: not a nick or password one may claim"
ok "a banned nick is not claimed from IRC"

# A free nick claimed from IRC: only the hash is kept, and no key.
irc_open c
irc_send c "CAP LS 302" "NICK carol" "USER carol 0 * :Carol" \
    "CAP REQ :sasl" "AUTHENTICATE PLAIN"
irc_wait c "AUTHENTICATE +"
irc_send c "$(sasl_plain "" carol "carol's new password")" "CAP END"
irc_wait c " 903 carol :"
irc_wait c " 001 carol "
wait_for "$HUB_LOG" "nick carol claimed with a password"
wait_until 20 grep -qF '{"nick":"carol","pass":"scrypt$13$8$1$' \
    "$T/history.json" || fail "the IRC claim was not saved as a hash"
irc_send c "QUIT :bye"
irc_closed c || fail "QUIT did not close"
run_batch native carol "hello"
[ "$BATCH_RC" -ne 0 ] || fail "a native client took a nick claimed from IRC"
grep -q "claimed" "$T/native.err" || fail "no 'claimed' error"
irc_open n
irc_send n "NICK carol"
irc_wait n " 433 * carol :Nickname is claimed by another user"
irc_send n "CAP LS 302" "CAP REQ :sasl" "AUTHENTICATE PLAIN"
irc_wait n "AUTHENTICATE +"
irc_send n "$(sasl_plain "" carol "carol's new password")" "NICK carol" \
    "USER carol 0 * :Carol" "CAP END"
irc_wait n " 001 carol "
irc_send n "NICK carol_away" "NICK carol"
irc_wait n ":carol_away!carol_away@irc.test NICK "
ok "SASL claims a free nick with a password; only SASL opens it again"

# Without SASL, a claimed nick waits for CAP END and is then refused.
irc_open d
irc_send d "CAP LS 302" "NICK alice" "USER x 0 * :X" "CAP END"
irc_wait d " 433 * alice :Nickname is already in use"
irc_send d "NICK dan"
irc_wait d " 001 dan "
ok "433 at CAP END for a nick SASL did not prove"

# Connections that go away while their password is checked: the answer
# is dropped, not sent to a freed connection.
for i in 1 2 3 4 5; do
	exec {fd}<>"/dev/tcp/127.0.0.1/$IRC_PORT"
	printf 'CAP LS 302\r\nAUTHENTICATE PLAIN\r\n%s\r\n' \
	    "$(sasl_plain "" carol "carol's new password")" >&"$fd"
	exec {fd}>&-
done
irc_send n "PING :still-alive"
irc_wait n "PONG irc.test :still-alive"
kill -0 "$HUB_PID" || fail "the hub died"
ok "a connection gone before its SASL answer"

# After a hub restart, the sessions kept in the history file wait for
# their resume too: SASL takes one over with what it missed.
client_start eve eve
wait_for "$T/eve.out" "you joined #lobby"
client_say eve "/ircpass eve's password here" "eve was here"
wait_for "$T/eve.out" "IRC clients may now log in as eve"
wait_for "$T/eve.out" "<eve> eve was here"
kill_client eve
client_say bob "said after eve left"
wait_for "$T/bob.out" "<bob> said after eve left"
stop_hub TERM
FORCE_PORT=$HUB_PORT start_irc_hub --irc-server-name irc.test -v \
    --admin-password-file "$T/admin.pw"
irc_open e
irc_send e "CAP LS 302" "NICK eve" "USER eve 0 * :Eve" "CAP REQ :sasl" \
    "AUTHENTICATE PLAIN"
irc_wait e "AUTHENTICATE +"
irc_send e "$(sasl_plain "" eve "eve's password here")" "CAP END"
irc_wait e " 001 eve "
irc_wait e ":eve!eve@irc.test JOIN #lobby"
irc_wait e "] said after eve left"
grep -q "eve was here" "$T/e.irc" && fail "eve got what she had seen"
ok "after a restart, SASL takes over a kept session with what it missed"

# Wrong passwords count per address: after 5, even the right one fails.
# (How many are left depends on how long ago the one above was.)
irc_open w
irc_send w "CAP LS 302"
i=0
while ! grep -q "too many wrong passwords; refusing" "$HUB_LOG"; do
	i=$((i + 1))
	[ "$i" -le 5 ] || fail "5 wrong passwords did not use up the tries"
	irc_send w "AUTHENTICATE PLAIN" \
	    "$(sasl_plain "" carol "guess $i guess")"
	irc_wait_n w " 904 " "$i"
done
irc_send w "AUTHENTICATE PLAIN" "$(sasl_plain "" carol "carol's new password")"
irc_wait_n w " 904 " $((i + 1))
wait_for "$HUB_LOG" "SASL for carol: too many wrong passwords lately"
grep -q " 903 " "$T/w.irc" && fail "the right password got in while throttled"
ok "wrong SASL passwords are throttled per address"

# A claim made from IRC counts against the hub's claim caps like any.
stop_hub TERM
rm -f "$T"/history.json*
HUB_NAME=caps start_irc_hub --irc-server-name irc.test --max-claims 1
for n in dave erin; do
	irc_open $n
	irc_send $n "CAP LS 302" "NICK $n" "USER $n 0 * :$n" \
	    "CAP REQ :sasl" "AUTHENTICATE PLAIN"
	irc_wait $n "AUTHENTICATE +"
	irc_send $n "$(sasl_plain "" $n "$n's own password")"
done
irc_wait dave " 903 dave :"
irc_wait erin " 904 erin :"
wait_for "$HUB_LOG" "SASL for erin: over the hub's limits on new claims"
ok "a claim from IRC past --max-claims is refused"
exit 0
