#!/bin/bash
# SPDX-License-Identifier: ISC
# Identity and moderation: claimed nicks, the owner taking over its ghost,
# /release, bans (kept across a restart), mutes, the MOTD and a hub
# password.
. "$top_srcdir/tests/lib.sh"

printf 'op-pass\n' >"$T/admin.pw"
printf 'Welcome to the test hub\nBe nice\n' >"$T/motd"
start_hub --admin-password-file "$T/admin.pw" --motd-file "$T/motd"

client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"
grep -q "Welcome to the test hub" "$T/alice.out" || fail "no MOTD"
wait_until 20 grep -q '"claims":\[{' "$T/history.json" || fail "no claim saved"
grep -qF "$(sed -n 2p "$T/state/alice/chatroom/key")" "$T/history.json" &&
    fail "the private key itself was saved"
ok "a nick is claimed on first use; only a public key is kept; MOTD shown"

# Another key cannot take alice: taken while she is here, claimed
# once she is gone.
imposter() {
	printf 'hello\n' | XDG_STATE_HOME="$T/other" "$CHATROOM" --batch \
	    --insecure "alice@127.0.0.1:$HUB_PORT" >"$T/imp.out" 2>"$T/imp.err"
}
mkdir -p "$T/other"
imposter && fail "another key took a nick in use"
grep -q "taken" "$T/imp.err" || fail "no 'taken' error: $(cat "$T/imp.err")"
client_stop alice
imposter && fail "another key took a claimed nick"
grep -q "claimed" "$T/imp.err" || fail "no 'claimed' error: $(cat "$T/imp.err")"
# In words a newcomer from ssh-chat reads: whose it is, not just "claimed".
grep -q "the nick alice is claimed by someone else" "$T/imp.err" ||
    fail "the claim is not said to be someone else's: $(cat "$T/imp.err")"

# The owner coming back (same key, no token) takes over its ghost.
client_start alice1 alice
wait_for "$T/alice1.out" "you joined #lobby"
client_start alice2 alice
wait_for "$T/alice2.out" "connected to"
wait_until 10 bash -c "! kill -0 ${CLIENT_PID[alice1]}" ||
    fail "the ghost connection was not dropped"
client_say alice2 "I am back"
wait_for "$T/alice2.out" "<alice> I am back"
ok "a claimed nick is refused to another key and taken over by its owner"

client_say alice2 "/release"
wait_for "$T/alice2.out" "the claim on alice was released"
client_stop alice2
printf 'hello\n' | XDG_STATE_HOME="$T/other" "$CHATROOM" --batch --insecure \
    "alice@127.0.0.1:$HUB_PORT" >"$T/after.out" 2>"$T/after.err" ||
    fail "a released nick is still refused: $(cat "$T/after.err")"
ok "/release frees the nick"

# Moderation.
client_start op boss
client_start bob bob
client_start carl carl
wait_for "$T/carl.out" "you joined #lobby"
client_say op "/oper op-pass"
wait_for "$T/op.out" "you are now a hub operator"
client_say bob "/ban carl"
wait_for "$T/bob.err" "only operators"
client_say op "/mute carl 1h"
wait_for "$T/op.out" "carl is muted until"
# The muted user is told by whom and for how long, not "carl is muted".
wait_for "$T/carl.err" "boss muted you: you cannot speak until"
client_say carl "can you hear me"
wait_until 10 eval '[ "$(count_in "$T/carl.err" muted)" -ge 2 ]' ||
    fail "no refusal of a muted message"
client_say op "/unmute carl"
wait_for "$T/op.out" "carl may speak again"
wait_for "$T/carl.out" "you may speak again (boss lifted your mute)"
grep -q "carl is muted\|carl may speak" "$T/carl.out" "$T/carl.err" &&
    fail "the muted user told of themselves in the third person"
client_say carl "back again"
wait_for "$T/bob.out" "<carl> back again"
grep -q "can you hear me" "$T/bob.out" && fail "a muted message got through"
ok "/mute and /unmute"

client_say op "/ban carl 2h spamming links"
wait_for "$T/bob.out" "carl was banned by boss until "
grep -qE "carl was banned by boss until .*\(in (1h 59m|2h)\): spamming links$" \
    "$T/bob.out" || fail "bob read: $(grep "carl was" "$T/bob.out")"
wait_for "$T/carl.err" "you were banned by boss until"
grep -q "): spamming links$" "$T/carl.err" ||
    fail "carl's ban: $(cat "$T/carl.err")"
run_batch carl2 carl "again"
[ "$BATCH_RC" -ne 0 ] || fail "a banned nick got in"
grep -q "banned" "$T/carl2.err" || fail "no 'banned' error"
client_say op "/bans"
wait_for "$T/op.out" "nick carl until"
ok "/ban removes the user and keeps the nick out"

# Bans survive a restart.
client_stop op
client_stop bob
stop_hub TERM
FORCE_PORT=$HUB_PORT start_hub --admin-password-file "$T/admin.pw"
run_batch carl3 carl "still banned?"
[ "$BATCH_RC" -ne 0 ] || fail "the ban did not survive a restart"
client_start op2 boss
wait_for "$T/op2.out" "you joined #lobby"
client_say op2 "/oper op-pass" "/unban carl"
wait_for "$T/op2.out" "carl is no longer banned"
run_batch carl4 carl "free again"
[ "$BATCH_RC" -eq 0 ] || fail "unban did not work"
client_say op2 "/ban 127.0.0.2 1m"
wait_for "$T/op2.out" "127.0.0.2 is banned"
client_stop op2
ok "bans persist across a restart; /unban; address bans"
stop_hub TERM

# A hub password.
printf 'letmein\n' >"$T/hub.pw"
start_hub --password-file "$T/hub.pw"
run_batch nopw dan "x"
[ "$BATCH_RC" -ne 0 ] || fail "got in without the hub password"
grep -q "password" "$T/nopw.err" || fail "no password error"
BATCH_OPTS="--password-file $T/hub.pw" run_batch pw dan "with password"
[ "$BATCH_RC" -eq 0 ] || fail "refused with the right password"
ok "a hub password"
exit 0
