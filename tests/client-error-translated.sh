#!/bin/bash
# SPDX-License-Identifier: ISC
# A hub's refusal is shown in the user's language alone: the client's
# translation of its code, not followed by the hub's English detail (which
# is for logs and for clients without a translation); what the refusal is
# about (a nick) is kept.  In English the hub's words are shown as sent,
# and so they are for a bad field, which the code's sentence cannot say.
. "$top_srcdir/tests/lib.sh"

LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)" ||
	{ echo "no French catalogue: skipped"; exit 77; }

printf 'op-pw\n' >"$T/admin.pw"
start_hub --admin-password-file "$T/admin.pw"
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"

# check NAME WANT...: each wanted line is in NAME's errors, and no English
# detail in brackets follows any of them.
check() {
	local name=$1 want
	shift
	for want in "$@"; do
		grep -qxF "chatroom: $want" "$T/$name.err" ||
		    fail "$name: no line '$want': $(cat "$T/$name.err")"
	done
	grep -E "only operators|no such nick" "$T/$name.err" &&
	    fail "$name: English beside the translation: $(cat "$T/$name.err")"
	return 0
}
LANGUAGE=fr run_batch fr fanny "/kick bob" "/whois zed"
check fr "seuls les opérateurs peuvent faire cela" "pseudo inconnu : zed"
ok "French: the translation alone, with the nick it is about"
LANGUAGE=ko run_batch ko kim "/kick bob" "/whois zed"
check ko "운영자만 할 수 있습니다" "그런 닉네임이 없습니다: zed"
ok "Korean: the translation alone, with the nick it is about"
# The same invite again within a minute: its own sentence, not the one
# for too many requests.
LANGUAGE=fr run_batch frinv iris "/join dev" "/invite bob dev" \
    "/invite bob dev"
check frinv "vous avez déjà invité bob dans #dev il y a moins de 60 secondes"
grep -q "doucement" "$T/frinv.err" &&
    fail "French, the same invite again: $(cat "$T/frinv.err")"
LANGUAGE=ko run_batch koinv jun "/join dev" "/invite bob dev" \
    "/invite bob dev"
check koinv "bob 님을 #dev 방으로 초대한 지 60초가 지나지 않았습니다"
ok "the same invite again: its own sentence, translated"
# A sixth nick or topic change in 20 seconds: its own sentence with the
# wait, not the one for too many requests.
LANGUAGE=fr run_batch frpace paul "/join pace" "/nick paul1" "/nick paul2" \
    "/nick paul3" "/nick paul4" "/nick paul5" "/nick paul6" \
    "/topic t1" "/topic t2" "/topic t3" "/topic t4" "/topic t5" "/topic t6"
grep -qE "^chatroom: trop de changements de pseudo : le prochain dans [0-9]+ secondes?$" \
    "$T/frpace.err" || fail "French, a sixth nick change: $(cat "$T/frpace.err")"
grep -qE "^chatroom: trop de changements de sujet : le prochain dans [0-9]+ secondes?$" \
    "$T/frpace.err" || fail "French, a sixth topic: $(cat "$T/frpace.err")"
grep -q "doucement" "$T/frpace.err" &&
    fail "French, a sixth change: $(cat "$T/frpace.err")"
LANGUAGE=ko run_batch kopace min "/join pace2" "/nick min1" "/nick min2" \
    "/nick min3" "/nick min4" "/nick min5" "/nick min6" \
    "/topic t1" "/topic t2" "/topic t3" "/topic t4" "/topic t5" "/topic t6"
grep -qE "^chatroom: 닉네임을 너무 자주 바꿨습니다: [0-9]+초 뒤에 다시 바꿀 수 있습니다$" \
    "$T/kopace.err" || fail "Korean, a sixth nick change: $(cat "$T/kopace.err")"
grep -qE "^chatroom: 주제를 너무 자주 바꿨습니다: [0-9]+초 뒤에 다시 바꿀 수 있습니다$" \
    "$T/kopace.err" || fail "Korean, a sixth topic: $(cat "$T/kopace.err")"
ok "a sixth nick or topic change: its own sentence with the wait, translated"
# A bad field: its sentence would only say something was wrong, the
# hub's words say what; they are shown alone.
# (/unban of someone not banned has its own sentence since walk68 F1.)
LANGUAGE=fr run_batch frop olivier "/oper op-pw" "/ban olivier"
grep -qxF "chatroom: olivier is your own nick: you could not log in to lift the ban (/ban -force bans all the same)" "$T/frop.err" ||
    fail "French, a bad field: not the hub's words alone: $(cat "$T/frop.err")"
ok "a bad field: the hub's words alone"
LANGUAGE=en run_batch en ed "/kick bob" "/whois zed"
for want in "only operators may do that (see /oper)" "no such nick: zed"; do
	grep -qxF "chatroom: $want" "$T/en.err" ||
	    fail "English: not the hub's words '$want': $(cat "$T/en.err")"
done
ok "English: the hub's words as sent"
client_stop bob
stop_hub TERM
exit 0
