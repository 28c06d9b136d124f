#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client with a list of hubs: a ban is per hub.  While the hub
# the client was on restarts, a hub of the list that bans it is passed
# over and the first one tried again, until it is back.  When every hub
# of the list bans the client, it ends, saying it is banned, until when
# and why.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

printf 's3cret\n' >"$T/admin.pw"
HUB_NAME=a HUB_HISTORY="$T/a.json" start_hub --admin-password-file \
    "$T/admin.pw"
PA=$HUB_PORT PIDA=$HUB_PID
HUB_NAME=b HUB_HISTORY="$T/b.json" start_hub --admin-password-file \
    "$T/admin.pw"
PB=$HUB_PORT

# alice, an operator of hub b, bans bob there.
HUB_PORT=$PB client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"
client_say alice "/oper s3cret"
wait_for "$T/alice.out" "you are now a hub operator"
client_say alice "/ban bob 10m spamming"
wait_for "$T/alice.out" "bob is banned until"

HUB_PORT="$PA,127.0.0.1:$PB" tui_start bob bob
tui_wait bob "you joined #lobby"
# How many times bob has logged in on hub a.
bob_in_a() {
	grep -cE ": bob (resumed|took over)|registered as bob" "$T/a.log"
}
n=$(bob_in_a)

# Hub a restarts: hub b refuses bob, and the client waits for hub a.
HUB_PID=$PIDA
stop_hub TERM
tui_wait bob "you are banned until" 20
tui_wait bob "spamming"
FORCE_PORT=$PA HUB_NAME=a HUB_HISTORY="$T/a.json" start_hub \
    --admin-password-file "$T/admin.pw"
wait_until 60 eval '[ "$(bob_in_a)" -gt "$n" ]' ||
    fail "bob did not come back to hub a: $(tail -n 5 "$T/a.log")"
tui_lacks bob "CLIENT EXITED" || fail "the ban on hub b ended the client"
ok "a ban on one hub of the list does not end the client"

# A hub alone that bans: the client ends, saying why.
HUB_PORT=$PB tui_start bob2 bob
tui_wait bob2 "CLIENT EXITED rc=1"
grep -E "^chatroom: 127\.0\.0\.1:$PB: you are banned until \
([0-9-]+ )?[0-9]{2}:[0-9]{2} \(in [0-9hms ]+\): spamming$" "$T/bob2.tui.err" ||
    fail "the exit message: $(cat "$T/bob2.tui.err")"
ok "the client's last words say it is banned, until when and why"
if LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)"; then
	HUB_PORT=$PB tui_start bob_fr bob 100 30 LANGUAGE=fr
	tui_wait bob_fr "CLIENT EXITED rc=1"
	grep -F "vous êtes banni jusqu'à" "$T/bob_fr.tui.err" ||
	    fail "the exit message in French: $(cat "$T/bob_fr.tui.err")"
	ok "and in French"
fi

# A client that never got in gives the list up as when nothing listens.
dead=$(pick_port)
HUB_PORT="$dead,127.0.0.1:$PB" tui_start bob_new bob
tui_wait bob_new "CLIENT EXITED rc=1" 30
grep -F "chatroom: cannot connect to 127.0.0.1:$PB: you are banned \
until" "$T/bob_new.tui.err" ||
    fail "a new client's exit message: $(cat "$T/bob_new.tui.err")"
ok "a new client banned by one hub, the other down, ends saying so"

# Every hub of the list bans bob (and a ban with no end, no reason).
client_start carl carl	# on hub a again
wait_for "$T/carl.out" "you joined #lobby"
client_say carl "/oper s3cret" "/ban bob 0"
wait_for "$T/carl.out" "bob is banned"
HUB_PORT="$PB,127.0.0.1:$PA" tui_start bob3 bob
tui_wait bob3 "CLIENT EXITED rc=1" 30
grep -F "chatroom: every hub of the list bans you; 127.0.0.1:$PA: you are \
banned with no end" "$T/bob3.tui.err" ||
    fail "the exit message: $(cat "$T/bob3.tui.err")"
ok "banned by every hub of the list, the client ends and says so"

client_stop alice
client_stop carl
exit 0
