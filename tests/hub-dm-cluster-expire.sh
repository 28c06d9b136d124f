#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: DMs held in Redis for a session whose hub stopped, and
# which no hub takes within the resume window, are given up by a hub of
# the cluster, which tells their sender (once, however many), as a hub
# tells the senders of DMs it held itself.  A DM Redis sent on to a hub
# that no longer has the session (gone meanwhile) is not dropped
# silently: its sender is told it was not delivered.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
need_redis_cli

WINDOW=2
start_member a --resume-timeout $WINDOW
start_member b
hub_b=$(member_id b)
[ -n "$hub_b" ] || fail "no hub id in b.log"
on a; raw_login b bob
on b; raw_login a alice

# bob (hub a) to NICK: bob_dm NICK TEXT SEQ; acknowledged.
bob_dm() {
	raw_send b "{\"type\":\"dm\",\"to\":\"$1\",\"text\":\"$2\",\"seq\":$3}"
	raw_expect b "\"seq\":$3" || fail "no answer to $2"
	[[ $RAW_LINE == *'"type":"ack"'* ]] || fail "$2 refused: $RAW_LINE"
}

# A DM for a session Redis places on hub b, which has none (the race of a
# user gone between the look-up and the delivery, made sure of here).
rcli HSET chatroom:nicks ghost \
    "$hub_b		ghost" >/dev/null
bob_dm ghost "to a ghost" 2
raw_expect b '"code":"dm_expired"' ||
    fail "bob was not told his DM to a session gone from its hub was lost"
[[ $RAW_LINE == *'"subject":"ghost"'* ]] || fail "told of whom: $RAW_LINE"
grep -q "DM from bob to ghost, gone from this hub" "$T/b.log" ||
    fail "hub b did not log the DM it could not deliver"
ok "a DM sent on to a hub that no longer has the session is told lost"
rcli HDEL chatroom:nicks ghost >/dev/null

# alice's hub stops: DMs to her wait in Redis.
stop_member b a
bob_dm alice "held 1" 3
raw_expect b '"code":"dm_held"' || fail "bob was not told it is held"
[[ $RAW_LINE == *"\"duration\":$WINDOW"* ]] ||
    fail "the held notice does not say ${WINDOW}s: $RAW_LINE"
bob_dm Alice "held 2" 4
raw_expect b '"code":"dm_held"' || fail "bob was not told it is held"
[ "$(rcli LLEN chatroom:held:alice)" = 2 ] ||
    fail "the DMs do not wait in Redis"

# Nobody takes the session within the window: bob is told, once.
raw_expect b '"code":"dm_expired"' $((WINDOW + 15)) ||
    fail "bob was not told his DMs held in Redis expired"
[[ $RAW_LINE == *'"subject":"alice"'* || $RAW_LINE == *'"subject":"Alice"'* ]] ||
    fail "told of whom: $RAW_LINE"
raw_send b '{"type":"ping"}'
while raw_expect b '"type"'; do
	[[ $RAW_LINE == *'"type":"pong"'* ]] && break
	[[ $RAW_LINE == *dm_expired* ]] && fail "told twice: $RAW_LINE"
done
[ "$(rcli EXISTS chatroom:held:alice)" = 0 ] ||
    fail "the expired DMs are still in Redis"
[ "$(rcli ZCARD chatroom:held)" = 0 ] ||
    fail "the held set still lists alice"
grep -q "cluster: DMs from bob to .* expired unread" "$T/a.log" ||
    fail "hub a did not log the expiry"
ok "the sender is told once when DMs held in Redis expire unread"
exit 0
