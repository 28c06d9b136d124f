#!/bin/bash
# SPDX-License-Identifier: ISC
# IRC registration: 451 before it, CAP negotiation, NICK/USER, the
# welcome numerics, PASS, nick errors, and the commands that only ask.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name My.Little.Server

# irssi probes with "JOIN :" and waits for 451.
irc_open a
irc_send a "JOIN :"
irc_wait a ":My.Little.Server 451 * :You have not registered"
irc_send a "PING :early"
irc_wait a "PONG My.Little.Server :early"
ok "451 before registration; PING answered"

# CAP LS suspends registration until CAP END.
irc_send a "CAP LS 302" "NICK anna" "USER anna 0 * :Anna A"
irc_wait a "CAP * LS :"
grep -F "CAP * LS" "$T/a.irc" | grep -q "server-time" || fail "no server-time"
grep -F "CAP * LS" "$T/a.irc" | grep -q "echo-message" || fail "no echo"
grep -F "CAP * LS" "$T/a.irc" | grep -q "sasl=PLAIN" || fail "no sasl=PLAIN"
irc_send a "CAP REQ :server-time bogus-cap"
irc_wait a "CAP anna NAK :server-time bogus-cap"
irc_send a "CAP REQ :server-time echo-message"
irc_wait a "CAP anna ACK :server-time echo-message"
grep -q " 001 " "$T/a.irc" && fail "registered before CAP END"
irc_send a "CAP LIST"
irc_wait a "CAP anna LIST :cap-notify echo-message server-time"
irc_send a "CAP REQ :multi-prefix"
irc_wait a "CAP anna ACK :multi-prefix"
irc_send a "CAP END"
irc_wait a ":My.Little.Server 001 anna :Welcome"
for n in 002 003 004 251 252 253 254 255 265 266 422; do
	irc_wait a " $n anna "
done
for tok in CASEMAPPING= CHANTYPES=# PREFIX= CHANMODES= NICKLEN= \
    CHANNELLEN= TOPICLEN= KICKLEN= AWAYLEN= CHANLIMIT= TARGMAX= \
    UTF8ONLY NETWORK=; do
	grep " 005 anna " "$T/a.irc" | grep -qF " $tok" ||
	    fail "ISUPPORT lacks $tok"
done
ok "CAP LS/REQ/ACK/NAK/LIST/END, 001-005, LUSERS, 422"

# The lists of e and I are answered (empty) but not advertised: no one
# can set them, and irssi asks for both on every join once 004 names e
# and I.
grep -qE " 004 anna My.Little.Server chatroom-[^ ]+ io bn b"$'\r'"$" \
    "$T/a.irc" || fail "004: $(grep ' 004 ' "$T/a.irc")"
grep " 005 anna " "$T/a.irc" | grep -qF " CHANMODES=b,,,n " ||
    fail "CHANMODES: $(grep -o 'CHANMODES=[^ ]*' "$T/a.irc")"
grep " 005 anna " "$T/a.irc" | grep -qE " (EXCEPTS|INVEX)[= ]" &&
    fail "EXCEPTS or INVEX advertised"
ok "004 and CHANMODES claim no e or I; no EXCEPTS, no INVEX"

# No room is forced on an IRC client.
grep -q " JOIN #" "$T/a.irc" && fail "an IRC client was put in a room"
ok "no lobby for IRC clients"

# Nick errors leave the client free to try another.
irc_open b
irc_send b "USER bert 0 * :"
irc_wait b " 461 * USER :"
irc_send b "NICK anna"
irc_wait b " 433 * anna :"
irc_send b "NICK bad!nick"
irc_wait b " 432 * bad!nick :Erroneous nickname: a nick may not contain"
irc_send b "NICK 9lives"
irc_wait b " 432 * 9lives :Erroneous nickname: a nick may not start with a digit"
irc_send b "NICK bert" "USER bert 0 * :Bert"
irc_wait b " 001 bert "
ok "433 and 432 before registration"

# Errors of registered clients.
irc_send b "FROBNICATE" "JOIN" "USER x 0 * :x" "PRIVMSG #nowhere :hi" \
    "PRIVMSG nobody :hi" "NOTICE nobody :hi" "PRIVMSG anna"
irc_wait b " 421 bert FROBNICATE :"
irc_wait b " 461 bert JOIN :"
irc_wait b " 462 bert :"
irc_wait b " 403 bert #nowhere :"
irc_wait b " 401 bert nobody :"
irc_wait b " 412 bert :"
[ "$(count_in "$T/b.irc" " 401 bert nobody")" = 1 ] ||
    fail "NOTICE was answered with an error"
irc_send b "PRIVMSG anna :$(printf 'x%.0s' $(seq 600))"
irc_wait b " 417 bert :"
ok "421, 461, 462, 403, 401, 412, 417; NOTICE is never answered"

# Queries.
irc_send b "WHOIS anna" "ISON anna nobody bert" "USERHOST anna" \
    "MODE bert" "MODE bert +i" "AWAY :gone fishing" "LUSERS" "MOTD"
irc_wait b " 311 bert anna anna My.Little.Server * :Anna A"
irc_wait b " 318 bert anna :"
irc_wait b " 303 bert :anna bert"
irc_wait b " 302 bert :anna=+anna@My.Little.Server"
irc_wait b " 221 bert :+"
irc_wait b ":bert MODE bert :+i"
irc_wait b " 306 bert :"
# bert is +i now: invisible in 251.
irc_wait b " 251 bert :There are 1 users and 1 invisible on 1 servers"
irc_wait b " 265 bert 2 2 :Current local users 2, max 2"
irc_wait b " 266 bert 2 2 :Current global users 2, max 2"
irc_wait b " 255 bert :I have 2 clients and 1 servers"
irc_wait b " 422 bert :"
# A native user whose connection dropped still counts, waiting for a
# resume: the same count in 251 (visible and invisible) and 255.
raw_open ghost
raw_send ghost '{"type":"hello","version":1,"nick":"ghost"}'
raw_expect ghost '"type":"history_end"'
exec {RAW_FD[ghost]}>&-
sleep 1
irc_send b "LUSERS"
irc_wait b " 251 bert :There are 2 users and 1 invisible"
irc_wait b " 255 bert :I have 3 clients and 1 servers"
irc_send a "WHOIS bert" "PRIVMSG bert :are you there"
irc_wait a " 301 anna bert :gone fishing"
ok "WHOIS, ISON, USERHOST, MODE, AWAY, LUSERS, MOTD"

# Speaking where one is not, tags alone, WHOWAS, bytes that are not UTF-8.
irc_send a "PRIVMSG #lobby :not a member" "TAGMSG #lobby" "WHOWAS gone"
printf 'PRIVMSG bert :caf\351\r\n' >&"${RAW_FD[a]}"
irc_wait a " 404 anna #lobby :"
irc_wait a " 406 anna gone :"
irc_wait a " 369 anna gone :"
irc_wait a "NOTICE anna :PRIVMSG bert: Message rejected: not UTF-8"
grep -q "TAGMSG" "$T/a.irc" && fail "TAGMSG was answered"
ok "404, TAGMSG, WHOWAS, a NOTICE for bytes not UTF-8"

# QUIT: ERROR, and the others see it.
# bert joins once anna is in: sent at once, the two JOINs could be read in
# either order, and anna would see no JOIN from bert.
irc_send a "JOIN #q"
irc_wait a " 366 anna #q :"
irc_send b "JOIN #q"
irc_wait a ":bert!bert@My.Little.Server JOIN #q"
irc_send a "LIST #q"
irc_wait a " 322 anna #q 2 :"
irc_wait a " 323 anna :"
grep -q " 322 anna #lobby" "$T/a.irc" && fail "LIST #q listed #lobby"
irc_send b "QUIT :see you"
irc_wait b "ERROR :Closing link"
irc_closed b || fail "the hub kept the connection after QUIT"
irc_wait a ":bert!bert@My.Little.Server QUIT :see you"
ok "QUIT"

# The hub password; OPER with the operator password.
stop_hub
echo "sesame" >"$T/pass"
echo "opensesame" >"$T/admin.pw"
start_irc_hub --password-file "$T/pass" --handshake-timeout 2 \
    --admin-password-file "$T/admin.pw"
irc_open slow
irc_wait slow "ERROR :Closing link: registration timed out"
irc_closed slow || fail "kept a connection that never registered"
ok "the handshake deadline"
irc_open c
irc_send c "PASS wrong" "NICK carl" "USER carl 0 * :Carl"
irc_wait c " 464 carl :"
irc_wait c "ERROR :"
irc_closed c || fail "a wrong PASS kept the connection"
irc_open d
irc_send d "PASS sesame" "NICK dora" "USER dora 0 * :Dora"
irc_wait d " 001 dora "
ok "PASS: the hub password"
irc_send d "OPER dora opensesame"
irc_wait d " 381 dora :"
irc_wait d ":dora MODE dora :+o"
irc_send d "MODE dora"
irc_wait d " 221 dora :+o"
irc_send d "MODE dora -o" "KILL carl"
irc_wait d ":dora MODE dora :-o"
irc_wait d " 481 dora :"
ok "OPER: 381 and MODE +o; MODE -o"

# --irc-autojoin; the per-address limit applies to IRC connections too.
stop_hub
start_irc_hub --max-clients-per-ip 1 --irc-autojoin 'lobby,#auto' \
    --irc-server-name auto.test
irc_open x
irc_register x xena
irc_wait x ":xena!xena@auto.test JOIN #lobby"
irc_wait x ":xena!xena@auto.test JOIN #auto"
irc_wait x " 366 xena #auto :"
ok "--irc-autojoin"
irc_open y
irc_wait y "ERROR :"
irc_closed y || fail "a connection over the per-address limit was kept"
ok "--max-clients-per-ip"

# The same settings from a config file.
stop_hub
IRC_PORT=$(pick_port)
printf 'IRC_LISTEN=127.0.0.1:%s\nIRC_SERVER_NAME=conf.test\nIRC_AUTOJOIN=conf\n' \
    "$IRC_PORT" >"$T/hub.conf"
start_hub --config "$T/hub.conf"
wait_for "$HUB_LOG" "127.0.0.1:$IRC_PORT (IRC)"
irc_open z
irc_register z zoe
irc_wait z ":zoe!zoe@conf.test JOIN #conf"
ok "IRC_LISTEN, IRC_SERVER_NAME and IRC_AUTOJOIN in the config file"

# After a restart the nick is free at once: IRC sessions are not kept.
stop_hub
start_hub --config "$T/hub.conf"
# The log is appended to: the first hub's line does not count.
wait_until 10 eval \
    '[ "$(count_in "$HUB_LOG" "127.0.0.1:$IRC_PORT (IRC)")" -ge 2 ]' ||
    fail "the restarted hub does not listen for IRC"
irc_open z2
irc_register z2 zoe
ok "a restart does not hold an IRC user's nick"
exit 0
