#!/bin/bash
# SPDX-License-Identifier: ISC
# A NOTICE to a room is kept in its history, as IRCv3 chathistory keeps
# NOTICEs, flagged as a notice: replayed as a NOTICE to IRC clients and
# as a notice (-nick- text) to native clients, after a restart too.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --flood-rate 0
irc_join_dev a rbot
irc_send a "NOTICE #dev :a kept notice" "PRIVMSG #dev :a kept message"
irc_sync a

irc_join_dev b ann
grep -q "PRIVMSG #dev :.*a kept message" "$T/b.irc" ||
    fail "no replayed message: $(grep -a 'kept' "$T/b.irc")"
grep -q ":rbot![^ ]* NOTICE #dev :.*a kept notice" "$T/b.irc" ||
    fail "notice not replayed as NOTICE: $(grep -a 'kept' "$T/b.irc")"
grep -q "PRIVMSG #dev :.*a kept notice" "$T/b.irc" &&
    fail "notice replayed as a PRIVMSG"
ok "a room NOTICE is replayed to IRC as a NOTICE"

client_start n nat
client_say n "/join dev"
wait_for "$T/n.out" "a kept message" 20 ||
    fail "native: no replay: $(cat "$T/n.out")"
grep -q "#dev -rbot- a kept notice" "$T/n.out" ||
    fail "native: notice not replayed as -rbot-: $(grep kept "$T/n.out")"
client_stop n
ok "and to a native client as a notice"

# The journal keeps it flagged (a hub killed at once), and the file.
stop_hub KILL
start_irc_hub --flood-rate 0
irc_join_dev c cat
grep -q ":rbot![^ ]* NOTICE #dev :.*a kept notice" "$T/c.irc" ||
    fail "killed hub: notice lost: $(grep -a 'kept' "$T/c.irc")"
irc_send c "QUIT :bye"
stop_hub TERM
grep -q '"text":"a kept notice","notice":true' "$T/history.json" ||
    grep -q '"notice":true' "$T/history.json" ||
    fail "history.json: no notice flag"
start_irc_hub --flood-rate 0
irc_join_dev d dan
grep -q ":rbot![^ ]* NOTICE #dev :.*a kept notice" "$T/d.irc" ||
    fail "restart: notice lost: $(grep -a 'kept' "$T/d.irc")"
grep -q "PRIVMSG #dev :.*a kept message" "$T/d.irc" ||
    fail "restart: message lost"
ok "kept flagged in the journal and in the history file"
