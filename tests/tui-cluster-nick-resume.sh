#!/bin/bash
# SPDX-License-Identifier: ISC
# The nick a session has now is kept for the cluster, as the windows
# are: after "/nick 太郎" on hub a, a client killed and started again on
# hub b of the same cluster ("bob@b") takes its 太郎 session over, rather
# than open a new session as bob there and leave 太郎 lost; one started
# on a hub of no cluster is bob there; and one started again on hub a
# after that takes it over again.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

start_member a
start_member b
env="XDG_STATE_HOME=$T/state/bob XDG_CONFIG_HOME=$T/cfg"
sessions="$T/state/bob/chatroom/sessions"

# How many sessions were opened as bob on either hub?
bob_sessions() {
	cat "$T/a.log" "$T/b.log" | grep -c "registered as bob"
}

# Start bob on member NAME, TUI CONN: it must resume the 太郎 session,
# not open a new one as bob: resume_on NAME CONN.
resume_on() {
	on "$1"
	tui_start "$2" bob 100 30 "$env"
	tui_wait "$2" "resuming your session as 太郎" 20
	tui_settle "$2"
	[ "$(bob_sessions)" = 1 ] || fail "a new session as bob was opened" \
	    "on $1: $(grep -h bob "$T/$1.log")"
}

on a
tui_start one bob 100 30 "$env"
tui_wait one "you joined #lobby"
tui_cmd one "/join dev"
tui_wait one "you joined #dev"
tui_cmd one "/nick 太郎"
tui_wait one "you are now known as 太郎"
wait_until 10 grep -q "太郎" "$sessions" ||
    fail "the nick was not kept: $(cat "$sessions" 2>&1)"
tui_settle one
tui_crash one

# The same person, the other address of the cluster.
resume_on b two
grep -q "太郎 resumed a session from another hub" "$T/b.log" ||
    fail "the 太郎 session was not taken over on b: $(grep -h 太郎 "$T/b.log")"
tui_cmd two "/window dev"
tui_settle two
tui_title_has two "#dev" ||
    fail "the 太郎 session's #dev is not there: $(tui_screen two | head -n 1)"
ok "started on hub b after /nick 太郎 on hub a: the session is taken over"

# A hub of no cluster, never met: the cluster's line is a guess, which
# its refusal does not make stale; bob is bob there.
tui_crash two
HUB_NAME=solo start_hub --history "$T/solo.json"
tui_start solo bob 100 30 "$env"
tui_wait solo "connected as bob" 20
grep -q "no session of your key has the nick 太郎" "$T/solo.log" ||
    fail "the guess was not tried: $(cat "$T/solo.log")"
grep -q "^cluster:[0-9a-f]* bob 太郎$" "$sessions" ||
    fail "the cluster's line was lost: $(cat "$sessions")"
tui_crash solo
ok "a hub of no cluster refuses the guess, which stays"

# And back on hub a.
resume_on a three
[ "$(count_in "$T/a.log" "太郎 resumed a session from another hub")" = 1 ] ||
    fail "the 太郎 session was not taken back to a: $(grep -h 太郎 "$T/a.log")"
ok "started on hub a again: the session is taken over"

# The session ends for good: bob is bob again, on either hub.
tui_quit three
tui_start four bob 100 30 "$env"
tui_wait four "connected as bob"
tui_has four "resuming your session" && fail "resumed a session that ended"
grep -q "太郎" "$sessions" 2>/dev/null &&
    fail "the ended session is still kept: $(cat "$sessions")"
ok "once the session ended, bob@hub is bob again"
exit 0
