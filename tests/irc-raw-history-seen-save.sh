#!/bin/bash
# SPDX-License-Identifier: ISC
# The table of IRC replay places (HISTORY.irc-seen) is saved as the
# history is: a fresh temporary file of its own, synced, then renamed.
# Whatever lies at the old fixed name NAME.irc-seen.tmp (a symbolic link
# to another file, a directory) is neither followed nor in the way.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

SEEN=$T/history.json.irc-seen
echo "not the hub's" > "$T/victim"
ln -s "$T/victim" "$SEEN.tmp"

start_irc_hub --replay 50 --flood-rate 0
irc_open a
irc_register a ana
irc_send a "JOIN #dev"
irc_wait a " 366 ana #dev "
irc_open s
irc_register s sam
irc_send s "JOIN #dev"
irc_wait s " 366 sam #dev "
irc_send s "PRIVMSG #dev :hello"
irc_wait a "PRIVMSG #dev :hello"
stop_hub TERM

[ "$(cat "$T/victim")" = "not the hub's" ] ||
    fail "the save wrote through NAME.irc-seen.tmp: $(head -c 200 "$T/victim")"
[ -s "$SEEN" ] && [ ! -L "$SEEN" ] || fail "no irc-seen file after a stop"
awk -F '\t' '$1 == "ana" && $2 == "dev" { f = 1 } END { exit !f }' \
    "$SEEN" || fail "ana's place not saved: $(cat "$SEEN")"
[ "$(stat -c %a "$SEEN")" = 600 ] || fail "irc-seen mode $(stat -c %a "$SEEN")"
ok "the save leaves a file at NAME.irc-seen.tmp alone"

# A directory there (the old code failed each save on it) is no obstacle.
rm -f "$SEEN.tmp" "$SEEN"
mkdir "$SEEN.tmp"
start_irc_hub --replay 50 --flood-rate 0
irc_open a2
irc_register a2 ana
irc_send a2 "JOIN #dev"
irc_wait a2 " 366 ana #dev "
irc_open s2
irc_register s2 sam
irc_send s2 "JOIN #dev"
irc_wait s2 " 366 sam #dev "
irc_send s2 "PRIVMSG #dev :again"
irc_wait a2 "PRIVMSG #dev :again"
stop_hub TERM
[ -s "$SEEN" ] || fail "no irc-seen file with a directory at NAME.tmp"
ls "$T" | grep -q 'irc-seen\.tmp\.' && fail "a temporary file was left"
ok "a directory at the old temporary name is no obstacle"
