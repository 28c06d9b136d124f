#!/bin/bash
# SPDX-License-Identifier: ISC
# A PRIVMSG or NOTICE whose bytes cannot be relayed (a NUL inside the
# line, or bytes that are not UTF-8) is refused, never dropped without a
# word: FAIL command INVALID_TEXT or INVALID_UTF8 for a client that
# negotiated standard-replies, else a NOTICE from the server saying so
# (404 for a channel, see irc-raw-badtext-target.sh).
# Nobody in the channel gets any of it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test

irc_open a
irc_register a ann
irc_open w
irc_register w wes
for x in a:ann w:wes; do
	irc_send "${x%%:*}" "JOIN #dev"
	irc_wait "${x%%:*}" " 366 ${x#*:} #dev :"
done

# Without standard-replies: a NOTICE naming the command, each time.
printf 'PRIVMSG #dev :a\0b\r\n' >&"${RAW_FD[a]}"
irc_wait a ":irc.test NOTICE ann :PRIVMSG: Message rejected: it holds a NUL"
printf 'NOTICE #dev :caf\351\r\n' >&"${RAW_FD[a]}"
irc_wait a ":irc.test 404 ann #dev :Message rejected: not UTF-8"
printf 'CAP caf\351\r\n' >&"${RAW_FD[a]}"
irc_wait a ":irc.test NOTICE ann :CAP: Message rejected: not UTF-8"
printf 'PRIVMSG wes :x\0y\r\n' >&"${RAW_FD[a]}"
wait_until 10 eval '[ "$(count_in "$T/a.irc" \
    "PRIVMSG: Message rejected: it holds")" = 2 ]' ||
    fail "the NUL in a DM was not answered"
ok "no standard-replies: NOTICE (404 for a channel) for a NUL and for bytes not UTF-8"

# With standard-replies: FAIL, with the code standing for the fault.
irc_open s
irc_send s "CAP LS 302" "NICK sam" "USER sam 0 * :sam" \
    "CAP REQ :standard-replies" "CAP END"
irc_wait s "CAP sam ACK :standard-replies"
irc_wait s " 001 sam "
irc_send s "JOIN #dev"
irc_wait s " 366 sam #dev :"
printf 'PRIVMSG #dev :a\0b\r\n' >&"${RAW_FD[s]}"
irc_wait s ":irc.test FAIL PRIVMSG INVALID_TEXT :Message rejected: it holds"
printf 'PRIVMSG #dev :caf\351\r\n' >&"${RAW_FD[s]}"
irc_wait s ":irc.test FAIL PRIVMSG INVALID_UTF8 :Message rejected: not UTF-8"
ok "standard-replies: FAIL INVALID_TEXT and FAIL INVALID_UTF8"

# None of it reached the channel, and good text still does.
irc_send a "PRIVMSG #dev :fine"
irc_wait w ":ann!ann@irc.test PRIVMSG #dev :fine"
grep -Eq 'PRIVMSG #dev :a|caf|NOTICE #dev|PRIVMSG wes' "$T/w.irc" &&
    fail "refused text reached the channel"
ok "refused text reaches nobody; good text still does"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
