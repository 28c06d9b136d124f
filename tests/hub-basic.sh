#!/bin/bash
# SPDX-License-Identifier: ISC
# Room messages reach every member and only them; DMs reach only the target.
. "$top_srcdir/tests/lib.sh"

start_hub
client_start alice alice
client_start bob bob
client_start carol carol
wait_for "$T/alice.out" "connected to"
wait_for "$T/bob.out" "connected to"
wait_for "$T/carol.out" "connected to"

# carol moves to another room, so lobby has alice and bob only.
client_say carol "/join side"
wait_for "$T/carol.out" "you joined #side"
client_say carol "/leave lobby"
wait_for "$T/carol.out" "you left #lobby"

client_say alice "hello lobby"
wait_for "$T/alice.out" "#lobby <alice> hello lobby"
wait_for "$T/bob.out" "#lobby <alice> hello lobby"
grep -qE '^\[[0-2][0-9]:[0-5][0-9]\] #lobby <alice> hello lobby$' \
    "$T/bob.out" || fail "line format"
ok "broadcast reaches the room, with [hh:mm], sender sees the echo"

client_say carol "only side"
wait_for "$T/carol.out" "#side <carol> only side"

# Direct messages.
client_say bob "@alice psst alice"
wait_for "$T/alice.out" "*bob* psst alice"
wait_for "$T/bob.out" "-> *alice* psst alice"
client_say bob "/msg carol hi carol"
wait_for "$T/carol.out" "*bob* hi carol"
client_say bob "@nobody anyone?"
wait_for "$T/bob.err" "no such nick: nobody"
ok "DMs reach the target; unknown nick is an error"

# /me and multi-line messages (a trailing backslash continues the line).
# The blanks before the backslash are not part of the message.
client_say alice "/me waves" 'first line \' "second line"
wait_for "$T/bob.out" "#lobby * alice waves"
wait_for "$T/bob.out" "<alice> first line"
grep -qF "<alice> first line " "$T/bob.out" &&
    fail "the blank before the backslash was kept"
grep -A1 -F "<alice> first line" "$T/bob.out" | tail -n 1 |
    grep -qE '^ +second line$' || fail "multi-line continuation"
ok "/me and multi-line messages"

# End of input: everything is delivered, the client exits 0 (bob 3: the
# hub refused his DM to nobody).
client_say bob "last words"
client_stop bob
[ "$CLIENT_RC" = 3 ] || fail "bob exit status $CLIENT_RC"
grep -qF "1 line was refused" "$T/bob.err" || fail "bob: no refused count"
wait_for "$T/alice.out" "<bob> last words"
wait_for "$T/alice.out" "bob quit"
client_stop alice
[ "$CLIENT_RC" = 0 ] || fail "alice exit status"
client_stop carol
[ "$CLIENT_RC" = 0 ] || fail "carol exit status"

# Nothing leaked across rooms or to bystanders.
grep -q "hello lobby" "$T/carol.out" && fail "carol saw a lobby message"
grep -q "only side" "$T/alice.out" "$T/bob.out" && fail "side leaked"
grep -q "psst" "$T/carol.out" && fail "DM leaked to carol"
grep -q "hi carol" "$T/alice.out" && fail "DM leaked to alice"
ok "no leaks across rooms or DMs"

# DMs are never stored in the history file.
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
grep -q "hello lobby" "$T/history.json" || fail "room message not saved"
grep -q "psst" "$T/history.json" && fail "a DM was saved"
ok "history holds room messages and no DMs"
exit 0
