#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a hotlist too long for the title bar ends with "+N",
# the number of windows left out, and never shows a window number cut
# short (@12 cut to @1 would read as another window).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

title() {
	tui_screen bob | head -n 1
}

start_hub --flood-rate 0 --max-clients-per-ip 50
tui_start bob bob 34 20
tui_wait bob "you joined #lobby"
for i in $(seq 10 21); do
	raw_login "d$i" "dmer$i"
	raw_dm "d$i" bob "hi $i" 1
done
has_more() {
	[[ "$(title)" =~ \ \+[0-9]+$ ]]
}
wait_until 10 has_more || fail "no +N at the end of the hotlist: '$(title)'"
# Wait for all twelve (windows 2-13): shown and left out add up to them.
all_counted() {
	local t shown more
	t=$(title)
	t=${t#*Act:}
	more=${t##*+}
	shown=$(grep -oE '@[0-9]+' <<<"$t" | wc -l)
	[ $((shown + more)) -eq 12 ]
}
wait_until 10 all_counted || fail "the hotlist does not add up to 12: '$(title)'"
t=$(title)
for n in $(grep -oE '@[0-9]+' <<<"${t#*Act:}" | tr -d @); do
	[ "$n" -ge 2 ] && [ "$n" -le 13 ] || fail "no such window @$n: '$t'"
done
ok "a long hotlist ends in +N and shows whole window numbers: '$t'"
exit 0
