#!/bin/bash
# SPDX-License-Identifier: ISC
# A text of invisible characters alone (U+200B, U+3164, U+2800) is
# refused by the client itself, with the hub's own check and the
# translated error, and never sent; a text with something visible goes.
. "$top_srcdir/tests/lib.sh"

start_hub
client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"
client_say alice $'\u200b\u200b' $'\u3164' $'\u2800 \u2800' "/me "$'\u200b'
client_say alice "/msg bob "$'\u3164'
client_say alice $'\u200bvisible'
wait_for "$T/alice.out" "<alice> "$'\u200b'"visible"
n=$(count_in "$T/alice.err" "the text is empty or has nothing visible")
[ "$n" -ge 4 ] || fail "not refused by the client ($n): $(cat "$T/alice.err")"
grep -q "text_invalid" "$HUB_LOG" &&
    fail "sent to the hub: $(grep text_invalid "$HUB_LOG")"
ok "a text of invisible characters alone is refused before it is sent"

# In French and Korean, the translation.
if LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)"; then
	LANGUAGE=fr run_batch fr fanny $'\u200b'
	grep -qxF "chatroom: le texte est vide ou n'a rien de visible" \
	    "$T/fr.err" || fail "French: $(cat "$T/fr.err")"
	LANGUAGE=ko run_batch ko kim $'\u3164'
	grep -qxF "chatroom: 텍스트가 비어 있거나 보이는 것이 없습니다" \
	    "$T/ko.err" || fail "Korean: $(cat "$T/ko.err")"
	ok "the refusal is translated"
fi
grep -q "text_invalid" "$HUB_LOG" &&
    fail "sent to the hub: $(grep text_invalid "$HUB_LOG")"
stop_hub
exit 0
