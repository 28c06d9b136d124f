#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the message limit counts characters; the room left shows.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"
tui_start bob bob
tui_wait bob "you joined #lobby"

# 3,000 Korean syllables are 9,000 bytes: one message all the same.
# Typed in pieces of 300, each drawn before the next: one huge write
# can reach the terminal split inside a character (see the note in
# tui_stdin_cb), which is not what this test is about.
k300=$(printf '가%.0s' $(seq 1 300))
k3000=
for i in 1 2 3 4 5 6 7 8 9 10; do
	tui_type bob "$k300"
	k3000=$k3000$k300
	tui_settle bob 20
done
tui_keys bob Enter
wait_for "$T/obs.out" "<bob> $k3000" 60
ok "a 3,000-character Korean message is sent whole"

# Close to 4,000 characters the room left is counted, then what is over;
# Enter offers text over the limit as two messages.
x3850=$(printf 'x%.0s' $(seq 1 3850))
tui_type bob "$x3850"
tui_wait bob "150 left"
tui_type bob "$(printf 'y%.0s' $(seq 1 200))"
tui_wait bob "50 too many"
tui_keys bob Enter
tui_wait bob "too long for one message (4050 characters, at most 4000)"
tui_wait bob "send 2 messages? (y/n)"
tui_type bob "n"
tui_wait_gone bob "send 2 messages?"
tui_has bob "50 too many" || fail "the refused text was dropped"
grep -q "<bob> x" "$T/obs.out" && fail "sent in two although the answer was no"
tui_keys bob C-u
tui_type bob "$x3850"
tui_type bob "$(printf 'z%.0s' $(seq 1 150))"
tui_wait bob "0 left"
tui_keys bob Enter
wait_for "$T/obs.out" "zzzzz" 20
grep -q "<bob> x.*z$" "$T/obs.out" || fail "not sent: $(tail -c 200 "$T/obs.out")"
ok "the input line counts down to the limit and counts what is over"
exit 0
