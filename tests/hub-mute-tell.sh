#!/bin/bash
# SPDX-License-Identifier: ISC
# A mute's end is told at the end (a timer), not at the next flush tick,
# which here is a minute away; a user who comes back still muted is told
# by whom and until when (native and IRC), and one whose mute ended while
# away is told nothing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
# Local time is not UTC here: the client says local, IRC says UTC.
export TZ=KST-9

# How many mutes the client NAME was told of.
told() {
	count_in "$T/$1.err" "boss muted you: you cannot speak until"
}

# Wait for a line matching the regular expression RE in FILE.
wait_re() {
	wait_until 10 grep -q -- "$2" "$1" ||
	    fail "timed out waiting for /$2/ in $1"
}

printf 's3cret\n' >"$T/admin.pw"
start_irc_hub --irc-server-name mute.test --admin-password-file \
    "$T/admin.pw" --flush-interval 60
irc_open i
irc_register i ircy
client_start op boss
client_start bob bob
client_start cy cyd
wait_for "$T/op.out" "you joined #lobby"
wait_for "$T/bob.out" "you joined #lobby"
wait_for "$T/cy.out" "you joined #lobby"
client_say op "/oper s3cret" "/mute bob 2s" "/mute ircy 2s"
wait_for "$T/bob.err" "boss muted you: you cannot speak until"
irc_wait i ":mute.test NOTICE ircy :boss muted you for 2s"
# Well before the flush tick, also under valgrind on a loaded machine.
wait_for "$T/bob.out" "you may speak again: your mute ended" 30
irc_wait i ":mute.test NOTICE ircy :You may speak again: your mute ended" 30
wait_for "$HUB_LOG" "the mute on bob ended (set by boss)"
ok "a mute's end is told at its end, not at the next flush tick"

# Back while still muted: by whom and until when, in local time as the
# first notice says it (IRC: in UTC).
client_say op "/mute bob 1h" "/mute ircy 1h" "/mute cyd"
# Told after the 2s one.
wait_until 10 eval '[ "$(told bob)" -ge 2 ]' ||
    fail "no mute told: $(cat "$T/bob.err")"
irc_wait i ":mute.test NOTICE ircy :boss muted you for 1h"
wait_for "$T/cy.err" "boss muted you: you cannot speak until they lift it"
client_stop bob
client_stop cy
irc_send i "QUIT :bye"
irc_closed i
client_start bob2 bob
wait_for "$T/bob2.out" "you joined #lobby"
wait_until 10 grep -qE "boss muted you: you cannot speak until \
([A-Z][a-z]{2} [0-9]{1,2} )?[0-9]{2}:[0-9]{2} \(in (59m [0-9]+s|1h)\)" \
    "$T/bob2.err" ||
    fail "bob back: $(cat "$T/bob2.err")"
end=$(sed -n 's/.*boss muted you: you cannot speak until \(.*\) (in .*/\1/p' \
    "$T/bob2.err")
want=$(( $(date +%s) + 3600 ))
got=$(date -d "$end" +%s) || fail "bad end: $end"
[ $((got - want)) -le 60 ] && [ $((want - got)) -le 120 ] ||
    fail "bob's mute ends at $end, not in an hour"
irc_open i2
irc_register i2 ircy
wait_re "$T/i2.irc" ":mute.test NOTICE ircy :boss muted you until \
20[0-9-]* [0-9:]* UTC: you cannot speak until then"
client_start cy2 cyd
wait_for "$T/cy2.err" "boss muted you: you cannot speak until they lift it"
ok "a user back while still muted is told by whom and until when"

# A mute that ended while the user was away: nothing to tell.
client_say op "/unmute bob" "/mute bob 2s"
# Told after the one on coming back.
wait_until 10 eval '[ "$(told bob2)" -ge 2 ]' ||
    fail "no mute told: $(cat "$T/bob2.err")"
client_stop bob2
ended() {
	[ "$(count_in "$HUB_LOG" "the mute on bob ended (set by boss)")" -ge 2 ]
}
wait_until 30 ended || fail "bob's second mute did not end"
client_start bob3 bob
wait_for "$T/bob3.out" "you joined #lobby"
client_say bob3 "free to speak"
wait_for "$T/op.out" "free to speak"
grep -q "muted you" "$T/bob3.err" && fail "told of a mute that had ended"
ok "a user whose mute ended while away is told nothing"
