#!/bin/bash
# SPDX-License-Identifier: ISC
# IRC and native users in the same rooms: history after JOIN (plain,
# tagged in a batch, or by CHATHISTORY), messages, /me, DMs, echo-message,
# topic, nick changes, a channel named with digits, PART and QUIT seen on
# both sides.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test --replay 5
client_start nat nat
wait_for "$T/nat.out" "connected to"
client_say nat "before irc"
wait_for "$T/nat.out" "<nat> before irc"

# Plain history: [hh:mm] before each text.
irc_open p
irc_register p pat
irc_send p "JOIN #lobby"
irc_wait p ":pat!pat@irc.test JOIN #lobby"
irc_wait p " 366 pat #lobby :"
irc_wait p ":nat!nat@irc.test PRIVMSG #lobby :["
hhmm='\[[0-2][0-9]:[0-5][0-9]\]'
grep -qE "^:nat!nat@irc.test PRIVMSG #lobby :$hhmm before irc" "$T/p.irc" ||
    fail "plain history line"
grep -n -e " 366 pat" -e "before irc" "$T/p.irc" | head -n 1 |
    grep -q " 366 " || fail "history came before 366"
wait_for "$T/nat.out" "pat joined"
ok "JOIN, names, then history with [hh:mm]"

# Tagged history in a chathistory batch.
irc_open t
irc_send t "CAP LS 302" \
    "CAP REQ :server-time message-tags batch echo-message away-notify"
irc_wait t "ACK"
irc_send t "CAP END"
irc_register t tom
irc_send t "JOIN #lobby"
irc_wait t "BATCH +h1 chathistory #lobby"
tags='@batch=h1;time=[0-9T:.-]+Z;msgid=1'
grep -qE "^$tags :nat!nat@irc.test PRIVMSG #lobby :before irc" "$T/t.irc" ||
    fail "tagged history line"
irc_wait t "BATCH -h1"
ok "history in a chathistory batch with @time and @msgid"

# CHATHISTORY instead of the automatic replay.
irc_open h
irc_send h "CAP REQ :draft/chathistory batch message-tags" "CAP END"
irc_register h hal
irc_send h "JOIN #lobby"
irc_wait h " 366 hal #lobby :"
irc_send h "CHATHISTORY LATEST #lobby * 10"
irc_wait h "chathistory #lobby"
irc_wait h "PRIVMSG #lobby :before irc"
[ "$(count_in "$T/h.irc" "before irc")" = 1 ] ||
    fail "automatic replay despite draft/chathistory"
irc_send h "CHATHISTORY BEFORE #lobby msgid=1 10" \
    "CHATHISTORY AFTER #lobby msgid=0 1" "CHATHISTORY LATEST #nowhere * 1"
irc_wait h "FAIL CHATHISTORY INVALID_TARGET #nowhere"
[ "$(count_in "$T/h.irc" "before irc")" = 2 ] ||
    fail "CHATHISTORY BEFORE/AFTER"
irc_send h "PART #lobby :gone for now"
irc_wait h ":hal!hal@irc.test PART #lobby :gone for now"
irc_wait p ":hal!hal@irc.test PART #lobby :gone for now"
wait_for "$T/nat.out" "hal left #lobby (gone for now)"
ok "CHATHISTORY LATEST/BEFORE/AFTER; PART"

# Both ways, and /me as CTCP ACTION.
client_say nat "hello irc"
irc_wait p ":nat!nat@irc.test PRIVMSG #lobby :hello irc"
irc_send p "PRIVMSG #lobby :hello native"
wait_for "$T/nat.out" "<pat> hello native"
irc_send p $'PRIVMSG #lobby :\001ACTION waves\001'
wait_for "$T/nat.out" "* pat waves"
client_say nat "/me nods"
irc_wait p $':nat!nat@irc.test PRIVMSG #lobby :\001ACTION nods\001'
ok "messages and actions both ways"

# echo-message: only tom gets his own message back.
irc_send t "PRIVMSG #lobby :tom speaks"
irc_wait t ":tom!tom@irc.test PRIVMSG #lobby :tom speaks"
irc_wait p ":tom!tom@irc.test PRIVMSG #lobby :tom speaks"
wait_for "$T/nat.out" "<tom> tom speaks"
grep -q ":pat!pat@irc.test PRIVMSG #lobby :hello native" "$T/p.irc" &&
    fail "pat got his own message without echo-message"
ok "echo-message"

# Beyond the flood burst commands are held back, and PING is answered
# in order behind them.
for i in $(seq 1 14); do
	irc_send t "PRIVMSG #lobby :burst $i"
done
irc_send t "PING :after-burst"
irc_wait t "PONG irc.test :after-burst" 20
last=$(grep -n "PRIVMSG #lobby :burst 14" "$T/t.irc" | cut -d: -f1)
pong=$(grep -n "PONG irc.test :after-burst" "$T/t.irc" | cut -d: -f1)
[ -n "$last" ] && [ "$pong" -gt "$last" ] ||
    fail "PONG overtook held commands"
ok "flood control holds commands back; PING answered in order"

# A multi-line native message is one PRIVMSG a line.
client_say nat 'line one\' "line two"
irc_wait p ":nat!nat@irc.test PRIVMSG #lobby :line one"
irc_wait p ":nat!nat@irc.test PRIVMSG #lobby :line two"
ok "multi-line text"

# NOTICE stays a notice, to a room and to a nick, echo included.
irc_send p "NOTICE #lobby :pat notices"
irc_wait t ":pat!pat@irc.test NOTICE #lobby :pat notices"
wait_for "$T/nat.out" "pat notices"
irc_send t "NOTICE #lobby :tom notices" "NOTICE pat :a word"
irc_wait t ":tom!tom@irc.test NOTICE #lobby :tom notices"
irc_wait p ":tom!tom@irc.test NOTICE #lobby :tom notices"
irc_wait p ":tom!tom@irc.test NOTICE pat :a word"
grep -q "PRIVMSG.*notices" "$T/p.irc" "$T/t.irc" &&
    fail "a NOTICE became a PRIVMSG"
ok "NOTICE to a room and to a nick, and its echo"

# A native notice: flagged in the frame, NOTICE on IRC, and stored as a
# notice (IRCv3 chathistory replays NOTICEs).
raw_open n
raw_send n '{"type":"hello","version":1,"nick":"rho"}'
raw_expect n '"type":"history_end"'
raw_send n '{"type":"msg","room":"lobby","text":"rho notices","notice":true,"seq":5}'
raw_expect n '"type":"ack","seq":5'
raw_expect n '"notice":true'
irc_wait t ":rho!rho@irc.test NOTICE #lobby :rho notices"
irc_send t "CHATHISTORY LATEST #lobby * 100" "PING :history-done"
irc_wait t "PONG irc.test :history-done"
[ "$(count_in "$T/t.irc" "NOTICE #lobby :rho notices")" = 2 ] ||
    fail "a notice not stored as a notice: $(grep -a 'rho notices' "$T/t.irc")"
ok "a native notice, stored as a notice"

# Client-only tags go to message-tags clients only; TAGMSG too.
irc_send p '@+draft/reply=1;+x=a\sb;zzz=1 PRIVMSG #lobby :tagged'
irc_wait t ";+draft/reply=1;+x=a\sb :pat!pat@irc.test PRIVMSG #lobby :tagged"
wait_for "$T/nat.out" "<pat> tagged"
grep "tagged" "$T/t.irc" | grep -q "zzz" && fail "a server tag was relayed"
irc_send p '@+typing=active TAGMSG #lobby' '@+typing=done TAGMSG tom'
irc_wait t ";+typing=active :pat!pat@irc.test TAGMSG #lobby"
irc_wait t ";+typing=done :pat!pat@irc.test TAGMSG tom"
irc_send t '@+react=ok TAGMSG #lobby' "PING :tags-done"
irc_wait t ";+react=ok :tom!tom@irc.test TAGMSG #lobby"
irc_wait t "PONG irc.test :tags-done"
grep -q "TAGMSG\|+draft" "$T/p.irc" && fail "tags to a client without them"
ok "client-only tags and TAGMSG relayed to message-tags clients"

# DMs both ways.
client_say nat "/msg pat psst pat"
irc_wait p ":nat!nat@irc.test PRIVMSG pat :psst pat"
irc_send p "PRIVMSG nat :psst nat"
wait_for "$T/nat.out" "*pat* psst nat"
grep -q "psst" "$T/t.irc" && fail "a DM leaked"
ok "DMs both ways"

# Topic and nick changes, both ways.
irc_send p "TOPIC #lobby :irc topic"
wait_for "$T/nat.out" "irc topic"
irc_wait t ":pat!pat@irc.test TOPIC #lobby :irc topic"
client_say nat "/topic native topic"
irc_wait p ":nat!nat@irc.test TOPIC #lobby :native topic"
irc_send p "TOPIC #lobby"
irc_wait p " 332 pat #lobby :native topic"
irc_send p "NICK :patty"
irc_wait p ":pat!pat@irc.test NICK :patty"
wait_for "$T/nat.out" "patty"
client_say nat "/nick natalie"
irc_wait p ":nat!nat@irc.test NICK :natalie"
ok "topic and nick changes"

# Away, both ways: the native away, AWAY for away-notify clients, 301.
client_say nat "/away at lunch"
irc_wait t ":natalie!natalie@irc.test AWAY :at lunch"
irc_send p "PRIVMSG natalie :are you there"
irc_wait p " 301 patty natalie :at lunch"
irc_send p "AWAY :brb" "WHOIS patty"
irc_wait p " 306 patty :"
irc_wait p " 301 patty patty :brb"
irc_wait p " 317 patty patty "
irc_wait t ":patty!patty@irc.test AWAY :brb"
wait_for "$T/nat.out" "patty is away: brb"
irc_send p "AWAY"
irc_wait p " 305 patty :"
wait_until 10 grep -q $' :patty!patty@irc.test AWAY\r$' "$T/t.irc" ||
    fail "no AWAY for the return"
grep -q " AWAY " "$T/p.irc" && fail "AWAY without away-notify"
ok "AWAY both ways, away-notify, 301, WHOIS"

# A channel named with digits is the room of that name: #5 and /join 5.
irc_send p "JOIN #5"
irc_wait p ":patty!patty@irc.test JOIN #5"
client_say nat "/join 5"
irc_wait p ":natalie!natalie@irc.test JOIN #5"
client_say nat "in five"
irc_wait p ":natalie!natalie@irc.test PRIVMSG #5 :in five"
irc_send p "PRIVMSG #5 :five back"
wait_for "$T/nat.out" "#5 <patty> five back"
ok "JOIN #5 and /join 5 meet in the room named 5"

# The queries clients make on joining a channel are answered, the list
# queries with their (empty) lists' ends: looking needs no operator.
irc_send p "MODE #lobby" "WHO #lobby" "MODE #lobby b" "MODE #lobby +e" \
    "MODE #lobby I" "MODE #lobby +o natalie" "MODE #lobby x" "PING :modes"
irc_wait p "PONG irc.test :modes"
for want in " 324 patty #lobby :+n"$'\r' " 329 patty #lobby :" \
    " 352 patty #lobby patty irc.test irc.test patty H" \
    " 315 patty #lobby :End of WHO list" \
    " 368 patty #lobby :End of channel ban list" \
    " 349 patty #lobby :End of channel exception list" \
    " 347 patty #lobby :End of channel invite exception list" \
    " 482 patty #lobby :You're not channel operator" \
    " 472 patty x :is unknown mode char to me"; do
	grep -qF -- "$want" "$T/p.irc" || fail "no '$want'"
done
[ "$(count_in "$T/p.irc" " 482 patty #lobby ")" = 1 ] ||
    fail "a list query answered with 482"
# Several lists in one query, as irssi's /mode #room eI sends it.
irc_send p "MODE #lobby eIb" "PING :lists"
irc_wait p "PONG irc.test :lists"
[ "$(count_in "$T/p.irc" " 482 patty #lobby ")" = 1 ] ||
    fail "MODE #lobby eIb answered with 482"
for n in 368 349 347; do
	[ "$(count_in "$T/p.irc" " $n patty #lobby ")" = 2 ] ||
	    fail "MODE #lobby eIb did not end list $n once"
done
ok "MODE, WHO and the ban, exception and invite lists of a channel"

# QUIT is seen by the native user.
irc_send p "QUIT :off now"
wait_for "$T/nat.out" "patty quit"
ok "QUIT"
exit 0
