#!/bin/bash
# SPDX-License-Identifier: ISC
# A mute binds operators too: a muted operator cannot lift their own mute
# (another operator may, or its end), so muting oneself needs -force, as
# banning oneself does.
. "$top_srcdir/tests/lib.sh"

start_oper_pair start_hub
client_say bob "/oper s3cret"
wait_for "$T/bob.out" "you are now a hub operator"

client_say alice "/mute alice 1m"
wait_for "$T/alice.err" "alice is your own nick: you could not lift the mute yourself (/mute -force mutes all the same)"
grep -q "alice muted alice" "$HUB_LOG" && fail "a self-mute without -force was set"
ok "muting oneself without -force is refused"

client_say alice "/mute bob 2m spam"
wait_for "$T/bob.err" "alice muted you"
client_say bob "/unmute bob"
wait_for "$T/bob.err" "you cannot lift your own mute: another operator may, or it ends"
grep -q "bob let bob speak again" "$HUB_LOG" && fail "bob lifted his own mute"
client_say bob "still here"
wait_for "$T/bob.err" "you are muted until"
client_say alice "/unmute bob"
wait_for "$T/bob.out" "you may speak again (alice lifted your mute)"
ok "a muted operator cannot lift their own mute; another operator can"

client_say alice "/mute -force alice 1m"
wait_for "$HUB_LOG" "alice muted alice for 1m"
client_say alice "/unmute alice"
wait_for "$T/alice.err" "you cannot lift your own mute"
client_say bob "/unmute alice"
wait_for "$HUB_LOG" "bob let alice speak again"
ok "/mute -force mutes oneself, and only another operator lifts it"
client_stop alice
client_stop bob
stop_hub TERM
exit 0
