#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: after a hub restart (kill -9) the client comes back,
# and each room says in one line who was there before and is not any
# more (IRC users, whose sessions end with the hub), and nothing of
# those still there.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub
tui_start alice alice 120 40
tui_wait alice "you joined #lobby"
tui_start bob bob
tui_wait bob "you joined #lobby"
# #ops has only alice and bob: nobody there will be gone.
tui_type bob "/join ops"
tui_keys bob Enter
tui_wait bob "you joined #ops"
for room in dev ops; do
	tui_type alice "/join $room"
	tui_keys alice Enter
	tui_wait alice "you joined #$room"
done
tui_keys alice M-1
tui_wait_match alice "^ #lobby "
for who in carol dave; do
	irc_open "$who"
	irc_register "$who" "$who"
	irc_send "$who" "JOIN #lobby"
	tui_wait alice "$who joined #lobby"
done
irc_send dave "JOIN #dev"
tui_keys alice M-2
tui_wait alice "dave joined #dev"
tui_keys alice M-1
tui_wait alice "4 members"

# Both native sessions are saved: they outlive the hub.
saved() {
	grep -q '"nick":"alice",[^]]*"rooms":\[[^]]*"name":"dev"[^]]*"name":"ops"' \
	    "$T/history.json" &&
	    grep -q '"nick":"bob",[^]]*"rooms":\[[^]]*"name":"ops"' \
	    "$T/history.json"
}
wait_until 10 saved || fail "the sessions were not saved"
stop_hub KILL
tui_wait alice "disconnected — retrying in"
FORCE_PORT=$HUB_PORT start_irc_hub
tui_wait alice "carol, dave are gone (left while you were disconnected)" 45
tui_wait alice "2 members"
tui_keys alice M-2
tui_wait alice "dave is gone (left while you were disconnected)"
tui_has alice "bob is gone" && fail "bob is said to be gone"
[ "$(tui_screen alice | grep -c "gone (left while")" -eq 1 ] ||
    fail "#dev says it more than once"
tui_keys alice M-1
tui_settle alice
tui_screen alice | grep -F "are gone" | grep -qF bob &&
    fail "bob is said to be gone"
[ "$(tui_screen alice | grep -c "gone (left while")" -eq 1 ] ||
    fail "#lobby says it more than once"
tui_keys alice M-3
tui_wait_match alice "^ #ops .*2 members"
tui_settle alice
tui_has alice "gone (left while" && fail "#ops says someone is gone"
ok "after a restart each room names once who is gone, and only them"

# It leaves cleanly (under AddressSanitizer: without a leak).
tui_type alice "/quit"
tui_keys alice Enter
tui_wait alice "CLIENT EXITED rc=0"
exit 0
