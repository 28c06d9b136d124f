#!/bin/bash
# SPDX-License-Identifier: ISC
# An IRC NOTICE reaches a native client flagged as a notice, and the
# client shows it as IRC clients do, -nick- text, not as a message, in a
# room and in a conversation.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --flood-rate 0
client_start n nat
client_say n "/join dev"
wait_for "$T/n.out" "joined #dev" 20 || wait_for "$T/n.out" "#dev" 20
irc_join_dev b rbot
irc_send b "NOTICE #dev :a notice to the room" \
    "PRIVMSG #dev :a message to the room" \
    "NOTICE nat :this is a notice dm" "PRIVMSG nat :this is a privmsg dm"
wait_for "$T/n.out" "this is a privmsg dm" 20
grep -q "#dev -rbot- a notice to the room" "$T/n.out" ||
    fail "room notice not shown as -rbot-: $(grep notice "$T/n.out")"
grep -q "#dev <rbot> a message to the room" "$T/n.out" ||
    fail "room message: $(grep 'a message' "$T/n.out")"
grep -q "\] -rbot- this is a notice dm" "$T/n.out" ||
    fail "direct notice not shown as -rbot-: $(grep notice "$T/n.out")"
grep -q "\] \*rbot\* this is a privmsg dm" "$T/n.out" ||
    fail "direct message: $(grep 'privmsg dm' "$T/n.out")"
client_stop n
ok "a NOTICE shows as -nick- text in --batch, in a room and directly"
