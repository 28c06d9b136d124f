#!/bin/bash
# SPDX-License-Identifier: ISC
# IRC queries as irctest (the IRC conformance suite) checks them: WHO
# #ROOM in another case names the room as the hub spells it in its 352s
# and ends with the mask as sent; WHO with a mask of nicks lists the
# users it matches, but those with +i who share no room with the asker;
# WHOIS and WHO show the real name USER gave, cleaned of formatting and
# control characters and cut to 64 characters, and a native user's nick
# in its place; WHOIS lists every room, shared with the asker or not; TIME, INFO, VERSION and LINKS are answered (391; 371s
# then 374; 351 and 005; 364 and 365), not refused as unknown (421).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test

irc_open a
irc_register a ann
irc_send a "JOIN #chan"
irc_wait a " 366 ann #chan :"
irc_send a "WHO #CHAN"
irc_wait a " 315 ann #CHAN :"
grep -q "^:irc.test 352 ann #chan ann irc.test irc.test ann H :0 " \
    "$T/a.irc" || fail "WHO #CHAN: 352 without #chan: $(grep ' 352 ' \
    "$T/a.irc")"
ok "WHO #CHAN: 352 names #chan, 315 the mask #CHAN"

# WHO masks: bob is +i and shares no room with ann.
irc_open b
irc_register b bob
irc_send b "MODE bob +i"
irc_wait b "MODE bob :+i"
irc_send a "WHO b*"
irc_wait a " 315 ann b* :"
grep -q " 352 ann \* bob " "$T/a.irc" && fail "WHO b*: +i bob listed"
irc_send a "WHO bob"
irc_wait a " 315 ann bob :"
grep -q "^:irc.test 352 ann \* bob irc.test irc.test bob H :0 bob here" \
    "$T/a.irc" || fail "WHO bob: no 352"
ok "WHO b*: +i bob hidden from ann; WHO bob shows him"
irc_send b "JOIN #chan"
irc_wait a ":bob!bob@irc.test JOIN #chan"
irc_send a "WHO B?B" "WHO *"
irc_wait a " 315 ann * :"
[ "$(grep -c " 352 ann \* bob " "$T/a.irc")" = 3 ] ||
    fail "WHO B?B, WHO *: bob not listed twice more"
grep -q " 352 ann \* ann " "$T/a.irc" || fail "WHO *: ann not listed"
ok "WHO B?B and WHO *: bob, in a room with ann, listed"

# Real names: bold, colours, CTCP's \001 and a tab go, spaces at the ends
# too; a long one keeps 64 characters; a native user shows its nick.
irc_open c
irc_send c "NICK carl" \
    "USER carl 0 * :"$' \002Carl\002 \00304,12the\003 \001Third\001\t '
irc_wait c " 001 carl "
irc_open d
long=$(printf 'é%.0s' $(seq 1 70))
cut=$(printf 'é%.0s' $(seq 1 64))
irc_send d "NICK dora" "USER dora 0 * :$long"
irc_wait d " 001 dora "
raw_open n
raw_send n '{"type":"hello","version":1,"nick":"nat"}'
raw_expect n '"type":"welcome"'
irc_send a "WHOIS carl" "WHO carl" "WHOIS dora" "WHO dora" "WHOIS nat" \
    "WHO nat" "PING :real"
irc_wait a "PONG irc.test :real"
for want in " 311 ann carl carl irc.test * :Carl the Third"$'\r' \
    " 352 ann * carl irc.test irc.test carl H :0 Carl the Third"$'\r' \
    " 311 ann dora dora irc.test * :$cut"$'\r' \
    " 352 ann * dora irc.test irc.test dora H :0 $cut"$'\r' \
    " 311 ann nat nat irc.test * :nat"$'\r' \
    " 352 ann * nat irc.test irc.test nat H :0 nat"$'\r'; do
	grep -qF -- "$want" "$T/a.irc" || fail "no '$want': $(grep -E \
	    ' (311|352) ' "$T/a.irc" | tail -6)"
done
ok "WHOIS and WHO: real names cleaned and cut, a native user's nick"

# WHOIS lists every room the user is in, shared or not (rooms have no +s
# or +p), in as many 319s as the rooms need.
# Another address makes most rooms: one may make 10 at once.
room=#room-with-a-name-thirty-two-ch
irc_open e from=127.0.0.2
irc_register e eve
irc_send e "JOIN ${room}10,${room}11,${room}12,${room}13,${room}14" \
    "JOIN ${room}15,${room}16,${room}17,${room}18,${room}19"
irc_wait e " 366 eve ${room}19 :"
irc_send c "JOIN ${room}10,${room}11,${room}12,${room}13,${room}14" \
    "JOIN ${room}15,${room}16,${room}17,${room}18,${room}19" \
    "JOIN ${room}20,${room}21,${room}22"
irc_wait c " 366 carl ${room}22 :"
irc_send a "WHOIS carl" "PING :rooms"
irc_wait a "PONG irc.test :rooms"
[ "$(grep -c " 319 ann carl :" "$T/a.irc")" -ge 2 ] ||
    fail "WHOIS carl: 13 rooms in one 319: $(grep ' 319 ' "$T/a.irc")"
for i in $(seq 10 22); do
	grep " 319 ann carl :" "$T/a.irc" | grep -qE "[: ]$room$i( |"$'\r'"$)" ||
	    fail "WHOIS carl: no $room$i in 319"
done
ok "WHOIS: every room of the user, in several 319s"

irc_send a "TIME"
irc_wait a " 391 ann irc.test :"
grep -qE "^:irc.test 391 ann irc.test :[A-Z][a-z]+ [A-Z][a-z]+ [0-9]{2} \
[0-9]{4} -- [0-9:]{8} [-+][0-9]{4}" "$T/a.irc" || fail "TIME: $(grep ' 391 ' \
    "$T/a.irc")"
ok "TIME: 391 with the hub's time"

irc_send a "INFO"
irc_wait a " 374 ann :End of INFO list"
grep -q "^:irc.test 371 ann :chatroom " "$T/a.irc" || fail "INFO: no 371"
ok "INFO: 371s, then 374"

irc_send a "VERSION"
irc_wait a " 351 ann chatroom-"
grep -q "^:irc.test 351 ann chatroom-[0-9.]* irc.test :" "$T/a.irc" ||
    fail "VERSION: $(grep ' 351 ' "$T/a.irc")"
wait_until 10 eval "[ \$(grep -c ' 005 ann ' \"\$T/a.irc\") -ge 4 ]" ||
    fail "VERSION: no 005 after 351"
ok "VERSION: 351, then 005"

irc_send a "LINKS"
irc_wait a " 365 ann * :End of /LINKS list"
grep -q "^:irc.test 364 ann irc.test irc.test :0 " "$T/a.irc" ||
    fail "LINKS: $(grep ' 364 ' "$T/a.irc")"
ok "LINKS: 364 for the one server, 365"

grep -q " 421 " "$T/a.irc" && fail "421: $(grep ' 421 ' "$T/a.irc")"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
