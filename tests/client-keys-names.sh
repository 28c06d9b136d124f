#!/bin/bash
# SPDX-License-Identifier: ISC
# /help keys names the keys in the user's language as its other messages
# do: one name a key (French "Échap" and "Entrée", as the room picker and
# the prompts say; Korean "Esc", as its picker says).
. "$top_srcdir/tests/lib.sh"

# Where the catalogue and a locale for it are there (tests/po.sh checks
# that they are).
LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)" || {
	echo "no French catalogue or locale"
	exit 77
}
start_hub
LANGUAGE=fr run_batch fr fanny "/help keys"
grep -qF "Échap — arrête la recherche" "$T/fr.out" ||
    fail "French /help keys: $(cat "$T/fr.out")"
grep -qF "Alt-Entrée — " "$T/fr.out" ||
    fail "French /help keys, Alt-Enter: $(cat "$T/fr.out")"
grep -qF "Gauche, Droite, Ctrl-B, Ctrl-F — recule ou avance" "$T/fr.out" ||
    fail "French /help keys, the arrows: $(cat "$T/fr.out")"
LANGUAGE=ko run_batch ko minsu "/help keys"
grep -qF "Esc — 검색을 끝냅니다" "$T/ko.out" ||
    fail "Korean /help keys: $(cat "$T/ko.out")"
ok "/help keys names the keys as the language's other messages do"
stop_hub TERM
