#!/bin/bash
# SPDX-License-Identifier: ISC
# --batch: a room and a conversation with the same name are two windows.
# In #bob, a DM from bob leaves #bob a room: bob's next line there shows
# as the room's, and what alice types in #bob goes to the room, not to
# bob alone.  The other way round too: a conversation with carol, then
# /join carol.
. "$top_srcdir/tests/lib.sh"

start_hub
client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"
client_say alice "/join bob"
wait_for "$T/alice.out" "you joined #bob"
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"
client_say bob "/join bob"
wait_for "$T/alice.out" "bob joined #bob"
client_say bob "said in the room"
wait_for "$T/alice.out" "#bob <bob> said in the room"
client_say bob "/msg alice said in private"
wait_for "$T/alice.out" "*bob* said in private"
client_say bob "the room again"
wait_for "$T/alice.out" "<bob> the room again"
grep -qF "#bob <bob> the room again" "$T/alice.out" ||
    fail "a room line after the DM: $(grep -F "room again" "$T/alice.out")"
ok "a DM from bob leaves #bob a room"

client_say alice "/window #bob" "answered in the room" \
    "/window @bob" "answered in private"
wait_for "$T/bob.out" "answered in private"
wait_for "$T/bob.out" "answered in the room"
grep -qF "#bob <alice> answered in the room" "$T/bob.out" ||
    fail "alice's line in #bob: $(grep -F answered "$T/bob.out")"
grep -qF "*alice* answered in private" "$T/bob.out" ||
    fail "alice's line in @bob: $(grep -F answered "$T/bob.out")"
ok "lines typed in #bob go to the room, in @bob to bob"

# The other way round: a conversation with carol, then the room carol.
client_start carol carol
wait_for "$T/carol.out" "you joined #lobby"
client_say carol "/msg alice carol in private"
wait_for "$T/alice.out" "*carol* carol in private"
client_say alice "/join carol"
wait_for "$T/alice.out" "you joined #carol"
client_say carol "/join carol"
wait_for "$T/alice.out" "carol joined #carol"
client_say carol "carol in the room"
wait_for "$T/alice.out" "<carol> carol in the room"
grep -qF "#carol <carol> carol in the room" "$T/alice.out" ||
    fail "carol's room line: $(grep -F "carol in" "$T/alice.out")"
client_say alice "/window #carol" "to the room carol"
wait_for "$T/carol.out" "to the room carol"
grep -qF "#carol <alice> to the room carol" "$T/carol.out" ||
    fail "alice's line in #carol: $(grep -F "room carol" "$T/carol.out")"
ok "a conversation with carol, then /join carol: two windows"

client_stop alice
[ "$CLIENT_RC" -eq 0 ] || fail "alice exited with $CLIENT_RC"
exit 0
