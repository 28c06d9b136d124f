#!/bin/bash
# SPDX-License-Identifier: ISC
# The commands an operator from ngircd or InspIRCd types, mapped to the
# hub's own: REHASH (the SIGHUP reload), KLINE and UNKLINE (the native
# address bans), WALLOPS (to the IRC operators), STATS u (uptime), DIE
# (the native shutdown), and 481 for anyone not an operator.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

echo "opensesame" >"$T/admin.pw"
echo "first message of the day" >"$T/motd"
start_irc_hub --irc-server-name oper.test --admin-password-file "$T/admin.pw" \
    --motd-file "$T/motd"

irc_open a
irc_register a anna
irc_send a "JOIN #lobby" "PRIVMSG #lobby :kept over a DIE"
irc_wait a " 366 anna #lobby "
irc_open o
irc_register o olga
irc_send o "OPER olga opensesame"
irc_wait o " 381 olga :"

# WHOIS gives an operator the address to KLINE (378), no one else.
irc_send o "WHOIS anna"
irc_wait o " 378 olga anna :is connecting from *@127.0.0.1 127.0.0.1"
irc_send a "WHOIS olga"
irc_wait a " 318 anna olga "
grep -q " 378 anna " "$T/a.irc" && fail "a user was shown an address"

# REHASH: operators only; the reload SIGHUP does, and what failed.
irc_send a "REHASH"
irc_wait a " 481 anna :Permission Denied"
echo "second message of the day" >"$T/motd"
irc_send o "REHASH"
irc_wait o ":oper.test 382 olga chatroom :Rehashing"
irc_wait o ":oper.test NOTICE olga :*** REHASH: reloaded"
wait_for "$HUB_LOG" "olga asked for a reload (REHASH)"
irc_send o "MOTD"
irc_wait o " 372 olga :- second message of the day"
grep -q "NOTICE olga :\*\*\* REHASH: reload:" "$T/o.irc" &&
    fail "a warning on a good reload"
rm "$T/motd"
irc_send o "REHASH"
irc_wait o "NOTICE olga :*** REHASH: reload: "
irc_wait o "NOTICE olga :*** REHASH: reload: keeping the passwords and message of the day in use"
kill -0 "$HUB_PID" || fail "REHASH stopped the hub"
irc_send o "MOTD"
wait_until 10 eval '[ "$(count_in "$T/o.irc" "372 olga :- second message of the day")" -ge 2 ]' ||
    fail "the MOTD in use was lost"
grep -q "NOTICE anna" "$T/a.irc" && fail "anna was told of the reload"
ok "REHASH: 481, 382, the reload and its warnings as NOTICEs"

# KLINE and UNKLINE: the native ban of an address or a range, which drops
# those connected from there; users and nicks are not K-lined.
irc_send a "KLINE *@127.0.0.2 :no"
irc_wait a " 481 anna :Permission Denied"
irc_open b from=127.0.0.2
irc_register b bert
irc_send b "JOIN #lobby"
irc_wait b " 366 bert #lobby "
irc_open c from=127.0.0.5
irc_register c carl
irc_send o "KLINE bert :nick" "KLINE root@127.0.0.2 :user" \
    "KLINE 127.0.0.0/33 :range"
irc_wait o "NOTICE olga :*** KLINE: bert is not an address or an ADDRESS/BITS range"
irc_wait o "NOTICE olga :*** KLINE: root@127.0.0.2: the hub knows no user names"
irc_wait o "NOTICE olga :*** KLINE: bad address range: 127.0.0.0/33"
grep -q "ERROR" "$T/b.irc" && fail "a refused KLINE dropped bert"
irc_send o "KLINE 1h *@127.0.0.2 :go away"
irc_wait o ":oper.test NOTICE olga :banned: 127.0.0.2"
irc_wait b "KILL bert :"
irc_wait b "ERROR :Closing link"
irc_closed b || fail "K-lined bert kept his connection"
irc_wait a ":bert!bert@oper.test QUIT :"
wait_for "$HUB_LOG" "olga banned 127.0.0.2 for 1h: go away"
irc_open b2 from=127.0.0.2
irc_wait b2 " 465 "
irc_closed b2 || fail "a K-lined address connected"
irc_send o "KLINE 127.0.0.5/30 0 :the range"
irc_wait o ":oper.test NOTICE olga :banned: 127.0.0.4/30"
irc_closed c || fail "carl kept his connection in a K-lined range"
irc_send o "KLINE 127.0.0.9 30m :short"
irc_wait o ":oper.test NOTICE olga :banned: 127.0.0.9"
irc_send o "UNKLINE *@127.0.0.2"
irc_wait o ":oper.test NOTICE olga :unbanned: 127.0.0.2"
irc_send o "UNKLINE 127.0.0.2"
irc_wait o "NOTICE olga :*** UNKLINE: no K-line on 127.0.0.2"
irc_open b3 from=127.0.0.2
irc_register b3 bert
kill -0 "$HUB_PID" || fail "the hub died"
grep -q "ERROR" "$T/a.irc" && fail "anna, not K-lined, was dropped"
ok "KLINE and UNKLINE: addresses and ranges, users dropped, NOTICEs"

# WALLOPS: to every IRC operator, the sender too, and no one else.
irc_send a "WALLOPS :from anna"
irc_wait a " 481 anna :Permission Denied"
irc_open p
irc_register p pia
irc_send p "OPER pia opensesame"
irc_wait p " 381 pia :"
irc_send o "WALLOPS :hello operators"
irc_wait p ":olga!olga@oper.test WALLOPS :hello operators"
irc_wait o ":olga!olga@oper.test WALLOPS :hello operators"
irc_send a "PING :after-wallops"
irc_wait a "PONG oper.test :after-wallops"
grep -q "WALLOPS" "$T/a.irc" && fail "anna, no operator, got the WALLOPS"
grep -q "from anna" "$T/o.irc" && fail "anna's WALLOPS went out"
ok "WALLOPS: 481; to the operators, the sender too"

# STATS: u is the uptime, for anyone; every query ends with 219.
irc_send a "STATS u"
irc_wait a ":oper.test 219 anna u :End of /STATS report"
grep -qE ":oper.test 242 anna :Server Up 0 days 0:[0-9]{2}:[0-9]{2}" \
    "$T/a.irc" || fail "no 242 before the 219 of STATS u"
irc_send o "STATS z" "STATS :" "STATS :u x"
irc_wait o ":oper.test 219 olga z :End of /STATS report"
irc_wait o ":oper.test 219 olga * :End of /STATS report"
irc_wait o ":oper.test 219 olga u :End of /STATS report"
grep -c " 242 olga " "$T/o.irc" | grep -qx 1 || fail "not one 242 for olga"
ok "STATS: u gives 242 and 219, others 219"

# DIE: the native shutdown; the history is saved, everyone told.
irc_send a "DIE"
irc_wait a " 481 anna :Permission Denied"
kill -0 "$HUB_PID" || fail "DIE from anna stopped the hub"
irc_send o "DIE :maintenance at noon"
irc_wait a "ERROR :Closing link: maintenance at noon"
irc_wait o "ERROR :Closing link: maintenance at noon"
wait_until 20 eval '! kill -0 "$HUB_PID"' || fail "DIE left the hub running"
wait "$HUB_PID"
rc=$?
[ "$rc" = 0 ] || fail "the hub exited $rc after DIE"
grep -q "shutdown requested by olga" "$HUB_LOG" || fail "DIE not logged"
grep -q "kept over a DIE" "$T/history.json" || fail "history not saved"
grep -qE '"target":"127\.0\.0\.9","until":[1-9]' "$T/history.json" ||
    fail "KLINE 30m saved with no end"
grep -qE '"target":"127\.0\.0\.4/30","until":0' "$T/history.json" ||
    fail "KLINE with 0 not saved for ever"
grep -q '"target":"127\.0\.0\.2"' "$T/history.json" &&
    fail "UNKLINE left the ban"
ok "DIE: 481; the hub saves, tells everyone and exits 0"
