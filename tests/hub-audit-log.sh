#!/bin/bash
# SPDX-License-Identifier: ISC
# The hub's log as an audit trail: who released a claim (its owner or an
# operator), and the end of a ban or a mute that ran out.
. "$top_srcdir/tests/lib.sh"

start_oper_pair start_hub
client_start carol carol
client_start dave dave
wait_for "$T/carol.out" "you joined #lobby"
wait_for "$T/dave.out" "you joined #lobby"
wait_for "$HUB_LOG" "nick dave claimed"

client_say carol "/release"
wait_for "$T/carol.out" "the claim on carol was released"
wait_for "$HUB_LOG" "claim on carol released by its owner, carol"
client_say alice "/release dave"
wait_for "$T/alice.out" "the claim on dave was released"
wait_for "$HUB_LOG" "claim on dave released by the operator alice"
ok "the log says who released a claim: its owner or an operator"

client_say alice "/mute dave 2s" "/ban bob 2s flooding"
wait_for "$T/alice.out" "bob is banned until"
wait_for "$HUB_LOG" "the mute on dave ended (set by alice)" 15
wait_for "$HUB_LOG" "the ban on bob ended (set by alice: flooding)" 15
run_batch bob2 bob "back"
[ "$BATCH_RC" -eq 0 ] || fail "bob still banned: $(cat "$T/bob2.err")"
client_say alice "/bans"
wait_for "$T/alice.out" "there are no bans"
ok "the log says when a ban or a mute ran out"

# A nick banned without a reason is refused saying it has none.
client_say alice "/ban zed"
wait_for "$T/alice.out" "zed is banned"
grep -q "zed is banned until" "$T/alice.out" && fail "a ban for ever has a time"
run_batch zed zed "x"
[ "$BATCH_RC" -ne 0 ] || fail "zed was let in"
grep -q "the nick zed is banned: no reason given\$" "$T/zed.err" ||
    fail "zed was told: $(cat "$T/zed.err")"
ok "a /ban says how long; a refused login that there is no reason"
client_stop alice
client_stop carol
client_stop dave
stop_hub TERM
