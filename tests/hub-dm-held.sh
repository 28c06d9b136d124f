#!/bin/bash
# SPDX-License-Identifier: ISC
# A direct message to someone whose connection was just lost is kept by
# the hub and delivered when they resume; if they never do, the sender is
# told.  The sender is told it is kept for at most what is left of the
# resume window.  At most CR_DM_HELD messages wait for one session,
# CR_DM_HELD_FROM of them from one sender.
. "$top_srcdir/tests/lib.sh"

start_hub --resume-timeout 3
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"

raw_open a
raw_send a '{"type":"hello","version":1,"nick":"alice"}'
raw_expect a '"type":"welcome"'
token=$(sed 's/.*"token":"\([0-9a-f]*\)".*/\1/' <<<"$RAW_LINE")
exec {RAW_FD[a]}>&-
wait_for "$T/bob.out" "alice lost the connection"

client_say bob "/msg alice are you there?"
wait_for "$T/bob.out" "alice lost the connection; the hub keeps your message"
grep -q "no such nick" "$T/bob.err" && fail "the DM was refused"
grep -qE "keeps your message for up to [1-3]s, until they are back" \
    "$T/bob.out" || fail "bob was not told for how long it is kept"
raw_open a2
raw_send a2 "{\"type\":\"hello\",\"version\":1,\"token\":\"$token\",\"last_id\":0}"
raw_expect a2 '"resumed":true'
raw_expect a2 '"text":"are you there?"'
ok "a DM to a lost session is delivered when it resumes"

# Lost again, and never back: the sender is told when the window ends.
exec {RAW_FD[a2]}>&-
lost_again() {
	[ "$(count_in "$T/bob.out" "alice lost the connection")" -ge 3 ]
}
wait_until 10 lost_again || fail "alice was not lost again"
for i in $(seq 1 6); do
	client_say bob "/msg alice note $i"
done
wait_for "$T/bob.err" "alice lost the connection and too many messages wait"
wait_for "$T/bob.err" "alice did not come back; your messages to them were not delivered"
[ "$(count_in "$T/bob.err" "alice did not come back")" -eq 1 ] ||
    fail "bob was told more than once"
ok "at most 5 from one sender wait; when the session expires the sender is told"
exit 0
