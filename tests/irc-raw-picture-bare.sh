#!/bin/bash
# SPDX-License-Identifier: ISC
# A picture sent without text reaches an IRC client as its "[picture W×H]"
# line alone, not after a stray "image" (the text the hub stores for it);
# with text, the text comes first.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test
irc_open p
irc_register p pat
irc_send p "JOIN #lobby"
irc_wait p " 366 pat #lobby :"
raw_login s snap
img='{"w":2,"h":1,"rows":["#:"],"fg":["17"],"bg":["04"]}'
raw_send s "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"\",\"image\":$img,\"seq\":1}"
raw_expect s '"type":"ack","seq":1'
raw_send s "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"my cat\",\"image\":$img,\"seq\":2}"
raw_expect s '"type":"ack","seq":2'
irc_wait p "PRIVMSG #lobby :my cat"
lines=$(grep "PRIVMSG #lobby" "$T/p.irc" | tr -d '\r' | sed 's/^[^ ]* PRIVMSG #lobby ://')
want=$(printf '%s\n' "[picture 2×1]" "my cat" "[picture 2×1]")
[ "$lines" = "$want" ] || fail "IRC got: $lines"
ok "a picture without text is its picture line alone on IRC"
exit 0
