#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a conversation closed with /leave and opened again
# comes back at the end of the window list, the other windows keeping
# their numbers (as irssi does); a DM typed to a closed conversation while
# the hub is late opens it at once with the line marked "(sending…)".
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

export CHATROOM_TEST_LAG=2,3,60

# A stopped hub must be continued before it can be stopped for good.
reopen_cleanup() {
	local rc=$?
	[ -n "$HUB_PID" ] && kill -CONT "$HUB_PID" 2>/dev/null
	(exit "$rc")
	tui_cleanup
}
trap reopen_cleanup EXIT

start_hub
tui_start ana ana 100 30 "CHATROOM_TEST_LAG=$CHATROOM_TEST_LAG"
tui_wait ana "you joined #lobby"
client_start bea bea
client_start cho cho
tui_wait ana "cho joined #lobby"
tui_type ana "/join dev"
tui_keys ana Enter
tui_wait ana "you joined #dev"
client_say bea "/msg ana hello from bea"
tui_wait ana "@bea"
client_say cho "/msg ana hello from cho"
tui_wait ana "@cho"
tui_type ana "/join ops"
tui_keys ana Enter
tui_wait ana "you joined #ops"

# Does the window list show window NUM as NAME?
slot() {
	tui_matches ana "^ +$1 $2( |\$)"
}

# The list must be: the windows given as NUM:NAME, in view ana's own.
slots() {
	local w
	for w in "$@"; do
		wait_until 10 slot "${w%%:*}" "${w#*:}" || {
			tui_screen ana >"$T/ana.screen.out"
			fail "window ${w%%:*} is not ${w#*:}:" \
			    "$(tui_screen ana | cut -c1-20)"
		}
	done
}

slots 1:#lobby 2:#dev 3:@bea 4:@cho 5:#ops
tui_type ana "/leave @bea"
tui_keys ana Enter
slots 1:#lobby 2:#dev 3:@cho 4:#ops
client_say bea "/msg ana bea again"
slots 1:#lobby 2:#dev 3:@cho 4:#ops 5:@bea
wait_until 10 tui_matches ana "^ +5 @bea +1!" ||
    fail "the unread count of the closed conversation is back"
ok "a conversation opened again takes the end of the list"

tui_type ana "/leave @bea"
tui_keys ana Enter
slots 1:#lobby 2:#dev 3:@cho 4:#ops
kill -STOP "$HUB_PID"
tui_type ana "/msg bea DM during blip"
tui_keys ana Enter
slots 1:#lobby 2:#dev 3:@cho 4:#ops 5:@bea
tui_keys ana M-5
tui_wait ana "DM during blip  (sending…)"
kill -CONT "$HUB_PID"
tui_wait_gone ana "(sending…)" 30
tui_wait ana "DM during blip"
ok "a DM to a closed conversation while the hub is late shows at once"
exit 0
