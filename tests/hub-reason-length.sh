#!/bin/bash
# SPDX-License-Identifier: ISC
# A reason for a kick, a ban or a mute is counted in characters, as an
# away message is: 120 accented letters pass; one over 200 characters is
# refused with the limit named, in English and in the user's language.
. "$top_srcdir/tests/lib.sh"

start_oper_pair start_hub
e120=$(printf 'é%.0s' $(seq 120))
a201=$(printf 'a%.0s' $(seq 201))
client_say alice "/mute bob 1m $e120"
wait_for "$T/bob.err" "$e120"
ok "a mute's reason of 120 accented letters (240 bytes) is taken"
client_say alice "/unmute bob" "/kick bob $a201"
wait_for "$T/alice.err" "a reason has at most 200 characters"
ok "a kick's reason of 201 characters is refused with the limit"
client_say alice "/ban carol 1h $a201" "/mute bob 1m $a201"
wait_until 20 eval '[ "$(count_in "$T/alice.err" "a reason has at most 200")" -ge 3 ]' ||
	fail "a ban's or a mute's reason too long, not refused with the limit"
ok "a ban's and a mute's reason too long are refused with the limit"

if LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)"; then
	LANGUAGE=fr run_batch fr oscar \
	    "/oper s3cret" "/kick bob $a201"
	grep -qF "une raison a au plus 200 caractères" "$T/fr.err" ||
	    fail "the limit in French: $(cat "$T/fr.err")"
	ok "the limit is said in French"
fi
client_stop alice
client_stop bob
stop_hub TERM
exit 0
