#!/bin/bash
# SPDX-License-Identifier: ISC
# The commands an operator from ngircd or InspIRCd types, mapped to the
# hub's own: REHASH (the SIGHUP reload), DIE (the native shutdown), and
# 481 for anyone not an operator.
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
ok "DIE: 481; the hub saves, tells everyone and exits 0"
