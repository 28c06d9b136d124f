#!/bin/bash
# SPDX-License-Identifier: ISC
# A line posted in a room while the client was dead counts as unread when
# the client, started again, takes its session over; opening the room
# shows the red "new messages" rule above that line, and no "end of
# history" rule below it, which would present it as old history.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --resume-timeout 120
env="XDG_STATE_HOME=$T/state/bob XDG_CONFIG_HOME=$T/cfg"


client_start carol carol
wait_for "$T/carol.out" "you joined #lobby"
client_say carol "/join dev"
wait_for "$T/carol.out" "you joined #dev"
client_say carol "said before, seen by bob"

tui_start one bob 100 30 "$env"
tui_wait one "you joined #lobby"
tui_type one "/join dev"
tui_keys one Enter
tui_wait one "said before, seen by bob"
tui_keys one M-1
tui_settle one
# The client writes its logs and state once a second: wait until #dev's
# log is written (it begins at the join: the replay of what was said
# before is shown, not logged) and the view's move to #lobby is saved,
# so that the restarted client shows #lobby and knows what it had.
dev_logged() {
	cat "$T"/state/bob/chatroom/logs/*/"#dev.log" 2>/dev/null |
	    grep -q "you joined #dev"
}
wait_until 10 dev_logged || fail "#dev's log was never written"
wait_until 10 grep -q "^bob@.* lobby$" "$T/state/bob/chatroom/last_room" ||
    fail "last_room never held #lobby"
tui_crash one

client_say carol "said while bob was dead"
wait_for "$T/carol.out" "said while bob was dead"

tui_start two bob 100 30 "$env"
tui_wait two "connected as bob"
tui_settle two
tui_keys two M-2
tui_wait two "said while bob was dead"
tui_settle two
screen=$(tui_screen two)
rule=$(grep -n "new messages" <<<"$screen" | head -n 1 | cut -d: -f1)
line=$(grep -n "said while bob was dead" <<<"$screen" | cut -d: -f1)
[ -n "$rule" ] || fail "no new messages rule: $screen"
[ "$rule" -lt "$line" ] || fail "the rule is not above the missed line: $screen"
before=$(grep -n "said before, seen by bob" <<<"$screen" | cut -d: -f1)
[ "$before" -lt "$rule" ] || fail "the rule is above a line seen: $screen"
end=$(grep -n "end of history" <<<"$screen" | cut -d: -f1)
[ -z "$end" ] || [ "$end" -lt "$rule" ] ||
    fail "end of history below the missed line: $screen"
ok "the missed line is under the new messages rule"
exit 0
