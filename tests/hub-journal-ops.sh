#!/bin/bash
# SPDX-License-Identifier: ISC
# What an operator was told is done is in the journal before the answer,
# as a message is: a ban, a mute and a topic outlast a hub killed the
# moment after (kill -9, well within the flush interval), and so does
# lifting a ban.  The state written each flush interval used to carry
# them, so a crash lost the last interval's: the banned user came back.
. "$top_srcdir/tests/lib.sh"

printf 's3cret\n' >"$T/admin.pw"
hub_args=(--admin-password-file "$T/admin.pw" --flush-interval 3600)
start_hub "${hub_args[@]}"
client_start op boss
wait_for "$T/op.out" "you joined #lobby"
client_start carl carl
wait_for "$T/carl.out" "you joined #lobby"
client_say op "/oper s3cret"
wait_for "$T/op.out" "you are now a hub operator"
# Let the start-up's state reach the journal first (a state record is
# owed for the logins; it must not be what carries the changes below).
sleep 1
client_say op "/join ops" "/topic crash test" "/ban eve 1d spam" \
    "/mute carl 1h" "/ban 192.0.2.0/24 range"
wait_for "$T/op.out" "192.0.2.0/24 is banned"
grep -q "changed the topic to: crash test" "$T/op.out" || fail "no topic"
stop_hub KILL
client_stop op
client_stop carl

FORCE_PORT=$HUB_PORT start_hub "${hub_args[@]}"
run_batch check boss "/oper s3cret" "/bans" "/rooms"
bans=$(cat "$T/check.out")
for want in "eve" "carl" "192.0.2.0/24"; do
	grep -q "$want" <<<"$bans" || fail "$want lost in the crash: $bans"
done
grep -q "crash test" "$T/check.out" || fail "the topic was lost: $bans"
ok "a ban, a mute, a range and a topic outlast kill -9"

client_start op boss
wait_for "$T/op.out" "you joined #lobby"
client_say op "/oper s3cret"
wait_for "$T/op.out" "you are now a hub operator"
sleep 1
client_say op "/unban eve" "/unmute carl"
wait_for "$T/op.out" "carl may speak again"
stop_hub KILL
client_stop op
FORCE_PORT=$HUB_PORT start_hub "${hub_args[@]}"
run_batch check2 boss "/oper s3cret" "/bans"
grep -q "eve\|carl" "$T/check2.out" && fail "a lifted ban came back: $(cat "$T/check2.out")"
grep -q "192.0.2.0/24" "$T/check2.out" || fail "the range ban was lost"
stop_hub TERM
ok "lifting a ban or a mute outlasts kill -9"
