#!/bin/bash
# SPDX-License-Identifier: ISC
# Rooms: create, join by name and number, leave, /rooms, /names, topics,
# and a client in two rooms at once.
. "$top_srcdir/tests/lib.sh"

start_hub
client_start alice alice
client_start bob bob
wait_for "$T/alice.out" "you joined #lobby"
wait_for "$T/bob.out" "you joined #lobby"

client_say alice "/create dev"
wait_for "$T/alice.out" "you joined #dev"
client_say bob "/create dev"
wait_for "$T/bob.err" "already exists"
ok "/create makes a room; creating it again is an error"

client_say alice "/rooms"
wait_for "$T/alice.out" "-!- #lobby (2)"
wait_for "$T/alice.out" "-!- #dev (1)"
grep -F -- "-!- #dev (1)" "$T/alice.out" | grep -q "alice" ||
    fail "/rooms lists members"
# Separated by spaces, as /names does (walk65), not "alice, bob".
grep -F -- "-!- #lobby (2)" "$T/alice.out" | grep -qE " alice bob$" ||
    fail "/rooms: $(grep -F -- "-!- #lobby (2)" "$T/alice.out")"
ok "/rooms lists name and members"

# Rooms are joined by name, digits too (IRC's #2): numbers are the room
# list's, for /window.
client_say bob "/join 2"
wait_for "$T/bob.out" "you joined #2"
client_say bob "/leave #2"
wait_for "$T/bob.out" "you left #2"
client_say bob "/join dev"
wait_for "$T/bob.out" "you joined #dev"
wait_for "$T/alice.out" "#dev -- bob joined #dev"
client_say bob "in dev"
wait_for "$T/alice.out" "#dev <bob> in dev"
client_say bob "/join lobby" "in lobby"
wait_for "$T/alice.out" "#lobby <bob> in lobby"
ok "/join N joins the room named N; one client in two rooms"

client_say alice "/join dev" "/topic Release planning"
wait_for "$T/bob.out" "#dev -- alice changed the topic to: Release planning"
client_say bob "/names dev"
wait_for "$T/bob.out" "#dev: 2 members:"
client_say bob "/rooms"
wait_for "$T/bob.out" "#dev (2) Release planning"
ok "topic and names"

client_say bob "/leave dev"
wait_for "$T/bob.out" "you left #dev"
wait_for "$T/alice.out" "#dev -- bob left #dev"
client_say alice "after bob left"
wait_for "$T/alice.out" "#dev <alice> after bob left"
client_say bob "/leave dev"
wait_for "$T/bob.err" "not in"
client_say bob "/join bad name"
client_say bob "/join #"
wait_for "$T/bob.err" "room name"
ok "leave; errors for unknown rooms and bad names"

# A room with no members is listed and says so.
client_say alice "/leave dev" "/rooms"
wait_for "$T/alice.out" "#dev (0) Release planning — no one is here"
ok "/rooms says when a room is empty"

client_stop bob
[ "$CLIENT_RC" = 3 ] || fail "bob exit $CLIENT_RC (three lines refused)"
client_stop alice
[ "$CLIENT_RC" = 0 ] || fail "alice exit"
grep -q "after bob left" "$T/bob.out" && fail "bob got a message after leaving"
ok "a member who left gets nothing"
exit 0
