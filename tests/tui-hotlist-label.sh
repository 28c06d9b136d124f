#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: on a title bar too narrow for the hotlist's "Act: +N"
# beside the window's name, the hotlist is left out, never drawn as a
# label cut to "A" or "Ac" (it used to end the status window's title as
# "chatroom — 127.0.0.1:PORT A").
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

title() {
	tui_screen bob | head -n 1 | sed 's/ *$//'
}

# No cut label at the end of the title; "Act:" only with what follows it.
label_whole() {
	local t
	t=$(title)
	case $t in
	*" A"|*" Ac"|*" Act"|*" Act:") return 1 ;;
	*Act:*) [[ $t =~ Act:(\ @?[0-9]+!?)*(\ \+[0-9]+)?$ ]] ;;
	esac
}

start_hub --flood-rate 0
tui_start bob bob 80 20
tui_wait bob "you joined #lobby"
for i in 1 2 3; do
	raw_login "d$i" "dmer$i"
	raw_dm "d$i" bob "hi $i" 1
done
wait_until 10 eval 'title | grep -qE "Act: @[0-9]+ @[0-9]+ @[0-9]+"' ||
	fail "no hotlist of three: '$(title)'"
tui_keys bob M-0
tui_wait bob "chatroom — 127.0.0.1:$HUB_PORT"
# The name takes 28 columns (a five-digit port): from 40 down to 29
# columns the hotlist has from 10 to no column beside it.
for w in 40 38 36 35 34 33 32 31 30 29; do
	tm resize-window -t bob: -x "$w" -y 20
	wait_until 10 eval '[ "$(tui_screen bob | head -n 1 | wc -L)" -le '"$w"' ]'
	tui_settle bob
	label_whole || fail "at $w columns the hotlist is cut: '$(title)'"
done
ok "a narrow title bar shows the hotlist's label whole or not at all"
exit 0
