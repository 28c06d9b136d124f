#!/bin/bash
# SPDX-License-Identifier: ISC
# "Last seen" is when the owner of a nick was last there: when its session
# ended (a quit) or lost its connection, not when it logged in; a session
# that waits for its resume and expires keeps the time it was lost; a
# session alive when the hub stops was seen then; and a restart changes
# none of it.
. "$top_srcdir/tests/lib.sh"

# The "seen" of a nick's claim in the history file (empty if none).
seen_of() {
	grep -o "{\"nick\":\"$1\",[^}]*" "$T/history.json" 2>/dev/null |
	    grep -o '"seen":[0-9]*' | cut -d: -f2
}

# Is the nick's "seen" at least $2?
seen_after() {
	local s
	s=$(seen_of "$1")
	[ -n "$s" ] && [ "$s" -ge "$2" ]
}

start_hub --resume-timeout 4
client_start watcher watcher
wait_for "$T/watcher.out" "you joined #lobby"

# A quit, some seconds after the login.
client_start alice alice
wait_for "$T/watcher.out" "alice joined #lobby"
sleep 2.5
t_quit=$(now_ms)
client_stop alice
wait_for "$T/watcher.out" "alice quit"
wait_until 10 seen_after alice "$t_quit" ||
    fail "alice's last seen is not her quit: $(seen_of alice) < $t_quit"
ok "a quit is when the user was last seen"

# A lost connection that is not resumed: seen when lost, not at expiry.
client_start bob bob
wait_for "$T/watcher.out" "bob joined #lobby"
sleep 2.5
t_lost=$(now_ms)
kill -9 "${CLIENT_PID[bob]}"
wait_for "$T/watcher.out" "bob lost the connection"
wait_for "$T/watcher.out" "bob quit (connection lost)" 20
t_gone=$(now_ms)
wait_until 10 seen_after bob "$t_lost" ||
    fail "bob's last seen is not when he was lost: $(seen_of bob) < $t_lost"
[ "$(seen_of bob)" -lt $((t_gone - 2000)) ] ||
    fail "bob's last seen is his expiry: $(seen_of bob), gone at $t_gone"
ok "a lost session is last seen when it was lost"

# Carol is there when the hub stops: seen then; a restart keeps the times.
client_start carol carol
wait_for "$T/watcher.out" "carol joined #lobby"
sleep 2.5
t_stop=$(now_ms)
stop_hub TERM
alice_seen=$(seen_of alice)
carol_seen=$(seen_of carol)
[ -n "$carol_seen" ] && [ "$carol_seen" -ge "$t_stop" ] ||
    fail "carol, there at the stop, was last seen $carol_seen < $t_stop"
start_hub --resume-timeout 4
run_batch again alice "back again"
[ "$BATCH_RC" -eq 0 ] || fail "alice could not come back"
# The time alone today (the client's own day), else the day too.
if [ "$(date -d "@$((alice_seen / 1000))" +%F)" = "$(date +%F)" ]; then
	when="at $(date -d "@$((alice_seen / 1000))" '+%H:%M')"
else
	when=$(date -d "@$((alice_seen / 1000))" '+%b %-d %H:%M')
fi
grep -qF "welcome back, alice (last seen $when)" "$T/again.out" ||
    fail "alice was not told $when: $(grep welcome "$T/again.out")"
wait_until 10 eval "[ \"\$(seen_of alice)\" != '$alice_seen' ]" ||
    fail "alice's return was not saved"
# Carol's restored session waits, then expires: her time stays.
wait_for "$HUB_LOG" "carol: resume window expired" 20
run_batch again2 alice "and again"
[ "$BATCH_RC" -eq 0 ] || fail "alice could not come back twice"
[ "$(seen_of carol)" = "$carol_seen" ] ||
    fail "a restart moved carol's last seen: $(seen_of carol) != $carol_seen"
ok "a restart keeps when each user was last seen"
exit 0
