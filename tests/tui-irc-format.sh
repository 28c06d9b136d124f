#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the formatting codes of IRC clients (bold, colours
# with their numbers, reset...) are left out of the text shown and
# logged, and of topics, instead of showing as ^B and ^C4 around the
# words.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_irc_hub
tui_start alice alice
tui_wait alice "you joined #lobby"
irc_open i
irc_register i ivy
irc_send i "JOIN #lobby"
irc_wait i " 366 ivy #lobby :"
tui_wait alice "ivy joined #lobby"

B=$(printf '\002') C=$(printf '\003') O=$(printf '\017') U=$(printf '\037')
irc_send i "PRIVMSG #lobby :plain ${C}4red${C} and ${B}bold${B}" \
    "PRIVMSG #lobby :${C}3,12both${O} ${U}under${U} ${C}7,x end"
tui_wait alice "<ivy> plain red and bold"
tui_wait alice "<ivy> both under ,x end"
A=$(printf '\001')
irc_send i "PRIVMSG #lobby :${A}ACTION waves ${C}09green${C}${A}"
tui_wait alice "* ivy waves green"
tui_has alice "^" && fail "a caret form is left: $(tui_screen alice)"
ok "IRC bold, colours, reset and underline are left out"

# A topic too: in the line that tells of it and in the title bar.
irc_send i "TOPIC #lobby :${B}Bold${B} ${C}4,1topic${O}"
tui_wait alice "ivy changed the topic to: Bold topic"
tui_wait_match alice "^ #lobby — Bold topic "
ok "IRC formatting is left out of topics"

# A native control character other than those still shows in caret form.
irc_send i "PRIVMSG #lobby :bell $(printf '\007') here"
tui_wait alice "<ivy> bell ^G here"
ok "other control characters keep their caret form"

# The log holds the plain text too.
log="$T/state/chatroom/logs/127.0.0.1:$HUB_PORT/#lobby.log"
wait_until 10 grep -qF "<ivy> both under ,x end" \
    "$log" 2>/dev/null || fail "not logged as plain text: $(cat "$log")"
ok "the log holds the text without the codes"
exit 0
