#!/bin/bash
# SPDX-License-Identifier: ISC
# The topic's limit is 300 characters, not bytes, as chatroom(1) says: a
# topic of 300 Korean characters (900 bytes) is set; one of 301 is
# refused with the limit named, not a bare "text too long".
. "$top_srcdir/tests/lib.sh"

start_hub
client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"
t300=$(printf '가%.0s' $(seq 300))
client_say alice "/topic $t300"
wait_for "$T/alice.out" "alice changed the topic to: $t300"
ok "a topic of 300 characters, 900 bytes, is set"
client_say alice "/topic ${t300}가"
wait_for "$T/alice.err" "a topic has at most 300 characters"
grep -q "text too long" "$T/alice.err" && fail "the limit is not named"
ok "a topic of 301 characters is refused, naming the limit"
exit 0
