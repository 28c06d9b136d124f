#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: who set a room's topic and when (IRC's 333) are in the
# room record the hubs share in Redis, so that a hub that starts, or
# comes back, after the topic was set still sends 333 after 332.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

IRC_A=$(pick_port)
start_member a --irc-listen "127.0.0.1:$IRC_A" --irc-server-name a.test
irc_on a
irc_join_dev c carol
irc_send c "TOPIC #dev :set before b started"
irc_wait c "TOPIC #dev :set before b started"
irc_send c "TOPIC #dev"
irc_wait c " 333 carol #dev carol "
when=$(grep -o ' 333 carol #dev carol [0-9]*' "$T/c.irc" | head -1 |
    awk '{print $5}')

IRC_B=$(pick_port)
start_member b --irc-listen "127.0.0.1:$IRC_B" --irc-server-name b.test
irc_on b
irc_join_dev d dave
grep -q " 332 dave #dev :set before b started" "$T/d.irc" ||
    fail "hub b: no topic: $(grep ' 33[23] ' "$T/d.irc")"
grep -q " 333 dave #dev carol $when" "$T/d.irc" ||
    fail "hub b: no 333 from the record: $(grep ' 33[23] ' "$T/d.irc")"
ok "a hub started later sends 333 with the setter and the time"

# Set while b is down: b learns it from the record when it is back.
irc_send d "QUIT :bye"
stop_member b a
irc_send c "TOPIC #dev :set while b was down"
irc_wait c "TOPIC #dev :set while b was down"
restart_member b
irc_join_dev e erin
grep -q " 332 erin #dev :set while b was down" "$T/e.irc" ||
    fail "hub b: topic not updated: $(grep ' 33[23] ' "$T/e.irc")"
grep -q " 333 erin #dev carol [0-9]" "$T/e.irc" ||
    fail "hub b: no 333 after its restart: $(grep ' 33[23] ' "$T/e.irc")"
ok "and a hub restarted after the topic changed"

# A record of an older hub (no setter) still gives the topic, no 333.
need_redis_cli
key=$(rcli HKEYS chatroom:rooms | grep -x 'dev\|#dev' | head -1)
[ -n "$key" ] || key=$(rcli HKEYS chatroom:rooms | grep dev | head -1)
rec=$(rcli HGET chatroom:rooms "$key")
[ "$(printf '%s' "$rec" | awk -F'\t' '{print NF}')" -eq 5 ] ||
    fail "record has not 5 fields: $rec"
irc_send e "QUIT :bye"
stop_member b a
rcli HSET chatroom:rooms "$key" \
    "$(printf '%s' "$rec" | cut -f1-2)$(printf '\t')an older topic" >/dev/null
rm -f "$T/b.json"
restart_member b
irc_join_dev f fay
grep -q " 332 fay #dev :an older topic" "$T/f.irc" ||
    fail "hub b: an older record's topic: $(grep ' 33[23] ' "$T/f.irc")"
grep -q " 333 " "$T/f.irc" &&
    fail "hub b: a 333 without a setter: $(grep ' 333 ' "$T/f.irc")"
ok "a record from an older hub: the topic, and no 333"
exit 0
