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

# Combining marks with no letter to sit on show as an empty message (the
# accents land on the space after the nick): refused too; on a letter,
# kept.
client_say alice $'\u0301\u0301' $'e\u0301t\u00e9'
wait_for "$T/alice.out" "<alice> "$'e\u0301t\u00e9'
n2=$(count_in "$T/alice.err" "the text is empty or has nothing visible")
[ "$n2" -gt "$n" ] ||
    fail "U+0301 alone was not refused: $(grep -a "<alice> " "$T/alice.out")"
ok "a text of combining marks alone is refused, one on a letter is sent"

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
