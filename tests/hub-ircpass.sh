#!/bin/bash
# SPDX-License-Identifier: ISC
# /ircpass: the owner of a claimed nick sets and deletes the password IRC
# clients log in with; the hub keeps only an scrypt hash, with the claim,
# across a restart, and never shows or logs the password.
. "$top_srcdir/tests/lib.sh"

start_hub -v
client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"
# Deleting a password never set says so, not "deleted".
client_say alice "/ircpass -delete"
wait_for "$T/alice.out" "alice has no IRC password: nothing to delete"
grep -q "the IRC password of alice is deleted" "$T/alice.out" &&
    fail "a password never set was said to be deleted"
grep -q "password of alice cleared" "$HUB_LOG" &&
    fail "the hub logged clearing a password never set"
ok "/ircpass -delete without a password says there is none"
client_say alice "/ircpass short"
wait_for "$T/alice.err" "a password must be 8 to 256 bytes long"
client_say alice "/ircpass correct horse battery"
wait_for "$T/alice.out" \
    "IRC clients may now log in as alice with that password (SASL PLAIN)"
wait_until 20 grep -qF '"pass":"scrypt$13$8$1$' "$T/history.json" ||
    fail "no password hash saved with the claim"
grep -qF "correct horse" "$T/history.json" "$HUB_LOG" "$T/alice.out" \
    "$T/alice.err" && fail "the password itself was saved, logged or shown"
grep -q "password of alice set" "$HUB_LOG" || fail "no log line"
ok "/ircpass stores an scrypt hash with the claim, nowhere the password"

client_say alice "/ircpass -delete"
wait_for "$T/alice.out" "the IRC password of alice is deleted"
wait_until 20 bash -c "! grep -qF '\"pass\"' '$T/history.json'" ||
    fail "the hash stayed in the history file"
ok "/ircpass -delete"

# Only the key that owns the nick may set one.
raw_open r
raw_send r '{"type":"password","password":"abcdefgh123","seq":4}'
raw_expect r '"code":"not_registered"'
raw_send r '{"type":"hello","version":1,"nick":"dave"}'
raw_expect r '"type":"welcome"'
raw_send r '{"type":"password","password":"abcdefgh123","seq":5}'
raw_expect r '"seq":5'
case $RAW_LINE in
*'"code":"nick_claimed"'*"you do not hold a claim on dave"*) ;;
*) fail "a nick without a key set a password: $RAW_LINE" ;;
esac
raw_send r '{"type":"password","password":7,"seq":6}'
raw_expect r '"seq":6'
case $RAW_LINE in *'"code":"bad_field"'*) ;; *) fail "$RAW_LINE" ;; esac
ok "a client without a claim cannot set a password"

# The hash survives a restart, and the owner still gets in.
client_say alice "/ircpass another good one"
wait_for "$T/alice.out" "IRC clients may now log in as alice"
client_stop alice
stop_hub TERM
hash=$(grep -o '"pass":"[^"]*"' "$T/history.json") || fail "no hash after exit"
FORCE_PORT=$HUB_PORT start_hub -v
run_batch again alice "still me"
[ "$BATCH_RC" -eq 0 ] || fail "the owner was refused after a restart"
stop_hub TERM
grep -qF "$hash" "$T/history.json" || fail "the hash was lost in a restart"
ok "the hash is kept across a restart"
exit 0
