#!/bin/bash
# SPDX-License-Identifier: ISC
# A mute with no end is confirmed as such ("with no end: /unmute lifts
# it"), as a ban with no end is, so that a slip shows; one with a time
# says for how long, in the operator's language too.
. "$top_srcdir/tests/lib.sh"

printf 's3cret\n' >"$T/admin.pw"
start_hub --admin-password-file "$T/admin.pw"
client_start op boss
client_start bob bob
client_start cy cyd
wait_for "$T/op.out" "you joined #lobby"
wait_for "$T/bob.out" "you joined #lobby"
wait_for "$T/cy.out" "you joined #lobby"
client_say op "/oper s3cret" "/mute bob" "/mute cyd"
wait_for "$T/op.out" "bob is muted with no end: /unmute lifts it"
wait_for "$T/op.out" "cyd is muted with no end: /unmute lifts it"
wait_for "$T/bob.err" "boss muted you: you cannot speak until they lift it"
ok "a mute with no end is confirmed with no end"
client_say op "/mute bob 2h"
wait_for "$T/op.out" "bob is muted until"
ok "a mute for a time says for how long"
# In French, where the catalogue is (tests/po.sh checks that it is).
if LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)"; then
	LANGUAGE=fr client_start fr fanny
	wait_for "$T/fr.out" "#lobby"
	client_say fr "/oper s3cret" "/unmute cyd" "/mute cyd"
	wait_for "$T/fr.out" \
	    "cyd est réduit au silence sans fin : /unmute le lève"
	ok "in French too"
fi
