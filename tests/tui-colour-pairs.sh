#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the colour pairs of pictures and of IRC colours do not
# run out into each other.  A picture of all 256 pairs of the 16 colours
# between IRC lines in colour keeps every pair, and the IRC lines keep
# their colours, before and after it, and when scrolled back to.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

ESC=$(printf '\033')

# The looks of the cells of CHAR on a client's screen, one "fg/bg" a line
# (colours as numbers of the 256, "" for the default), sorted, each once.
looks_of_char() {
	tui_screen_e "$1" | LC_ALL=C awk -v ch="$2" -v esc="$ESC" '
	function sgr(s,    a, n, k, v) {
		n = split(s, a, ";")
		if (n == 0) { n = 1; a[1] = 0 }
		for (k = 1; k <= n; k++) {
			v = a[k] + 0
			if (v == 0) fg = bg = ""
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
	{
		fg = bg = ""
		s = $0
		for (;;) {
			p = index(s, esc "[")
			text = p ? substr(s, 1, p - 1) : s
			for (i = 1; i <= length(text); i++)
				if (substr(text, i, 1) == ch)
					print fg "/" bg
			if (!p)
				break
			s = substr(s, p + 2)
			q = index(s, "m")
			sgr(substr(s, 1, q - 1))
			s = substr(s, q + 1)
		}
	}' | sort -u
}

# The look of the first piece of text holding WORD: "fg/bg".
look_of_word() {
	tui_screen_e "$1" | LC_ALL=C awk -v word="$2" -v esc="$ESC" '
	{
		fg = bg = ""
		s = $0
		for (;;) {
			p = index(s, esc "[")
			text = p ? substr(s, 1, p - 1) : s
			if (index(text, word)) {
				print fg "/" bg
				exit
			}
			if (!p)
				break
			s = substr(s, p + 2)
			q = index(s, "m")
			n = split(substr(s, 1, q - 1), a, ";")
			if (n == 0) { n = 1; a[1] = 0 }
			for (k = 1; k <= n; k++) {
				v = a[k] + 0
				if (v == 0) fg = bg = ""
				else if (v >= 30 && v <= 37) fg = v - 30
				else if (v >= 90 && v <= 97) fg = v - 82
				else if (v >= 40 && v <= 47) bg = v - 40
				else if (v >= 100 && v <= 107) bg = v - 92
				else if (v == 39) fg = ""
				else if (v == 49) bg = ""
				else if ((v == 38 || v == 48) && a[k + 1] == 5) {
					if (v == 38) fg = a[k + 2] + 0
					else bg = a[k + 2] + 0
					k += 2
				}
			}
			s = substr(s, q + 1)
		}
	}'
}

# Check every colour: all 256 pairs in the picture, the IRC words in
# theirs.  check_all WHEN.
check_all() {
	local got n
	got=$(looks_of_char alice @)
	n=$(printf '%s\n' "$got" | grep -cE '^[0-9]+/[0-9]+$')
	[ "$n" -eq 256 ] || {
		tui_screen_e alice | cat -v >"$T/alice.screen-e.out"
		fail "$1: the picture shows $n of its 256 colour pairs"
	}
	for w in "before/2/12" "ruby/196/" "after/9/0" "cobalt/75/" \
	    "olive/142/"; do
		got=$(look_of_word alice "${w%%/*}")
		[ "$got" = "${w#*/}" ] || {
			tui_screen_e alice | cat -v >"$T/alice.screen-e.out"
			fail "$1: ${w%%/*} is '$got', not '${w#*/}'"
		}
	done
}

start_irc_hub
tui_start alice alice 100 40
tui_wait alice "you joined #lobby"
irc_open i
irc_register i ivy
irc_send i "JOIN #lobby"
irc_wait i " 366 ivy #lobby :"
tui_wait alice "ivy joined #lobby"

# An IRC line in colour, then a picture of all 256 pairs (row r has
# background r and foregrounds 0 to f), then IRC lines in colour again.
C=$(printf '\003')
irc_send i "PRIVMSG #lobby :${C}3,12before${C} ${C}52ruby${C}"
tui_wait alice "<ivy> before ruby"
rows= fg= bg=
for r in 0 1 2 3 4 5 6 7 8 9 a b c d e f; do
	rows+="${rows:+,}\"@@@@@@@@@@@@@@@@\""
	fg+="${fg:+,}\"0123456789abcdef\""
	bg+="${bg:+,}\"$r$r$r$r$r$r$r$r$r$r$r$r$r$r$r$r\""
done
raw_open p
raw_send p '{"type":"hello","version":1,"nick":"pix"}'
raw_expect p '"type":"welcome"'
raw_send p "{\"type\":\"msg\",\"seq\":1,\"room\":\"lobby\",\"text\":\"all.ppm\",\"image\":{\"w\":16,\"h\":16,\"rows\":[$rows],\"fg\":[$fg],\"bg\":[$bg]}}"
raw_expect p '"seq":1'
tui_wait alice "<pix> all.ppm"
irc_send i "PRIVMSG #lobby :${C}4,1after${C} ${C}59cobalt${C} ${C}30olive${C}"
tui_wait alice "<ivy> after cobalt olive"
tui_settle alice
check_all "drawn"
ok "a picture keeps its 256 pairs and IRC lines their colours"

# Scrolled back by a page and forward again: drawn anew from the pairs.
tui_keys alice PageUp
tui_settle alice
tui_keys alice PageDown
tui_settle alice
check_all "scrolled back"
ok "the colours stay when scrolled back"
exit 0
