#!/bin/bash
# SPDX-License-Identifier: ISC
# One person, two nicks on one hub (alice and alice-work) under one state
# directory: each keeps its conversation logs and log marks of its own,
# under "nick@host:port", so that a DM to one is in neither the other's
# files nor its windows.  The logs of an older version (a directory a
# hub, "host:port") go to the first identity started.  A session renamed
# with /nick and taken over again keeps the files of the nick it started
# as.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --resume-timeout 120
env="XDG_STATE_HOME=$T/state XDG_CONFIG_HOME=$T/cfg"
logs="$T/state/chatroom/logs"
marks="$T/state/chatroom/log-marks"
home="$logs/alice@127.0.0.1:$HUB_PORT"
work="$logs/alice-work@127.0.0.1:$HUB_PORT"

# An older version's logs and marks, kept for the hub.
mkdir -p "$logs/127.0.0.1:$HUB_PORT" "$marks/127.0.0.1:$HUB_PORT"
printf '%s\n' "2020-01-02 03:04:05 <erin> from the old layout" \
    >"$logs/127.0.0.1:$HUB_PORT/@erin.log"
printf 'x\n' >"$marks/127.0.0.1:$HUB_PORT/00000000"

tui_start home alice 100 30 "$env"
tui_wait home "you joined #lobby"
grep -qF "from the old layout" "$home/@erin.log" 2>/dev/null ||
    fail "the older logs were not taken over: $(ls -R "$logs")"
[ -e "$marks/alice@127.0.0.1:$HUB_PORT/00000000" ] ||
    fail "the older marks were not taken over: $(ls -R "$marks")"
[ -e "$logs/127.0.0.1:$HUB_PORT" ] && fail "the older logs are still there"
ok "the first identity started takes the older logs over"

tui_start work alice-work 100 30 "$env"
tui_wait work "you joined #lobby"
run_batch bob bob "/msg alice from bob to home"
[ "$BATCH_RC" = 0 ] || fail "bob could not send: $(cat "$T/bob.err")"
run_batch carol carol "/msg alice-work from carol to work"
[ "$BATCH_RC" = 0 ] || fail "carol could not send: $(cat "$T/carol.err")"
tui_wait home "@bob"
tui_wait work "@carol"
wait_until 10 grep -qF "from bob to home" "$home/@bob.log" ||
    fail "alice did not log bob's DM: $(ls -R "$logs")"
wait_until 10 grep -qF "from carol to work" "$work/@carol.log" ||
    fail "alice-work did not log carol's DM: $(ls -R "$logs")"
[ -e "$work/@erin.log" ] && fail "alice-work has alice's older logs"
grep -rqF "from bob to home" "$work" &&
    fail "alice's DM is in alice-work's logs"
grep -rqF "from carol to work" "$home" &&
    fail "alice-work's DM is in alice's logs"
ok "two identities of one hub keep logs of their own"

# alice-work renames its session, is killed, and takes the session over
# again: its DMs go on in alice-work's files, and its conversation comes
# back with its own lines only.
tui_type work "/nick worky"
tui_keys work Enter
tui_wait work "you are now known as worky"
run_batch carol2 carol "/msg worky from carol after the rename"
[ "$BATCH_RC" = 0 ] || fail "carol could not send: $(cat "$T/carol2.err")"
wait_until 10 grep -qF "from carol after the rename" "$work/@carol.log" ||
    fail "the renamed session's DM is not in alice-work's log: $(ls -R "$logs")"
tui_settle work
tui_crash work
tui_start work2 alice-work 100 30 "$env"
tui_wait work2 "resuming your session as worky"
run_batch carol3 carol "/msg worky from carol once resumed"
[ "$BATCH_RC" = 0 ] || fail "carol could not send: $(cat "$T/carol3.err")"
wait_until 10 grep -qF "from carol once resumed" "$work/@carol.log" ||
    fail "the resumed session's DM is not in alice-work's log: $(ls -R "$logs")"
ls "$logs" | grep -q worky && fail "a log directory for worky: $(ls "$logs")"
tui_keys work2 M-2
tui_wait work2 "from carol to work"
tui_has work2 "from bob to home" && fail "alice's DM in alice-work's window"
ok "a renamed session keeps the logs of the nick it started as"
exit 0
