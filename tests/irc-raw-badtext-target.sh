#!/bin/bash
# SPDX-License-Identifier: ISC
# A PRIVMSG or NOTICE refused for bytes that are not UTF-8 names where it
# was going, for a client without standard-replies: 404 for each channel
# (irssi shows it in the channel's window, beside the line it shows as
# sent), a NOTICE naming a nick; nobody gets the text.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test

irc_open a
irc_register a ann
irc_open w
irc_register w wes
for x in a:ann w:wes; do
	irc_send "${x%%:*}" "JOIN #dev,#ops"
	irc_wait "${x%%:*}" " 366 ${x#*:} #ops :"
done

why="Message rejected: not UTF-8, the only encoding this server takes"
printf 'PRIVMSG #dev :caf\351\r\n' >&"${RAW_FD[a]}"
irc_wait a ":irc.test 404 ann #dev :$why"$'\r'
printf 'NOTICE #ops :caf\351\r\n' >&"${RAW_FD[a]}"
irc_wait a ":irc.test 404 ann #ops :$why"$'\r'
ok "404 naming the channel"

printf 'PRIVMSG wes :caf\351\r\n' >&"${RAW_FD[a]}"
irc_wait a ":irc.test NOTICE ann :PRIVMSG wes: $why"$'\r'
printf 'PRIVMSG #dev,wes :caf\351\r\n' >&"${RAW_FD[a]}"
wait_until 10 eval '[ "$(count_in "$T/a.irc" "404 ann #dev :$why")" = 2 ]' ||
    fail "no 404 for #dev of two targets"
wait_until 10 eval '[ "$(count_in "$T/a.irc" "PRIVMSG wes: $why")" = 2 ]' ||
    fail "no NOTICE for wes of two targets"
ok "a nick named in a NOTICE, each target answered"

irc_send a "PRIVMSG #dev :fine"
irc_wait w ":ann!ann@irc.test PRIVMSG #dev :fine"
grep -Eq 'caf|NOTICE #|PRIVMSG wes' "$T/w.irc" &&
    fail "refused text reached someone"
ok "refused text reaches nobody"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
