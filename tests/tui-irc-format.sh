#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the formatting codes of IRC clients (bold, colours
# with their numbers, italics, underline, reverse, reset...) are drawn in
# the lines of messages, and left out of their text (what the screen
# shows, the log, /search) and of topics, instead of showing as ^B and
# ^C4 around the words.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

ESC=$(printf '\033')

# How the first piece of text holding WORD on a client's screen looks, as
# tmux's capture with escape sequences says: "b=0 i=0 u=0 r=0 fg= bg=",
# with colours as numbers of the 256 ("" for the default).
look_of() {
	tui_screen_e "$1" | LC_ALL=C awk -v word="$2" -v esc="$ESC" '
	function sgr(s,    a, n, k, v) {
		n = split(s, a, ";")
		if (n == 0) { n = 1; a[1] = 0 }
		for (k = 1; k <= n; k++) {
			v = a[k] + 0
			if (v == 0) { b = it = u = r = 0; fg = bg = "" }
			else if (v == 1) b = 1
			else if (v == 3) it = 1
			else if (v == 4) u = 1
			else if (v == 7) r = 1
			else if (v == 22) b = 0
			else if (v == 23) it = 0
			else if (v == 24) u = 0
			else if (v == 27) r = 0
			else if (v >= 30 && v <= 37) fg = v - 30
			else if (v >= 90 && v <= 97) fg = v - 82
			else if (v == 39) fg = ""
			else if (v >= 40 && v <= 47) bg = v - 40
			else if (v >= 100 && v <= 107) bg = v - 92
			else if (v == 49) bg = ""
			else if ((v == 38 || v == 48) && a[k + 1] == 5) {
				if (v == 38) fg = a[k + 2] + 0
				else bg = a[k + 2] + 0
				k += 2
			}
		}
	}
	BEGIN { fg = bg = "" }
	{
		s = $0
		for (;;) {
			p = index(s, esc "[")
			text = p ? substr(s, 1, p - 1) : s
			if (index(text, word)) {
				printf "b=%d i=%d u=%d r=%d fg=%s bg=%s\n",
				    b, it, u, r, fg, bg
				exit
			}
			if (!p)
				break
			s = substr(s, p + 2)
			q = index(s, "m")
			sgr(substr(s, 1, q - 1))
			s = substr(s, q + 1)
		}
	}'
}

# Does a word look so: look_is NAME WORD LOOK?
look_is() {
	[ "$(look_of "$1" "$2")" = "$3" ]
}

# Check the look of a word: looks NAME WORD LOOK.
looks() {
	local got
	wait_until 10 look_is "$1" "$2" "$3" || {
		got=$(look_of "$1" "$2")
		tui_screen_e "$1" | cat -v >"$T/$1.screen-e.out"
		fail "$2 on $1's screen: '$got', not '$3'"
	}
}

mkdir -p "$T/config-carol/chatroom"
echo "IRC_COLOURS=no" >"$T/config-carol/chatroom/config"
start_irc_hub
tui_start alice alice
tui_start bob bob 50 20
tui_start carol carol 100 30 XDG_CONFIG_HOME="$T/config-carol"
for n in alice bob carol; do
	tui_wait $n "you joined #lobby"
done
irc_open i
irc_register i ivy
irc_send i "JOIN #lobby"
irc_wait i " 366 ivy #lobby :"
tui_wait alice "ivy joined #lobby"

B=$(printf '\002') C=$(printf '\003') O=$(printf '\017') U=$(printf '\037')
I=$(printf '\035') V=$(printf '\026') D=$(printf '\004') S=$(printf '\036')
irc_send i "PRIVMSG #lobby :plain ${C}4red${C} and ${B}bold${B}" \
    "PRIVMSG #lobby :${C}3,12both${O} ${U}under${U} ${C}7,x end"
tui_wait alice "<ivy> plain red and bold"
tui_wait alice "<ivy> both under ,x end"
A=$(printf '\001')
irc_send i "PRIVMSG #lobby :${A}ACTION waves ${C}09green${C}${A}"
tui_wait alice "* ivy waves green"
tui_has alice "^" && fail "a caret form is left: $(tui_screen alice)"
ok "the codes are left out of the text shown"

# Each word in its look; strikethrough has no curses attribute.
irc_send i "PRIVMSG #lobby :look ${C}4scarlet${C} ${B}heavy${B}" \
    "PRIVMSG #lobby :${I}slanted${I} ${U}lined${U} ${V}inverted${V}" \
    "PRIVMSG #lobby :${S}struck${S} ${C}52ruby${C} ${D}ff8700amber${D}" \
    "PRIVMSG #lobby :${C}3,12duo${O} ${B}${C}9reset${O} tail"
tui_wait alice "<ivy> look scarlet heavy"
tui_wait alice "<ivy> slanted lined inverted"
tui_wait alice "<ivy> struck ruby amber"
tui_wait alice "<ivy> duo reset tail"
looks alice look "b=0 i=0 u=0 r=0 fg= bg="
looks alice scarlet "b=0 i=0 u=0 r=0 fg=9 bg="
looks alice heavy "b=1 i=0 u=0 r=0 fg= bg="
looks alice slanted "b=0 i=1 u=0 r=0 fg= bg="
looks alice lined "b=0 i=0 u=1 r=0 fg= bg="
looks alice inverted "b=0 i=0 u=0 r=1 fg= bg="
looks alice struck "b=0 i=0 u=0 r=0 fg= bg="
ok "bold, italics, underline and reverse are drawn"
looks alice ruby "b=0 i=0 u=0 r=0 fg=196 bg="
looks alice amber "b=0 i=0 u=0 r=0 fg=208 bg="
looks alice duo "b=0 i=0 u=0 r=0 fg=2 bg=12"
looks alice reset "b=1 i=0 u=0 r=0 fg=10 bg="
looks alice tail "b=0 i=0 u=0 r=0 fg= bg="
ok "mIRC colours 0-15, 16-98 and hex colours are drawn; ^O resets"

# Colours 16-98 as the published table has them, where it is not the
# nearest of the 256 to the colour's RGB value (17 #472100 is 94, not 52).
irc_send i "PRIVMSG #lobby :${C}17umber ${C}25violet ${C}57mint ${C}73lilac${C}"
tui_wait alice "<ivy> umber violet mint lilac"
looks alice umber "b=0 i=0 u=0 r=0 fg=94 bg="
looks alice violet "b=0 i=0 u=0 r=0 fg=54 bg="
looks alice mint "b=0 i=0 u=0 r=0 fg=86 bg="
looks alice lilac "b=0 i=0 u=0 r=0 fg=177 bg="
ok "mIRC colours 16-98 follow the published table"

# What a message leaves open ends with it.
irc_send i "PRIVMSG #lobby :${B}${U}${C}4unclosed" "PRIVMSG #lobby :fresh"
tui_wait alice "<ivy> fresh"
looks alice unclosed "b=1 i=0 u=1 r=0 fg=9 bg="
looks alice fresh "b=0 i=0 u=0 r=0 fg= bg="
ok "formatting ends at the end of the message"

# A mention keeps its own colour; the attributes stay.
irc_send i "PRIVMSG #lobby :alice: ${C}4${U}warned${U} you"
tui_wait alice "<ivy> alice: warned you"
looks alice warned "b=1 i=0 u=1 r=0 fg=3 bg="
ok "a mention keeps its highlight colour"
irc_send i "PRIVMSG #lobby :over to ${C}4alice${C}, then"
tui_wait alice "<ivy> over to alice, then"
looks alice "over to alice, then" "b=1 i=0 u=0 r=0 fg=3 bg="
ok "a nick in colour is a mention"

# IRC_COLOURS=no: the attributes without the colours.
tui_wait carol "<ivy> duo reset tail"
looks carol scarlet "b=0 i=0 u=0 r=0 fg= bg="
looks carol duo "b=0 i=0 u=0 r=0 fg= bg="
looks carol reset "b=1 i=0 u=0 r=0 fg= bg="
looks carol lined "b=0 i=0 u=1 r=0 fg= bg="
ok "IRC_COLOURS=no leaves the colours out"

# A wrapped CJK line: the codes take no columns and the colour goes on in
# the next row.  50 columns leave 36 for the text after "[hh:mm] <ivy> ",
# so x and 17 characters of two columns fill the first row.
cjk1=一二三四五六七八九 cjk2=一二三四五六七八
irc_send i "PRIVMSG #lobby :x${C}4$cjk1${B}$cjk2${B}甲乙${C}末"
tui_wait bob "甲乙末"
tui_matches bob "^\\[[0-9:]{5}\\] <ivy> x$cjk1$cjk2\$" ||
    fail "the first row is not as wide as it should be: $(tui_screen bob)"
tui_matches bob '^ {14}甲乙末$' ||
    fail "the second row is wrong: $(tui_screen bob)"
looks bob "$cjk1" "b=0 i=0 u=0 r=0 fg=9 bg="
looks bob 甲乙 "b=0 i=0 u=0 r=0 fg=9 bg="
looks bob 末 "b=0 i=0 u=0 r=0 fg= bg="
tui_has bob "^" && fail "a caret form is left: $(tui_screen bob)"
ok "a coloured CJK line wraps at the right column, coloured on"

# An escape sequence in a coloured word still shows in caret form.
irc_send i "PRIVMSG #lobby :${C}4esc ${ESC}[2J${C} here"
tui_wait alice "<ivy> esc ^[[2J here"
tui_has alice "<ivy> plain red and bold" || fail "the screen was cleared"
ok "other controls in coloured text keep their caret form"

# A topic too: in the line that tells of it and in the title bar.
irc_send i "TOPIC #lobby :${B}Bold${B} ${C}4,1topic${O}"
tui_wait alice "ivy changed the topic to: Bold topic"
tui_wait_match alice "^ #lobby — Bold topic "
ok "IRC formatting is left out of topics"

# A native control character other than those still shows in caret form.
irc_send i "PRIVMSG #lobby :bell $(printf '\007') here"
tui_wait alice "<ivy> bell ^G here"
ok "other control characters keep their caret form"

# The log holds the plain text too.
log="$T/state/chatroom/logs/alice@127.0.0.1:$HUB_PORT/#lobby.log"
wait_until 10 grep -qF "<ivy> both under ,x end" \
    "$log" 2>/dev/null || fail "not logged as plain text: $(cat "$log")"
grep -qF "<ivy> duo reset tail" "$log" ||
    fail "not logged as plain text: $(cat "$log")"
ok "the log holds the text without the codes"

# /search sees the words without the codes between them.
tui_type alice "/search scarlet heavy"
tui_keys alice Enter
tui_wait alice "search: scarlet heavy (1/1)"
ok "/search finds text across formatting codes"
exit 0
