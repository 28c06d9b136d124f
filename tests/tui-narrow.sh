#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client on narrow screens, in English, French and Korean: the
# title bar gives way in the same order in every language (the room name
# stays; the topic is cut with an ellipsis or left out, never shown as a
# dash and a letter or two), and "terminal too small" is wrapped to fit.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h" || {
	echo "built without NLS"
	exit 77
}
# As in po.sh: LANGUAGE needs a locale other than C.
if ! LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)"; then
	loc=$(locale -a 2>/dev/null | grep -iE '\.utf-?8$' |
	    grep -viE '^(C|POSIX)\.' | head -n 1)
	[ -n "$loc" ] || { echo "LANGUAGE needs a UTF-8 locale"; exit 77; }
	export LC_ALL=$loc
fi

# The title bar of a client.
title() {
	tui_screen "$1" | head -n 1
}

# Wait for the title bar to match an extended regular expression.
title_is() {
	title "$1" | grep -qE -- "$2"
}
wait_title() {
	wait_until 10 title_is "$1" "$2" ||
	    fail "$1's title at $3 columns: '$(title "$1")', not /$2/"
}

start_hub
tui_start eve eve 100 12 LANGUAGE=en
tui_start fay fay 100 12 LANGUAGE=fr
tui_start kim kim 100 12 LANGUAGE=ko
tui_wait eve "you joined #lobby"
tui_wait fay "vous avez rejoint #lobby"
tui_wait kim "#lobby 방에 입장했습니다"
tui_type eve "/topic Le sujet du salon est assez long"
tui_keys eve Enter
tui_wait kim "Le sujet du salon est assez long"

# The room name, then the topic cut with an ellipsis or nothing, then
# the state of the connection in the language's words.
en='connected as eve' fr='connecté : fay' ko='kim 님으로 접속됨'
for w in 40 36 33 30; do
	for n in eve fay kim; do
		tm resize-window -t "$n:" -x "$w" -y 12
	done
	for n in eve fay kim; do
		case $n in
		eve) state=$en ;;
		fay) state=$fr ;;
		kim) state=$ko ;;
		esac
		wait_title "$n" "^ #lobby( — [^ ][^…]{2,}…)? +(.* · )?$state\$" "$w"
	done
done
ok "at 40 to 30 columns: the name, a cut topic or none, the state"

# 20 columns still draw the screen; 12 say so in as many rows as needed.
for n in eve fay kim; do
	tm resize-window -t "$n:" -x 20 -y 12
done
wait_title eve "^ #lobby — Le suje…\$" 20
wait_title fay "^ #lobby — Le suje…\$" 20
for n in eve fay kim; do
	tm resize-window -t "$n:" -x 12 -y 12
done
tui_wait eve "terminal too"
tui_wait eve "small"
tui_wait fay "terminal"
tui_wait fay "trop petit"
tui_wait kim "터미널이"
tui_wait kim "작습니다"
tm resize-window -t kim: -x 4 -y 3
tui_wait kim "터미"
ok "at 12 columns \"terminal too small\" is wrapped, not cut"
exit 0
