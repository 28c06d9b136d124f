#!/bin/bash
# SPDX-License-Identifier: ISC
# A ban given without a reason: STATS k says "no reason given" (not a
# stored "banned"), as /bans does, and lists no mute; the hub log names
# no reason either.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_oper_pair start_irc_hub --irc-server-name stats.test
irc_open o
irc_register o olga
irc_send o "OPER olga s3cret"
irc_wait o " 381 olga :"

client_say alice "/ban 10.8.8.8"
wait_for "$HUB_LOG" "alice banned 10.8.8.8 for ever"
grep -q "alice banned 10.8.8.8 for ever$" "$HUB_LOG" ||
    fail "log: $(grep "alice banned" "$HUB_LOG")"
ok "the log of a ban without a reason names none"

client_say alice "/mute bob 30m"
wait_for "$HUB_LOG" "alice muted bob"
irc_send o "STATS k" "PING :done"
irc_wait o "PONG stats.test :done"
tr -d '\r' <"$T/o.irc" >"$T/answer"
grep -qx ":stats.test 216 olga K 10.8.8.8 \* ip :no reason given (permanent, by alice)" \
    "$T/answer" || fail "the ban: $(grep " 216 " "$T/answer")"
grep -q " 216 olga K bob " "$T/answer" &&
    fail "the mute is listed: $(grep " 216 " "$T/answer")"
ok "STATS k: a ban without a reason says so; a mute is not a K-line"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
