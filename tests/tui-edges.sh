#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: rough edges — /msg without text (and its hint, in
# --batch too), text left in a window,
# a very narrow terminal, a non-UTF-8 locale, a mistyped option.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# The input line, the last row of the screen.
input() {
	tui_screen "$1" | tail -n 1
}

start_hub
tui_start bob bob
tui_wait bob "you joined #lobby"
client_start ann ann
tui_wait bob "ann joined #lobby"

tui_type bob "/msg nobody"
tui_keys bob Enter
tui_wait bob "nobody is in none of your rooms; /msg nobody TEXT sends"
tui_has bob "@nobody" && fail "a window for a nick that is not here"
tui_keys bob C-u
tui_type bob "/msg Ann"
tui_keys bob Enter
tui_wait bob "[@Ann]"
ok "/msg NICK opens a window only for someone who is here"
# The hint does not promise a send the hub may refuse (no such nick).
run_batch ghost gus "/msg nobody"
grep -q "/msg nobody TEXT sends a message all the same, if they are on the hub" \
    "$T/ghost.err" || fail "/msg nobody: $(cat "$T/ghost.err")"
ok "/msg NICK of someone not seen: sent if they are on the hub"

# A refused command leaves the input line; unsent text stays with its
# window, not the next one.
tui_type bob "/topic dm topic"
tui_keys bob Enter
tui_wait bob "conversations have no topic"
tui_settle bob
[ "$(input bob)" = "[@Ann]" ] || fail "refused line kept: $(input bob)"
tui_type bob "dm draft"
tui_keys bob M-1
tui_wait bob "[#lobby]"
[ "$(input bob)" = "[#lobby]" ] || fail "text carried over: $(input bob)"
tui_type bob "half typed"
tui_keys bob M-2
tui_wait bob "[@Ann] dm draft"
tui_keys bob M-1
tui_wait bob "[#lobby] half typed"
tui_keys bob C-u
ok "each window keeps its own unsent text"

# Tab completes file names after /image, ~ kept and spaces escaped.
mkdir -p "$T/pics"
make_quadrants_ppm "$T/pics/sunset photo.ppm"
tui_type bob "/image ~/pi"
tui_keys bob Tab
tui_wait bob "[#lobby] /image ~/pics/"
tui_keys bob Tab
tui_wait bob '[#lobby] /image ~/pics/sunset\ photo.ppm'
tui_type bob "8"
tui_keys bob Enter
wait_for "$T/ann.out" "<bob> sunset photo.ppm"
ok "Tab completes file names for /image"

# At 20 columns the prompt is cut and stays apart from the text; grown
# again, the line shows as much as fits, not a sliver.
long=$(printf 'word%03d ' $(seq 1 20))
tui_type bob "${long}END"
tm resize-window -t bob: -x 20 -y 20
wait_until 10 eval '[[ "$(input bob)" == "[#l…] "* ]]' ||
    fail "prompt at 20 columns: '$(input bob)'"
tm resize-window -t bob: -x 100 -y 30
wait_until 10 eval 'x=$(input bob); [ ${#x} -ge 90 ]' ||
    fail "input still scrolled after growing: '$(input bob)'"
tui_keys bob C-u
ok "the input line survives 20 columns and back"

# A locale that is not UTF-8: a warning, and ASCII borders.
tui_start dave dave 100 30 LC_ALL=C LANG=C LANGUAGE=
tui_wait dave "connected as dave"
tui_matches dave '^ 0 status +\|' || fail "no ASCII border: $(tui_screen dave)"
tui_keys dave M-0
tui_wait dave "not UTF-8"
ok "a non-UTF-8 locale is warned about and gets ASCII borders"

"$CHATROOM" --frobnicate >"$T/usage.out" 2>&1
rc=$?
[ $rc = 2 ] || fail "--frobnicate exited $rc"
[ "$(wc -l <"$T/usage.out")" = 2 ] || fail "not two lines: $(cat "$T/usage.out")"
grep -qF "Try 'chatroom --help'" "$T/usage.out" || fail "no hint"
ok "a mistyped option gets one line pointing to --help"

# The title bar on a narrow terminal: the room name stays; the member
# count goes first, then "connected as"; a name too long alone is cut
# with an ellipsis.
title() {
	tui_screen "$1" | head -n 1
}
# Does bob's title bar match an extended regular expression?
title_is() {
	[[ "$(title bob)" =~ $1 ]]
}
tm resize-window -t bob: -x 50 -y 20
wait_until 10 title_is '^ #lobby +[0-9]+ members · connected as bob$' ||
    fail "title at 50 columns: '$(title bob)'"
tm resize-window -t bob: -x 30 -y 20
wait_until 10 title_is '^ #lobby +connected as bob$' ||
    fail "title at 30 columns: '$(title bob)'"
tm resize-window -t bob: -x 20 -y 20
wait_until 10 title_is '^ #lobby *$' ||
    fail "title at 20 columns: '$(title bob)'"
tui_type bob "/join averyveryverylongroomname"
tui_keys bob Enter
wait_until 10 title_is '^ #averyveryverylon…$' ||
    fail "long room name at 20 columns: '$(title bob)'"
tm resize-window -t bob: -x 30 -y 20
wait_until 10 title_is '^ #averyveryverylongroomname *$' ||
    fail "long room name at 30 columns: '$(title bob)'"
tui_type bob "/part"
tui_keys bob Enter
tui_wait_gone bob "averyvery"
tm resize-window -t bob: -x 100 -y 30
tui_keys bob M-1
tui_wait_match bob "^ #lobby "
ok "the title bar keeps the room name on a narrow terminal"
exit 0
