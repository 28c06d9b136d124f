#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: conversation logs on disk, --no-logs, LOGS=no, --log-file.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
logs="$T/state/chatroom/logs/bob@127.0.0.1:$HUB_PORT"
tui_start bob bob
INSECURE="${INSECURE:-} --no-logs" tui_start carol carol 100 30 \
    XDG_STATE_HOME="$T/state-carol"
mkdir -p "$T/config-dave/chatroom"
echo "LOGS=no" >"$T/config-dave/chatroom/config"
tui_start dave dave 100 30 XDG_STATE_HOME="$T/state-dave" \
    XDG_CONFIG_HOME="$T/config-dave"
INSECURE="${INSECURE:-} --log-file $T/eve.log" tui_start eve eve 100 30 \
    XDG_STATE_HOME="$T/state-eve"
for n in bob carol dave eve; do
	tui_wait $n "you joined #lobby"
done

client_start ann ann
client_say ann "hello logs" "/me waves" "/msg bob a secret"
tui_wait bob "Act: @"
tui_wait eve "* ann waves"

day='[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}'
wait_until 10 grep -q "waves" "$logs/#lobby.log" 2>/dev/null ||
    fail "no room log in $logs: $(ls -R "$T/state" 2>&1)"
grep -qE "^$day <ann> hello logs\$" "$logs/#lobby.log" ||
    fail "no dated message: $(cat "$logs/#lobby.log")"
grep -qE "^$day \\* ann waves\$" "$logs/#lobby.log" ||
    fail "no action: $(cat "$logs/#lobby.log")"
grep -qE "^$day -- you joined #lobby\$" "$logs/#lobby.log" ||
    fail "no event: $(cat "$logs/#lobby.log")"
wait_until 10 grep -q "a secret" "$logs/@ann.log" 2>/dev/null ||
    fail "no conversation log: $(ls "$logs")"
grep -qE "^$day \\*ann\\* a secret\$" "$logs/@ann.log" ||
    fail "bad conversation line: $(cat "$logs/@ann.log")"
grep -q "secret" "$logs/#lobby.log" && fail "a DM in the room's log"
ok "rooms and conversations are logged, one dated line a message"

# Several lines: continuation lines are indented, one file line each.
tui_type bob "first"
tui_keys bob M-Enter
tui_type bob "second"
tui_keys bob Enter
wait_until 10 grep -q "second" "$logs/#lobby.log" || fail "not logged"
grep -A1 -E "^$day <bob> first\$" "$logs/#lobby.log" | tail -n 1 |
    grep -qE "^ {26}second\$" ||
    fail "continuation not indented: $(cat "$logs/#lobby.log")"
ok "a message of several lines stays readable in the log"

[ -e "$T/state-carol/chatroom/logs" ] && fail "--no-logs still logged"
[ -e "$T/state-dave/chatroom/logs" ] && fail "LOGS=no still logged"
ok "--no-logs and LOGS=no turn the logs off"

wait_until 10 grep -qE "^$day #lobby <ann> hello logs\$" "$T/eve.log" ||
    fail "--log-file lacks the conversation: $(cat "$T/eve.log")"
ok "the client's --log-file gets the conversation"
exit 0
