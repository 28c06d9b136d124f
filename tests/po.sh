#!/bin/bash
# SPDX-License-Identifier: ISC
# The message catalogues are complete and current, and the real binary
# speaks French and Korean: --help, and a --batch client's event lines.
. "$top_srcdir/tests/lib.sh"

for tool in xgettext msgmerge msgfmt make; do
	command -v "$tool" >/dev/null || { echo "no $tool"; exit 77; }
done
po=$top_srcdir/po
langs=$(sed -e 's/#.*//' "$po/LINGUAS")
[ -n "$langs" ] || fail "po/LINGUAS lists no language"

# Every source file with marked strings is in POTFILES.in (the _ and N_
# definitions in chatroom.h do not count).
for f in "$top_srcdir"/src/*.[ch]; do
	grep -E '(^|[^A-Za-z0-9_])(_|N_|ngettext)\(' "$f" |
	    grep -qvE '^#[[:space:]]*define' || continue
	rel=src/${f##*/}
	grep -qx "$rel" "$po/POTFILES.in" ||
	    fail "$rel has translatable strings but is not in po/POTFILES.in"
done
ok "po/POTFILES.in lists every file with translatable strings"

# A fresh template from the current sources, made as po/Makefile makes
# it, with the options po/Makevars gives.
# shellcheck disable=SC2016	# $(...) is make's, not the shell's
opts=$(printf 'print-options:\n\t@echo $(XGETTEXT_OPTIONS)\n' |
    MAKEFLAGS='' MAKELEVEL='' make -s --no-print-directory \
    -f "$po/Makevars" -f - print-options) ||
    fail "cannot read XGETTEXT_OPTIONS from po/Makevars"
# shellcheck disable=SC2086	# the options are words
xgettext --default-domain=chatroom --directory="$top_srcdir" \
    --add-comments=TRANSLATORS: --files-from="$po/POTFILES.in" $opts \
    -o "$T/chatroom.pot" || fail "xgettext failed"

# Each catalogue, merged with that template, has every message translated:
# a string added or changed in src/ since the last update makes it fuzzy
# or untranslated, and this test fails until the catalogue is updated.
mkdir -p "$T/locale"
for l in $langs; do
	msgmerge --quiet --lang="$l" "$po/$l.po" "$T/chatroom.pot" \
	    -o "$T/$l.merged.po" || fail "$l: msgmerge failed"
	stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null \
	    "$T/$l.merged.po" 2>&1) || fail "$l: msgfmt --check: $stats"
	echo "$l: $stats"
	[[ $stats =~ ^[0-9]+\ translated\ messages?\.$ ]] ||
	    fail "$l: catalogue out of date or incomplete ($stats); run" \
	    "'make -C po update-po' and translate what is fuzzy or missing"
	mkdir -p "$T/locale/$l/LC_MESSAGES"
	msgfmt --check -o "$T/locale/$l/LC_MESSAGES/chatroom.mo" "$po/$l.po" ||
	    fail "$l: msgfmt failed"
done
ok "catalogues complete and current: $langs"

# The rest needs a binary built with NLS.
grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h" || {
	echo "built without NLS"
	exit 77
}
export CHATROOM_LOCALEDIR="$T/locale"

# gettext ignores LANGUAGE in the C locale.  glibc 2.35 and later treat
# C.UTF-8 (the tests' LC_ALL) as a real locale, so LANGUAGE works there;
# with an older glibc, use any other UTF-8 locale the system has.
help_fr() {
	LANGUAGE=fr "$CHATROOM" --help 2>&1
}
if ! help_fr | grep -q "Voir chatroom(1)"; then
	loc=$(locale -a 2>/dev/null | grep -iE '\.utf-?8$' |
	    grep -viE '^(C|POSIX)\.' | head -n 1)
	[ -n "$loc" ] || { echo "LANGUAGE needs a UTF-8 locale"; exit 77; }
	export LC_ALL=$loc
fi
echo "LC_ALL=$LC_ALL"

help_fr >"$T/help-fr.out"
LANGUAGE=ko "$CHATROOM" --help >"$T/help-ko.out" 2>&1
"$CHATROOM" --help >"$T/help-en.out" 2>&1
head -n 4 "$T/help-fr.out" "$T/help-ko.out"
grep -qF "Voir chatroom(1) pour les commandes" "$T/help-fr.out" ||
    fail "--help is not in French"
grep -qF "Usage : chatroom [OPTION]... [PSEUDO@]HÔTE[:PORT]" \
    "$T/help-fr.out" || fail "French usage line"
grep -qF "명령과 키 바인딩은 chatroom(1)" "$T/help-ko.out" ||
    fail "--help is not in Korean"
grep -qF "사용법: chatroom [옵션]..." "$T/help-ko.out" ||
    fail "Korean usage line"
grep -qF "See chatroom(1) for the commands" "$T/help-en.out" ||
    fail "--help without LANGUAGE is not in English"
ok "--help in French, Korean and (by default) English"

# Run from the build tree, the binary finds the build tree's catalogues.
if [ -d "$top_builddir/po/locale/fr" ]; then
	env -u CHATROOM_LOCALEDIR LANGUAGE=fr "$CHATROOM" --help 2>&1 |
	    grep -qF "Voir chatroom(1)" ||
	    fail "the build tree's catalogues are not used"
	ok "the build tree's catalogues are used without CHATROOM_LOCALEDIR"
fi

# Event lines and errors, in each language, against a real hub.  The hub
# runs under LANGUAGE=fr too: its logs stay English ("hub ready").
export LANGUAGE=fr
printf 'po-oper\n' >"$T/admin.pw"
start_hub --admin-password-file "$T/admin.pw"
unset LANGUAGE
LANGUAGE=ko client_start minsu minsu
wait_for "$T/minsu.out" "#lobby 방에 입장했습니다"

LANGUAGE=fr run_batch alice alice "/join dev" "/topic bonjour" "/names" \
    "/names lobby" "/frobnicate" "/msg nobody hi"
cat "$T/alice.out" "$T/alice.err"
# Two lines refused: exit 3, with a translated count.
[ "$BATCH_RC" -eq 3 ] || fail "French batch client exited $BATCH_RC"
grep -qF "chatroom: 2 lignes ont été refusées" "$T/alice.err" ||
    fail "French: no count of refused lines"
for line in "connecté à 127.0.0.1 sous le pseudo alice" \
    "vous avez rejoint #lobby" "vous avez rejoint #dev" \
    "alice a changé le sujet en : bonjour" "#dev : 1 membre : alice" \
    "#lobby : 2 membres : "; do
	grep -qF -- "$line" "$T/alice.out" || fail "French: no '$line'"
done
grep -qF "commande inconnue : /frobnicate (essayez /help)" \
    "$T/alice.err" || fail "French: unknown command error"
# An error code is translated, with the nick it is about, and the hub's
# English detail is not repeated beside it.
grep -qxF "chatroom: pseudo inconnu : nobody" "$T/alice.err" ||
    fail "French: translated error code"
ok "a French --batch client: event lines, plurals, errors"

wait_for "$T/minsu.out" "alice 님이 #lobby 방에 입장했습니다"
LANGUAGE=ko run_batch jiwoo jiwoo "/join dev" "/names" "/frobnicate"
cat "$T/jiwoo.out" "$T/jiwoo.err"
[ "$BATCH_RC" -eq 3 ] || fail "Korean batch client exited $BATCH_RC"
grep -qF "chatroom: 줄 1개가 거부되었습니다" "$T/jiwoo.err" ||
    fail "Korean: no count of refused lines"
for line in "127.0.0.1에 jiwoo 님으로 접속했습니다" \
    "#dev 방에 입장했습니다" "#dev: 1명: jiwoo"; do
	grep -qF -- "$line" "$T/jiwoo.out" || fail "Korean: no '$line'"
done
grep -qF "알 수 없는 명령: /frobnicate" "$T/jiwoo.err" ||
    fail "Korean: unknown command error"
wait_for "$T/minsu.out" "jiwoo 님이 #lobby 방에 입장했습니다"
cat "$T/minsu.out"
ok "a Korean --batch client: event lines and errors"

# An error whose English detail says what the translation says: the
# translation alone, not "vous êtes réduit au silence (you are muted)".
LANGUAGE=fr client_start louis louis
wait_for "$T/louis.out" "vous avez rejoint #lobby"
run_batch op boss "/oper po-oper" "/mute louis"
grep -q "louis" "$T/op.out" || fail "no mute: $(cat "$T/op.out" "$T/op.err")"
wait_for "$T/louis.err" "boss"
client_say louis "muted words"
wait_until 10 eval '[ "$(count_in "$T/louis.err" "silence")" -ge 2 ]' ||
    fail "French: no refusal of a muted line: $(cat "$T/louis.err")"
grep -qF "(you are muted)" "$T/louis.err" &&
    fail "French: the hub's English beside its translation: $(cat "$T/louis.err")"
client_stop louis
ok "an error's English detail is left out when the translation says it"

run_batch sam sam "/join dev"
grep -qF "you joined #dev" "$T/sam.out" ||
    fail "without LANGUAGE the client is not in English"
! grep -q "a rejoint\|입장" "$T/hub.log" || fail "the hub log was translated"
grep -q "hub ready" "$T/hub.log" || fail "hub log"
ok "without LANGUAGE, English; the hub's log is never translated"
client_stop minsu
