#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: at most 20 direct messages wait for a lost session, at
# most 5 from one sender, on its hub and in Redis alike.  The sender of
# one more, on another hub, is told so in the words a sender on the same
# hub is (whether the session waits on its hub or, that hub stopped, in
# Redis); a held one is said to wait for at most the resume window.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
need_redis_cli

start_member a --flood-rate 0
start_member b
on a; raw_login b bob
on b; raw_login a alice
exec {RAW_FD[a]}>&-
wait_until 20 grep -q "disconnected:" "$T/b.log" ||
    fail "hub b did not see alice go"

# Is RAW_LINE the refusal of a DM to alice as too many, in the words a
# sender on her hub gets?  Else fail with WHAT: refused_full WHAT.
refused_full() {
	[[ $RAW_LINE == *'"type":"error"'*'"code":"dm_full"'* ||
	    $RAW_LINE == *'"code":"dm_full"'*'"type":"error"'* ]] ||
	    fail "$1: $RAW_LINE"
	[[ $RAW_LINE == *"alice lost the connection and too many messages wait for them already"* ]] ||
	    fail "not in the words of the local case: $RAW_LINE"
}

# bob (hub a) to alice: bob_dms FROM TO, numbered as their seq.
bob_dms() {
	local i to='"type":"dm","to":"alice"'
	for i in $(seq "$1" "$2"); do
		raw_send b "{$to,\"text\":\"n $i\",\"seq\":$i}"
	done
}

bob_dms 1 6
raw_expect b '"code":"dm_held"' 20
[[ $RAW_LINE == *'"duration":'* ]] ||
    fail "the held notice does not say for how long: $RAW_LINE"
raw_expect b '"code":"dm_full"' 20
[[ $RAW_LINE == *'"subject":"alice"'* ]] || fail "told of whom: $RAW_LINE"
wait_until 10 grep -q "not kept (5 waiting)" "$T/b.log" ||
    fail "hub b did not drop the 6th"
ok "the sender on another hub is told the 6th DM to a lost user was not kept"

# alice's hub stops: her session (with what waits for it) is saved, and
# what comes now waits in Redis, for the hub that takes the session: at
# most 5 from one sender there too.
stop_member b a
bob_dms 101 105
raw_expect b '"code":"dm_held"' 20
[[ $RAW_LINE == *'"duration":60'* ]] ||
    fail "the notice of a DM held in Redis does not say 60s: $RAW_LINE"
bob_dms 106 106
raw_expect b '"seq":106' 20
refused_full "bob's 6th DM held in Redis was not refused"
[ "$(rcli LLEN chatroom:held:alice)" = 5 ] ||
    fail "Redis holds $(rcli LLEN chatroom:held:alice) DMs for alice"
ok "one sender's DMs held in Redis are at most its share, refused as on a hub"

# Three more senders fill the 20; a fifth's is refused as too many.
on a
for who in carol dave erin; do
	raw_login "$who" "$who"
	for i in 1 2 3 4 5; do
		raw_send "$who" "{\"type\":\"dm\",\"to\":\"alice\",\"text\":\"$who $i\",\"seq\":$i}"
		raw_expect "$who" "\"seq\":$i" 20
		[[ $RAW_LINE != *'"type":"error"'* ]] ||
		    fail "$who's DM $i was refused: $RAW_LINE"
	done
done
raw_login fay fay
raw_send fay '{"type":"dm","to":"alice","text":"one too many","seq":1}'
raw_expect fay '"seq":1' 20
refused_full "the 21st DM held in Redis was not refused as too many"
ok "a DM beyond the 20 that wait in Redis is refused as too many"
exit 0
