#!/bin/bash
# SPDX-License-Identifier: ISC
# KLINE of the operator's own address: refused with a NOTICE worded for
# IRC (not the native /ban -force), and set all the same with KLINE
# -force, which drops the others connected from there but not the
# operator, and refuses new connections from there.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

printf 's3cret\n' >"$T/admin.pw"
start_irc_hub --irc-server-name kline.test --admin-password-file "$T/admin.pw"
irc_open o
irc_register o olga
irc_send o "OPER olga s3cret"
irc_wait o " 381 olga :"
irc_open v
irc_register v vic

irc_send o "KLINE 1h *@127.0.0.1 :maintenance"
irc_wait o ":kline.test NOTICE olga :*** KLINE: a ban on 127.0.0.1 covers"
line=$(grep -a "a ban on 127.0.0.1 covers" "$T/o.irc")
case $line in
*"/ban"*) fail "the refusal names the native /ban: $line" ;;
*"KLINE -force *@127.0.0.1"*) ;;
*) fail "the refusal does not say how to force it: $line" ;;
esac
grep -q '"target":"127.0.0.1"' "$T/history.json" 2>/dev/null &&
    fail "the refused K-line was set"
kill -0 "${IRC_PID[v]}" || fail "vic dropped by a refused K-line"
ok "KLINE of one's own address is refused, saying KLINE -force"

irc_send o "KLINE -force"
irc_wait o " 461 olga KLINE :"
irc_send o "KLINE -force 1h *@127.0.0.1 :maintenance"
irc_wait o ":kline.test NOTICE olga :banned: 127.0.0.1 until "
wait_for "$HUB_LOG" "olga banned 127.0.0.1 for 1h: maintenance"
irc_closed v || fail "vic, from the banned address, is still connected"
irc_send o "PING :still"
irc_wait o "PONG kline.test :still"
irc_open n
irc_send n "NICK nell" "USER nell 0 * :nell"
irc_wait n " 465 "
ok "KLINE -force sets it: others dropped, new ones refused, olga stays"

irc_send o "UNKLINE *@127.0.0.1"
irc_wait o ":kline.test NOTICE olga :unbanned: 127.0.0.1"
ok "the operator lifts it"
stop_hub
