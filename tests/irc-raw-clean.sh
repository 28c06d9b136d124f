#!/bin/bash
# SPDX-License-Identifier: ISC
# Text a user wrote reaches an IRC client made safe, whatever line carries
# it: an away message in 301 (WHOIS, the reply to a DM), a topic in 332
# (TOPIC, JOIN), 322 (LIST) and the TOPIC relay, a realname
# in 311 and 352: ESC, BEL and other controls in caret form ("^["), as
# PRIVMSG has them, never raw (an OSC 52 would write the clipboard).  A
# room in an error is named as IRC shows it: 442 "#lobby".
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test

E=$(printf '\033') B=$(printf '\007')

irc_open m
printf 'NICK mal\r\nUSER mal 0 * :real\033]0;PWNED\007\033[31mred \00304col\r\n' \
    >&"${RAW_FD[m]}"
irc_wait m " 001 mal "
irc_open w
irc_register w wes
irc_send w "JOIN #lobby"
irc_wait w " 366 wes #lobby :"

# 442 first (mal is not in #lobby yet), with the channel's '#'.
irc_send m "TOPIC #lobby :x"
irc_wait m " 442 mal #lobby :"
grep -F " 442 mal #lobby :" "$T/m.irc" | grep -q "You're not on that channel" ||
    fail "442 is not IRC's own text: $(grep ' 442 ' "$T/m.irc")"
ok "442 names the room #lobby"

irc_send m "JOIN #lobby"
irc_wait m " 366 mal #lobby :"
printf 'AWAY :away \033]52;c;YWF3YXk=\007 end\r\n' >&"${RAW_FD[m]}"
irc_wait m " 306 mal "
printf 'TOPIC #lobby :topic \033]0;TITLE\007\033[5mblink end\r\n' \
    >&"${RAW_FD[m]}"
topic='topic ^[]0;TITLE^G^[[5mblink end'
irc_wait w ":mal!mal@irc.test TOPIC #lobby :$topic"

irc_send w "WHOIS mal"
irc_wait w " 318 wes mal "
irc_send w "PRIVMSG mal :hi"
irc_wait w " 301 wes mal :away ^[]52;c;YWF3YXk=^G end" 
[ "$(count_in "$T/w.irc" " 301 wes mal :away ^[]52;c;YWF3YXk=^G end")" -ge 2 ] ||
    wait_until 10 eval '[ "$(count_in "$T/w.irc" \
        " 301 wes mal :away ^[]52;c;YWF3YXk=^G end")" -ge 2 ]' ||
    fail "301 (WHOIS and DM reply) not both clean: $(grep ' 301 ' "$T/w.irc")"
irc_send w "TOPIC #lobby" "LIST" "WHO #lobby"
irc_wait w " 332 wes #lobby :$topic"
irc_wait w " 322 wes #lobby 2 :$topic"
irc_wait w " 315 wes #lobby "
irc_open j
irc_register j jo
irc_send j "JOIN #lobby"
irc_wait j " 332 jo #lobby :$topic"
ok "away text in 301 and the topic in TOPIC, 332 and 322 in caret form"

# The realname: the escape in caret form, not its debris.
irc_wait w " 311 wes mal mal irc.test * :real^[]0;PWNED^G^[[31mred col"
irc_wait w " 352 wes #lobby mal irc.test irc.test mal G :0 real^[]0;PWNED^G^[[31mred col"
ok "the realname in 311 and 352 shows the escape as ^["

# Nothing anyone got holds a raw ESC or BEL.
for n in m w j; do
	if LC_ALL=C grep -q "[$E$B]" "$T/$n.irc"; then
		fail "raw ESC or BEL reached $n: $(LC_ALL=C grep -n "[$E$B]" \
		    "$T/$n.irc" | od -c | head -20)"
	fi
done
ok "no raw ESC or BEL reached any IRC client"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
