#!/bin/bash
# SPDX-License-Identifier: ISC
# The reasons the hub itself gives ("connection lost", the "banned" of a
# ban) are shown in the user's language; a reason someone wrote is shown
# as written.
. "$top_srcdir/tests/lib.sh"

# Only where the French catalogue and a locale for it are there
# (tests/po.sh checks that they are).
LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)" ||
	{ echo "no French catalogue: skipped"; exit 77; }

start_oper_pair start_hub --resume-timeout 0
LANGUAGE=fr client_start fanny fanny
wait_for "$T/fanny.out" "#lobby"

# A session that ends with its connection: the hub's "connection lost".
raw_login c carl
raw_send c '{"type":"join","room":"lobby","seq":1}'
raw_expect c '"type":"room"'
wait_for "$T/bob.out" "carl joined #lobby"
exec {RAW_FD[c]}>&-
wait_for "$T/bob.out" "carl quit (connection lost)"
wait_for "$T/fanny.out" "carl a quitté le hub (connexion perdue)"
ok "the hub's reason for an ended session is translated"

# A ban removes with "banned: " and the ban's reason, or "banned"
# when the operator gave none: told as a ban, not a kick.
raw_login d dan
raw_send d '{"type":"join","room":"lobby","seq":1}'
raw_expect d '"type":"room"'
raw_login e erin
raw_send e '{"type":"join","room":"lobby","seq":1}'
raw_expect e '"type":"room"'
wait_for "$T/fanny.out" "erin"
client_say alice "/ban dan" "/ban erin spamming"
wait_for "$T/fanny.out" "dan a été banni par alice pour de bon"
wait_for "$T/fanny.out" "erin a été banni par alice pour de bon : spamming"
ok "a ban's reason is translated, the operator's words kept"

# A reason the user wrote is shown as written.
raw_login f frank
raw_send f '{"type":"join","room":"lobby","seq":1}'
raw_expect f '"type":"room"'
wait_for "$T/fanny.out" "frank"
raw_send f '{"type":"quit","reason":"off to bed","seq":2}'
wait_for "$T/fanny.out" "frank a quitté le hub (off to bed)"
ok "a reason the user wrote is kept"
grep -F "connection lost" "$T/fanny.out" &&
    fail "English reason in French: $(cat "$T/fanny.out")"

client_stop fanny
client_stop alice
client_stop bob
stop_hub TERM
exit 0
