#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: on a narrow terminal the title bar keeps an active
# search ("search: text (1/N)", the keys left out) and how far the view is
# scrolled, also when the hotlist has news to show: a mode the keys
# depend on never vanishes from the screen.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# The title bar of a client.
title() {
	tui_screen "$1" | head -n 1
}

start_hub
tui_start bob bob 60 20
tui_wait bob "you joined #lobby"
client_start ann ann
lines=()
for i in $(seq 1 20); do
	case $i in
	3) lines+=("a needle down here") ;;
	*) lines+=("filler $i") ;;
	esac
done
client_say ann "${lines[@]}"
tui_wait bob "<ann> filler 20" 30

# 60 columns, no hotlist: the search and the lines below both show.
tui_cmd bob "/search needle"
wait_until 20 eval 'title bob | grep -qF "search: needle (1/1)"' ||
	fail "no search in a 60-column title: '$(title bob)'"
title bob | grep -qE "[0-9]+ more below" ||
	fail "no scroll count in a 60-column title: '$(title bob)'"
ok "60 columns: the search and the scroll count are in the title bar"

# A direct message: the hotlist joins the title bar; the search stays.
client_say ann "/msg bob news for bob"
wait_until 20 eval 'title bob | grep -qF "Act:"' ||
	fail "no hotlist: '$(title bob)'"
title bob | grep -qF "search: needle (1/1)" ||
	fail "the search left the title for the hotlist: '$(title bob)'"
ok "60 columns with a hotlist: the search stays in the title bar"

# 40 columns: the search is all that fits beside the name, and stays.
tm resize-window -t bob: -x 40 -y 20
wait_until 20 eval '[ "$(title bob | wc -L)" -le 40 ]'
tui_settle bob
title bob | grep -qF "search: needle (1/1)" ||
	fail "no search in a 40-column title: '$(title bob)'"
ok "40 columns: the search stays in the title bar"

tui_keys bob Escape
wait_until 20 eval '! title bob | grep -qF "search:"' ||
	fail "the search did not end: '$(title bob)'"
title bob | grep -qF "Act:" || fail "the hotlist did not come back: '$(title bob)'"
ok "the search ended, the hotlist is back"
client_stop ann
exit 0
