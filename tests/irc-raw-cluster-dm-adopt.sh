#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a DM adopted from a dead hub names the hub its sender was
# on.  bob, on hub a, writes to alice, whose session waits for its
# resume on hub b, while hub b is frozen; both hubs are killed (kill -9)
# before hub b reads it.  Hub b, restarted alone, adopts the copy Redis
# kept (dmwait) and holds it for alice: she, logging in from IRC, sees it
# from bob!bob@a.test, as she would have live, not from hub b.  Redis
# keeps the copy with the header a hub of the previous release reads.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
need_redis_cli

IRC_A=$(pick_port)
start_member a --irc-listen "127.0.0.1:$IRC_A" --irc-server-name a.test \
    --flush-interval 1
IRC_B=$(pick_port)
start_member b --irc-listen "127.0.0.1:$IRC_B" --irc-server-name b.test \
    --flush-interval 1

# alice's native client on hub b, with an IRC password, dies: her
# session waits for its resume there, saved in hub b's file.
member_client_lost b alice
wait_until 20 grep -q '"lost":' "$T/b.json" ||
    fail "hub b did not save alice's session"
irc_on a
irc_open bo
irc_register bo bob

on b; kill -STOP "$HUB_PID"
irc_send bo "PRIVMSG alice :adopted from hub a"
wait_until 20 dmwait_count 1 || fail "Redis does not keep the DM"
# Its header is "HUB\tFROM\tTO", as a hub of the previous release reads
# it (it deletes one with more fields); hub a's id and IRC name are kept
# beside it, in dmwaithub.
id=$(rcli HKEYS chatroom:dmwait)
head=$(rcli HGET chatroom:dmwait "$id" | head -n 1)
[ "$head" = "$(member_id a)"$'\t'"bob"$'\t'"alice" ] ||
    fail "dmwait's header is not HUB, FROM, TO: $(printf %q "$head")"
[ "$(rcli HGET chatroom:dmwaithub "$id")" = "$(member_id a)"$'\t'"a.test" ] ||
    fail "dmwaithub: $(rcli HGET chatroom:dmwaithub "$id" | od -c)"
kill_member a
kill_member b
restart_member b
# Hub b adopts the DM once hub a is given up, and keeps it for alice.
wait_until 60 dmwait_count 0 || fail "no hub adopted the DM"
[ "$(rcli HLEN chatroom:dmwaithub)" = 0 ] ||
    fail "the DM's hub stays in dmwaithub"
irc_on b
irc_open al2
sasl_register al2 alice "alice's irc password"
# Without server-time, the held DM comes with its time (walk63 F3).
irc_wait al2 "adopted from hub a" 30
grep -Eq ":bob!bob@a\.test PRIVMSG alice :\[[0-9]{2}:[0-9]{2}\] adopted from hub a" \
    "$T/al2.irc" ||
    fail "the adopted DM: $(grep -a "adopted from" "$T/al2.irc")"
irc_sync al2
[ "$(grep -c "adopted from hub a" "$T/al2.irc")" = 1 ] ||
    fail "the adopted DM came more than once"
ok "a DM adopted from a dead hub names its sender's hub"
exit 0
