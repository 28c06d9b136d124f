#!/bin/bash
# SPDX-License-Identifier: ISC
# A session that ends because its client stopped answering pings quits
# with "Ping timeout: N seconds", as IRC servers say it, for IRC and
# terminal observers alike and in the hub's log: an IRC client at once
# (it has no resume), a native one when its resume window has passed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --ping-timeout 4 --resume-timeout 3 --flood-rate 0

# Observers: one on IRC, one terminal client (which answers pings).
irc_open w
irc_register w watch
irc_send w "JOIN #lobby"
irc_wait w " 366 watch #lobby "
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"

# Frozen ones: they log in, join and never say another word.
irc_open f
irc_register f frz
irc_send f "JOIN #lobby"
irc_wait f " 366 frz #lobby "
raw_login n nat
raw_expect n '"type":"history_end"'
irc_wait w ":nat!"
wait_for "$T/bob.out" "frz joined #lobby"

# The IRC watcher speaks now and then, or it would be dropped too.
quit_seen() {
	irc_send w "PING :keep"
	grep -aq ":frz![^ ]* QUIT :Ping timeout: 4 seconds" "$T/w.irc" &&
	    grep -aq ":nat![^ ]* QUIT :Ping timeout: 4 seconds" "$T/w.irc"
}
wait_until 30 quit_seen ||
    fail "IRC saw no ping timeout quit: $(grep -a QUIT "$T/w.irc")"
ok "IRC observers see QUIT :Ping timeout: 4 seconds"

wait_for "$T/bob.out" "frz quit (Ping timeout: 4 seconds)"
wait_for "$T/bob.out" "nat quit (Ping timeout: 4 seconds)"
grep -q "connection lost" "$T/bob.out" &&
    fail "a terminal observer was told: $(grep "connection lost" "$T/bob.out")"
ok "terminal observers see quit (Ping timeout: 4 seconds)"

[ "$(grep -c "127.0.0.1:[0-9]*: Ping timeout: 4 seconds$" "$HUB_LOG")" -eq 2 ] ||
    fail "not two ping timeouts logged: $(grep -i "ping timeout" "$HUB_LOG")"
ok "the hub logs each as Ping timeout: 4 seconds"

irc_send w "QUIT :bye"
client_stop bob
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
