#!/bin/bash
# SPDX-License-Identifier: ISC
# Control characters reach IRC users as the terminal client shows them to
# native users, whoever wrote them: a tab as a space, \001 inside a text
# (a CTCP not at its start) as "^A", BEL as "^G"; IRC's formatting
# passes.  Native users get the text as it was written.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test

raw_open n
raw_send n '{"type":"hello","version":1,"nick":"rho"}'
raw_expect n '"type":"history_end"'
irc_open a
irc_register a ann
irc_open w
irc_register w wes
for x in a:ann w:wes; do
	irc_send "${x%%:*}" "JOIN #lobby"
	irc_wait "${x%%:*}" " 366 ${x#*:} #lobby :"
done

# From an IRC user.
irc_send a $'PRIVMSG #lobby :tab\there bell \a \002b\002 mid \001ACTION in\001'
irc_wait w $':ann!ann@irc.test PRIVMSG #lobby :tab here bell ^G \002b\002 mid ^AACTION in^A\r'
raw_expect n '"text":"tab\there bell \u0007 \u0002b\u0002 mid \u0001ACTION in\u0001"'
ok "from IRC: tab as a space, \\001 as ^A for IRC; as written for native"

# From a native user.
raw_send n '{"type":"msg","room":"lobby","text":"nat\tive \u0001VERSION\u0001 x","seq":2}'
raw_expect n '"type":"ack","seq":2'
irc_wait w $':rho!rho@irc.test PRIVMSG #lobby :nat ive ^AVERSION^A x\r'
irc_wait a $':rho!rho@irc.test PRIVMSG #lobby :nat ive ^AVERSION^A x\r'
ok "from native: tab as a space, \\001 as ^A"

grep -q $'\t' "$T/w.irc" && fail "a raw tab reached an IRC user"
ok "no raw tab on IRC"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
