#!/bin/bash
# SPDX-License-Identifier: ISC
# Issue 19, item 5: nick claims without limit.  One key claims at most
# --max-claims-per-key nicks however many it takes; one address makes at
# most --claims-per-ip new claims a day with fresh keys; the hub keeps at
# most --max-claims.  Past a cap the user keeps the nick for the session,
# unclaimed, and is told so; another address still claims.
. "$top_srcdir/tests/lib.sh"
command -v socat >/dev/null || { echo "no socat"; exit 77; }

# Relay a loopback port to the hub from 127.0.0.2; sets RELAY_PORT.
relay_from_2() {
	RELAY_PORT=$(pick_port)
	socat_start relay "TCP-LISTEN:$RELAY_PORT,bind=127.0.0.1,reuseaddr,fork" \
	    "TCP:127.0.0.1:$HUB_PORT,bind=127.0.0.2"
}

# How many claims the hub made.
claims() {
	grep -c 'info: nick .* claimed$' "$HUB_LOG" || true
}

# One key taking nick after nick, flood control off so it goes fast.
HUB_NAME=key start_hub --flood-rate 0
lines=()
for i in $(seq 1 200); do lines+=("/nick hog$i"); done
start=$(date +%s%N)
run_batch hog hog "${lines[@]}" "/nick hogfinal" "/quit"
wait_for "$HUB_LOG" "hog199 is now known as hog200"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$(claims)" -eq 10 ] || fail "one key made $(claims) claims (cap 10)"
grep -qF "hog200 is yours for this session only" "$T/hog.out" ||
    fail "the user was not told: $(tail -n 3 "$T/hog.out")"
ok "one key: 201 nicks in $ms ms, $(claims) claimed, then told in plain words"
stop_hub TERM

# Fresh keys from one address: 20 new claims a day, then none; another
# address still claims.
rm -f "$T/history.json"
HUB_NAME=ip start_hub --login-burst 1000
for i in $(seq 1 19); do
	run_batch "p$i" "p$i" "/quit"
	[ "$BATCH_RC" = 0 ] || fail "p$i could not log in"
done
[ "$(claims)" -eq 19 ] || fail "$(claims) claims from 19 keys"
run_batch p20 p20 "/quit"
run_batch p21 p21 "/quit"
grep -qF "p21 is yours for this session only" "$T/p21.out" ||
    fail "the 21st claim of the address was not refused"
[ "$(claims)" -eq 20 ] || fail "$(claims) claims from one address (cap 20)"
if LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)"; then
	LANGUAGE=fr run_batch p22 p22 "/quit"
	grep -qF "p22 est à vous pour cette session seulement" "$T/p22.out" ||
	    fail "the notice is not in French: $(cat "$T/p22.out")"
fi
grep -q "no claim on p21: too many new claims from 127.0.0.1" "$HUB_LOG" ||
    fail "the hub does not log why"
relay_from_2
HUB_PORT=$RELAY_PORT run_batch q1 q1 "/quit"
grep -q "127.0.0.2:[0-9]*: registered as q1" "$HUB_LOG" ||
    fail "q1 did not come from 127.0.0.2"
grep -q "nick q1 claimed" "$HUB_LOG" || fail "127.0.0.2 could not claim"
grep -qF "is yours for this session only" "$T/q1.out" &&
    fail "q1 was told its claim was refused"
# The unclaimed nick is free for anyone, the claimed one is not.
raw_open free
raw_send free '{"type":"hello","version":2,"nick":"p21"}'
raw_expect free '"type":"welcome"'
raw_send free '{"type":"quit"}'
raw_open held
raw_send held '{"type":"hello","version":2,"nick":"p1"}'
raw_expect held '"type":"error"'
grep -qF '"code":"nick_claimed"' <<<"$RAW_LINE" ||
    fail "p1 was not claimed: $RAW_LINE"
ok "one address: 20 claims then none; 127.0.0.2 still claims"
stop_hub TERM

# The cap in all counts the claims kept in the history file.
HUB_NAME=all start_hub --max-claims 23 --login-burst 1000
relay_from_2
for i in 1 2 3 4; do
	HUB_PORT=$RELAY_PORT run_batch "r$i" "r$i" "/quit"
done
[ "$(claims)" -eq 2 ] || fail "$(claims) new claims with 21 kept (cap 23)"
grep -q "no claim on r3: the hub holds 23 claims, its limit" "$HUB_LOG" ||
    fail "the cap in all was not the reason"
ok "the hub keeps at most --max-claims claims"
stop_hub TERM
