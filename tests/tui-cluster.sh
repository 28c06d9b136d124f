#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client and a cluster: given two hubs, it moves to the other
# when its hub dies and resumes its session there -- same nick, same
# rooms, what was said meanwhile -- with no ghost left behind, and no
# "is back" for those who never saw it go.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

start_member a
start_member b
member_client b bob
client_say bob "/join dev"
wait_for "$T/bob.out" "you joined #dev"

# dan knows both hubs and starts on a.
on a; HUB_PORT="${PORT[a]},127.0.0.1:${PORT[b]}"
tui_start dan dan
tui_wait dan "you joined #lobby"
# #dev exists: the picker is offered; Escape closes it.
tui_wait dan "this hub has other rooms"
tui_keys dan Escape
tui_wait_gone dan "filter:"
tui_type dan "/join dev"
tui_keys dan Enter
tui_wait dan "you joined #dev"
wait_for "$T/bob.out" "dan joined #dev"
tui_type dan "said on hub a"
tui_keys dan Enter
wait_for "$T/bob.out" "#dev <dan> said on hub a"

# Hub a dies; bob talks meanwhile; dan is on hub b at once, resumed.
kill -9 "${PID[a]}"
client_say bob "while dan moves"
tui_wait dan "trying 127.0.0.1:${PORT[b]}"
tui_wait dan "reconnected: session resumed"
tui_wait dan "while dan moves"
tui_type dan "said on hub b"
tui_keys dan Enter
wait_for "$T/bob.out" "#dev <dan> said on hub b"
ok "the client moves to the other hub and resumes its session"
# bob never saw dan lost (hub b had not given hub a up): no "is back".
grep -q "dan is back" "$T/bob.out" &&
    fail "bob read that dan is back, never told he was gone"

# No ghost: dan is listed once, and is not signed off when hub a's
# users are released.
wait_for "$T/b.log" "is gone" 20
[ "$(count_in "$T/bob.out" "dan quit")" -eq 0 ] ||
    fail "dan was signed off although it had moved"
client_say bob "/names #dev"
wait_until 10 grep -qE "#dev.*dan" "$T/bob.out" ||
    fail "dan is missing from #dev on hub b"
tui_type dan "/names"
tui_keys dan Enter
tui_wait dan "bob"
ok "no ghost is left on the dead hub"

tui_type dan "/quit"
tui_keys dan Enter
tui_wait dan "CLIENT EXITED rc=0"
client_stop bob
exit 0
