#!/bin/bash
# SPDX-License-Identifier: ISC
# The table of IRC replay places is saved within about a second of a
# change (by a thread: the loop does not wait for the disk), so after a
# kill -9 of the hub an IRC client is not sent again a line it had a
# couple of seconds before the kill.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

SEEN=$T/history.json.irc-seen

# The id of the last message ana was sent in #dev, as saved.
ana_id() {
	awk -F '\t' '$1 == "ana" && $2 == "dev" { print $4 }' "$SEEN" \
	    2>/dev/null
}
ana_past() {
	local id
	id=$(ana_id)
	[ -n "$id" ] && [ "$id" -gt "$1" ]
}

start_irc_hub --replay 50 --flood-rate 0
irc_join_dev a1 ana
irc_join_dev s sam
irc_send s "PRIVMSG #dev :line A"
irc_wait a1 "PRIVMSG #dev :line A"
wait_until 10 ana_past 0 || fail "ana's place never saved"
IDA=$(ana_id)
# Just after a save: the next must not wait five seconds.
irc_send s "PRIVMSG #dev :line B"
irc_wait a1 "PRIVMSG #dev :line B"
wait_until 3 ana_past "$IDA" || fail "line B not saved within 3 s"
ok "a change is saved within seconds"

stop_hub KILL
start_irc_hub --replay 50 --flood-rate 0
irc_join_dev a2 ana
[ "$(irc_got a2 'line A')" = 0 ] || fail "after kill -9: line A replayed again"
[ "$(irc_got a2 'line B')" = 0 ] || fail "after kill -9: line B replayed again"
ok "after a kill -9 a line had seconds before is not replayed"
stop_hub
