#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: bans, mutes and kicks are the cluster's.  A ban set on one
# hub removes the user from another and refuses it there; a mute set on
# one hub silences a user of another; a kick reaches the user's hub; a
# ban set while Redis is away holds at once here and everywhere at the
# heal; an unban is lifted everywhere; a hub that joins takes them.  A user who logs in while the hub
# has lost Redis is told so.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

# Local time is not UTC here, so that a ban's end in UTC shows.
export TZ=KST-9

start_oper_members a b

member_oper a alice
member_client b troll
member_client b mal
member_client b kim
wait_for "$T/alice.out" "kim joined #lobby"

# A ban on hub a removes troll from hub b, and hub b refuses him; those
# who shared a room with him, on either hub, read until when, in local
# time, and why (the operator in her notice, once).
t0=$(now_ms)
client_say alice "/ban troll 1h trolling"
wait_for "$T/alice.out" "troll is banned until"
end_re="until $(local_end_re "$t0" 3600) \\(in (59m [0-9]+s|1h)\\)"
wait_for "$T/mal.out" "troll was banned by alice"
grep -qE "troll was banned by alice $end_re: trolling$" \
    "$T/mal.out" || fail "mal read: $(grep "troll was" "$T/mal.out")"
# alice, whose notice said it, does not read it twice.
grep -qE "troll is banned $end_re \(reason: trolling\)$" "$T/alice.out" ||
    fail "alice read: $(grep "troll is" "$T/alice.out")"
wait_for "$T/b.log" "the ban on troll set by alice on another hub holds here"
wait_until 20 eval "! kill -0 ${CLIENT_PID[troll]} 2>/dev/null" ||
    fail "troll stayed on hub b after a ban on hub a"
on b; run_batch troll2 troll "still here"
[ "$BATCH_RC" -ne 0 ] || fail "hub b let banned troll in"
grep -q "banned" "$T/troll2.err" || fail "hub b did not say troll is banned"
grep -q "still here" "$T/alice.out" && fail "troll's words reached hub a"
ok "a ban on one hub removes and refuses the user on another, with its end"

# A mute on hub a silences mal on hub b, who is told.
client_say alice "/mute mal 5m"
wait_for "$T/alice.out" "mal is muted until"
wait_for "$T/mal.err" "alice muted you: you cannot speak until"
client_say mal "muted words"
wait_for "$T/mal.err" "you are muted"
grep -q "muted words" "$T/alice.out" && fail "a muted user of hub b spoke"
client_say alice "/unmute mal"
wait_for "$T/mal.out" "may speak again"
client_say mal "free words"
wait_for "$T/alice.out" "<mal> free words"
ok "a mute set on one hub holds on another, and so does its end"

# A kick on hub a removes kim from hub b.
client_say alice "/kick kim bye now"
wait_until 20 eval "! kill -0 ${CLIENT_PID[kim]} 2>/dev/null" ||
    fail "kim stayed on hub b after a kick on hub a"
wait_for "$T/b.log" "alice (on another hub) kicked kim: bye now"
grep -q "kim is on another hub" "$T/alice.err" && fail "the kick was refused"
ok "a kick on one hub reaches a user of another"

# A kick of a user of another hub who shares no room with the operator
# is confirmed all the same, once; one who shares a room is told once.
on b; raw_login n nia
raw_send n '{"type":"join","room":"side","seq":1}'
raw_expect n '"type":"room"'
wait_for "$T/alice.out" "nia joined #lobby"
raw_send n '{"type":"leave","room":"lobby","seq":2}'
wait_for "$T/alice.out" "nia left #lobby"
wait_for "$T/alice.out" "kim was kicked by alice (bye now)"
# Hub a knows nia once /whois says she is on another hub.
wait_until 20 eval 'client_say alice "/whois nia"; sleep 0.2;
    grep -q "nia is on another hub" "$T/alice.err"' ||
    fail "hub a did not learn of nia in #side"
client_say alice "/kick nia out of the side room"
wait_for "$T/alice.out" "nia was kicked by alice (out of the side room)"
wait_for "$T/b.log" "alice (on another hub) kicked nia: out of the side room"
[ "$(count_in "$T/alice.out" "kim was kicked by alice (bye now)")" -eq 1 ] ||
    fail "kim's kick told: $(grep "kim was" "$T/alice.out")"
ok "a kick of a user of another hub in no shared room is confirmed"

# An address ban shows on the other hub's list.
client_say alice "/ban 192.0.2.0/24 2h spam range"
wait_for "$T/b.log" "the ban on 192.0.2.0/24 set by alice on another hub"
ok "an address ban is the cluster's"

# Unban on hub a: troll may come to hub b again.
client_say alice "/unban troll"
wait_for "$T/b.log" "the ban on troll was lifted on another hub"
on b; run_batch troll3 troll "back again"
[ "$BATCH_RC" -eq 0 ] || fail "hub b still refuses troll after the unban"
ok "an unban on one hub is lifted on the other"

# Redis goes away: a ban set now holds on hub a at once and on hub b at
# the heal; a user who logs in meanwhile is told the hub is cut off.
lose_redis TERM 10 a b
client_say alice "/ban zed 1h during the split"
wait_for "$T/alice.out" "zed is banned until"
member_client b carol
wait_until 20 grep -q "the hub lost contact with the other hubs" "$T/carol.out" "$T/carol.err" ||
    fail "carol, who logged in during the split, was not told of it"
ok "a user who logs in during a split is told"
heal_redis 10 a
wait_for "$T/b.log" "the ban on zed set by alice on another hub holds here"
on b; run_batch zed1 zed "hi"
[ "$BATCH_RC" -ne 0 ] || fail "hub b let zed in after the heal"
ok "a ban set during a split holds everywhere at the heal"

# A hub that joins the cluster afterwards takes the bans in force, and
# not the one lifted.
start_member c
wait_for "$T/c.log" "the ban on zed set by alice on another hub holds here"
wait_for "$T/c.log" "the ban on 192.0.2.0/24 set by alice on another hub"
grep -q "the ban on troll set by" "$T/c.log" &&
    fail "a hub that joined took a ban lifted before"
on c; run_batch zed2 zed "hi"
[ "$BATCH_RC" -ne 0 ] || fail "a hub that joined let zed in"
ok "a hub that joins takes the cluster's bans"

client_stop carol
client_stop mal
client_stop alice
