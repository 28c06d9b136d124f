#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a claim's owner who comes back in a new session is
# announced on every hub as a join, as any new session is ("is back" is
# for a session resumed; a frame a hub does not take is logged with its
# type and hub); a hub that shuts down cleanly says so, and its users who
# resume on another hub are back, not new.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
need_redis_cli

start_member a
start_member b

member_client b dan

# bob claims his nick on hub a, leaves, and comes back there.
on a; run_batch bob1 bob "hello"
wait_for "$T/a.log" "nick bob claimed"
wait_for "$T/dan.out" "bob quit"
on a; client_start bob bob
wait_for "$T/a.log" "registered as bob, the owner of the nick back"
joined_again() {
	[ "$(count_in "$T/dan.out" "bob joined #lobby")" -eq 2 ]
}
wait_until 10 joined_again || fail "hub b did not show bob's new session"
grep -q "bob is back" "$T/dan.out" &&
    fail "hub b showed bob's new session as back"
client_say dan "/names lobby"
wait_for "$T/dan.out" "#lobby: 2 members: "
grep "#lobby: 2 members: " "$T/dan.out" | grep -q bob ||
    fail "hub b does not list bob back in #lobby"
grep -q "unexpected frame" "$T/b.log" && fail "hub b refused bob's join"
ok "a claim's owner back on one hub joins on the other"

# carol on hub a; hub a shuts down; she resumes on hub b with her token.
on a
raw_open e
raw_send e '{"type":"hello","version":1,"nick":"carol"}'
raw_expect e '"type":"welcome"'
token=$(sed 's/.*"token":"\([0-9a-f]*\)".*/\1/' <<<"$RAW_LINE")
wait_for "$T/dan.out" "carol joined #lobby"
client_stop bob
stop_member a b
on b
raw_open e2
hello='{"type":"hello","version":1,"nick":"carol",'
raw_send e2 "$hello\"token\":\"$token\"}"
raw_expect e2 '"resumed":true'
wait_for "$T/b.log" "carol resumed a session from another hub"
wait_for "$T/dan.out" "carol is back"
grep -q "hub lost" "$T/dan.out" && fail "a clean shutdown said 'hub lost'"
[ "$(grep -c "carol joined" "$T/dan.out")" -eq 1 ] ||
    fail "carol's resume on hub b was shown as a join"
ok "a hub that shuts down says so; its users resumed elsewhere are back"

# Hub a starts again with carol's session from its file: she went on on
# hub b, which is no loss of a split.
start_member a
wait_for "$T/a.log" "cluster: carol is on another hub now"
grep -q "carol was taken on another hub during the split" "$T/a.log" &&
    fail "a plain restart was logged as a split"
ok "a restart does not call a session that went on elsewhere a split's loss"

# A frame of a kind the bus does not carry: named, with its hub.
printf 'r\tfeedfacefeedface\tlobby\n{"type":"kicked","room":"lobby","nick":"x"}\n' |
    rcli -x PUBLISH chatroom:bus >/dev/null
wait_for "$T/b.log" 'cluster: an unexpected frame on the bus: type kicked'
grep -q 'type kicked in a "r" payload from hub feedfacefeedface' \
    "$T/b.log" || fail "the warning does not name the payload and hub"
ok "an unexpected frame on the bus is logged with its type and hub"
client_stop dan
