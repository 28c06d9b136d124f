#!/bin/bash
# SPDX-License-Identifier: ISC
# /bans with a ban or mute set without a reason: the line says "no reason
# given", never the hub's "banned" nor a colon after nothing ("by
# alice:"); one with a reason gives it.
. "$top_srcdir/tests/lib.sh"

start_oper_pair start_hub

client_say alice "/ban carol 90s spamming" "/ban dave 3h" "/ban erin" \
    "/ban frank flooding" "/mute bob 2m" "/bans"
wait_for "$T/alice.out" "mute bob until"
grep -E "nick carol until .* by alice: spamming$" "$T/alice.out" ||
    fail "/bans: the reason of a ban that ends"
grep -E "nick frank .* by alice: flooding$" "$T/alice.out" ||
    fail "/bans: the reason of a permanent ban"
for who in "nick dave until" "nick erin " "mute bob until"; do
	grep -F "$who" "$T/alice.out" |
	    grep -qE " by alice: no reason given$" ||
	    fail "/bans: '$who' without a reason: $(grep -F "$who" \
	    "$T/alice.out")"
done
ok "/bans says a ban or a mute has no reason"

# In French and Korean where the catalogue and a locale for it are there
# (tests/po.sh checks that they are).
if LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)"; then
	LANGUAGE=fr run_batch fr oscar "/oper s3cret" "/bans"
	grep -E "bannissement du pseudo erin .* par alice : aucune raison donnée$" \
	    "$T/fr.out" || fail "/bans in French: $(cat "$T/fr.out")"
	grep -E "silence imposé à bob jusqu'à .* par alice : " "$T/fr.out" ||
	    fail "/bans in French, a mute: $(cat "$T/fr.out")"
	grep -E "bannissement du pseudo frank .* par alice : flooding$" "$T/fr.out" ||
	    fail "/bans in French, with a reason: $(cat "$T/fr.out")"
	LANGUAGE=ko run_batch ko peggy "/oper s3cret" "/bans"
	grep -E "닉네임 차단 erin .*설정: alice, 사유: 사유 없음$" "$T/ko.out" ||
	    fail "/bans in Korean: $(cat "$T/ko.out")"
	grep -E "발언 금지 bob — 기한: " "$T/ko.out" ||
	    fail "/bans in Korean, a mute: $(cat "$T/ko.out")"
	ok "and so in French and Korean, with the kinds in their words"
fi
client_stop alice
client_stop bob
stop_hub TERM
