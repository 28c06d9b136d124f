#!/bin/bash
# SPDX-License-Identifier: ISC
# After "/nick 太郎", a client killed and started again the usual way
# ("bob@hub") takes its 太郎 session over (its rooms, and the DM sent to
# 太郎 meanwhile) and says so, rather than open a new session as bob and
# leave 太郎 lost, and shows the room bob last looked at, kept for bob.
# Once that session is gone, "bob@hub" is bob again.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --resume-timeout 120
env="XDG_STATE_HOME=$T/state/bob XDG_CONFIG_HOME=$T/cfg"


tui_start one bob 100 30 "$env"
tui_wait one "you joined #lobby"
tui_type one "/join dev"
tui_keys one Enter
tui_wait one "you joined #dev"
tui_type one "/nick 太郎"
tui_keys one Enter
tui_wait one "you are now known as 太郎"
tui_settle one
tui_crash one

# A DM to the session while no client has it.
client_start carol carol
wait_for "$T/carol.out" "you joined #lobby"
client_say carol "/msg 太郎 are you back?"
wait_for "$T/carol.out" "are you back?"

tui_start two bob 100 30 "$env"
tui_wait two "resuming your session as 太郎"
tui_settle two
tui_has two "this hub has other rooms" && fail "a new session: the picker"
[ "$(count_in "$HUB_LOG" "registered as bob")" = 1 ] ||
    fail "a new session as bob was opened: $(grep -n bob "$HUB_LOG")"
grep -q "太郎 took over its session" "$HUB_LOG" ||
    fail "the 太郎 session was not taken over: $(grep -n 太郎 "$HUB_LOG")"
# The room bob looked at last, under the identity bob started as.
title_dev() {
	tui_screen two | head -n 1 | grep -q "^ #dev "
}
wait_until 10 title_dev ||
    fail "not back in #dev: $(tui_screen two | head -n 1)"
grep -q "^太郎@" "$T/state/bob/chatroom/last_room" &&
    fail "a line for 太郎: $(cat "$T/state/bob/chatroom/last_room")"
tui_type two "/window dev"
tui_keys two Enter
tui_settle two
tui_screen two | head -n 1 | grep -q "#dev" ||
    fail "the 太郎 session's #dev is not there: $(tui_screen two | head -n 1)"
tui_keys two M-3
tui_wait two "are you back?"
ok "started as bob after /nick 太郎: the 太郎 session is taken over"

# The session ends for good: bob@hub starts as bob, in a new session,
# and the line kept for it goes.
tui_type two "/quit"
tui_keys two Enter
tui_wait two "CLIENT EXITED"
tui_start three bob 100 30 "$env"
tui_wait three "connected as bob"
tui_has three "resuming your session" && fail "resumed a session that ended"
grep -q "太郎" "$T/state/bob/chatroom/sessions" 2>/dev/null &&
    fail "the ended session is still kept: $(cat "$T/state/bob/chatroom/sessions")"
ok "once the session ended, bob@hub is bob again"

# The hub's refusal of the stale takeover is not the user's business: no
# "no session of your key has the nick 太郎" in any window.
grep -q "no session of your key has the nick 太郎" "$HUB_LOG" ||
    fail "no takeover was tried: $(cat "$HUB_LOG")"
tui_keys three M-0
tui_wait three "connected to 127.0.0.1 as bob"
tui_settle three
tui_has three "no session of your key" &&
    fail "the refused takeover is shown: $(tui_screen three)"
tui_keys three M-1
tui_wait three "[#lobby]"
tui_settle three
tui_has three "no session of your key" &&
    fail "the refused takeover is shown in #lobby: $(tui_screen three)"
ok "the refused takeover of the ended session is not shown"
exit 0
