#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: Redis's copy of a DM to another hub (dmwait) does not
# outlive its use.  It has a time to go (dmwaitat), well past the resume
# window, and goes with it and its sending hub (dmwaithub) once taken;
# one no hub deletes (the hub that took it died before Redis came back,
# and no hub adopts it) is deleted by a live hub once that time has
# passed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
need_redis_cli

# Does Redis keep N copies (dmwait), and N times (dmwaitat) and sending
# hubs (dmwaithub) for them?
dmwait_timed() {
	dmwait_count "$1" && [ "$(rcli ZCARD chatroom:dmwaitat)" = "$1" ] &&
	    [ "$(rcli HLEN chatroom:dmwaithub)" = "$1" ]
}

start_member a
start_member b
on a; raw_login alice alice
on b; raw_login bob bob

on b; kill -STOP "$HUB_PID"
raw_dm alice bob "kept in Redis" 2
wait_until 20 dmwait_timed 1 || fail "Redis does not keep the DM, or its time"
id=$(rcli HKEYS chatroom:dmwait)
at=$(rcli ZSCORE chatroom:dmwaitat "$id")
now=$(date +%s%3N)
[ -n "$at" ] && [ "${at%.*}" -gt $((now + 120000)) ] ||
    fail "the copy goes too soon: at $at, now $now"
ok "Redis's copy of a DM has a time to go, past the resume window"

on b; kill -CONT "$HUB_PID"
raw_expect bob '"text":"kept in Redis"' 30
wait_until 20 dmwait_timed 0 || fail "the copy, its time or its hub stays"
ok "the copy and its time go once the DM is taken"

# A copy no hub deletes: it names hub a, which does not keep it (as if
# the hub that took it died before Redis came back); its time passed.
frame='{"type":"dm","id":424242,"nick":"alice","to":"bob","text":"x"}'
rcli HSET chatroom:dmwait 424242 \
    "$(member_id a)"$'\t'"alice"$'\t'"bob"$'\n'"$frame" >/dev/null
rcli HSET chatroom:dmwaithub 424242 "$(member_id a)"$'\t'"a.test" >/dev/null
rcli ZADD chatroom:dmwaitat 1 424242 >/dev/null
wait_until 30 dmwait_timed 0 || fail "a copy past its time stays in Redis"
ok "a copy no hub deletes goes once its time has passed"
exit 0
