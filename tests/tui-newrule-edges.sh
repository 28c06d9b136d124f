#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client, rough edges a user walk found (walk30): the title at
# the first nick prompt, a refused line left on the input line, what the
# status window says of text typed there, /leave of a room one is not in,
# the member count in the room picker, the away reply to a direct message
# in a conversation that was closed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# Start a client with no nick: tui_start_bare NAME [ENV...].
tui_start_bare() {
	local name=$1 term=tmux-256color
	shift
	infocmp "$term" >/dev/null 2>&1 || term=screen
	cat >"$T/$name.sh" <<EOF
trap : INT
TERM=$term env $* $TUI_VG "$CHATROOM" ${INSECURE:-} "127.0.0.1:$HUB_PORT" \\
    2>"$T/$name.tui.err"
echo "CLIENT EXITED rc=\$?"
exec sleep 600
EOF
	(close_client_fds; tm new-session -d -s "$name" -x 100 -y 30 \
	    "sh '$T/$name.sh'") || fail "cannot start a tmux session"
	tm set -t "$name" window-size manual >/dev/null 2>&1
}

# The title bar (the first row) and the input line (the last).
title() {
	tui_screen "$1" | head -n 1
}
input() {
	tui_screen "$1" | tail -n 1
}

start_hub

# The first nick prompt asks for a nick, not for another one; the prompt
# after a refused nick does.
tui_start_bare zoe USER=zoe LC_ALL=C.UTF-8
tui_wait zoe "nick: zoe"
tui_settle zoe
title zoe | grep -qF "choose a nick" ||
    fail "first nick prompt, title: $(title zoe)"
ok "the first nick prompt asks for a nick"
tui_keys zoe Enter
tui_wait zoe "you joined #lobby"
tui_start_bare zed USER=zoe LC_ALL=C.UTF-8 XDG_STATE_HOME="$T/state/zed"
tui_wait zed "nick: zoe"
tui_keys zed Enter
tui_wait zed "type another nick and press Enter"
tui_settle zed
title zed | grep -qF "choose another nick" ||
    fail "refused nick, title: $(title zed)"
tui_keys zed C-u
tui_type zed "zed"
tui_keys zed Enter
tui_wait zed "you joined #lobby"
ok "a refused nick asks for another"

# A line the client refuses leaves the input line, as irssi and weechat
# do, for the input history: what is typed next does not run into it.
refused() {
	local line=$1 why=$2
	tui_type zed "$line"
	tui_keys zed Enter
	tui_wait zed "$why"
	tui_settle zed
	[ "$(input zed)" = "[#lobby]" ] ||
	    fail "'$line' refused, input line: $(input zed)"
	tui_keys zed Up
	tui_wait zed "[#lobby] $line"
	tui_keys zed C-u
	tui_wait_match zed '^\[#lobby\] *$'
}
refused "/aide" "unknown command: /aide"
refused "/join" "usage: /join"
refused "/image $T/no-such.png" "No such file"
ok "a refused line leaves the input line for the input history"

# Text in the status window, while in a room: it says where to go, not
# that the user is in no room.
tui_keys zed M-0
tui_wait_match zed '^> *$'
tui_type zed "hello"
tui_keys zed Enter
tui_wait zed "the status window takes no messages"
tui_has zed "you are not in a room" && fail "status: $(tui_screen zed)"
tui_keys zed M-1
tui_wait zed "[#lobby]"
ok "text in the status window is told where to go"

# A room one is not in is named as a room.
tui_type zed "/leave nosuchroom"
tui_keys zed Enter
tui_wait zed "you are not in "
tui_has zed "you are not in #nosuchroom" ||
    fail "/leave nosuchroom: $(tui_screen zed)"
ok "/leave of a room one is not in names it with #"

# The picker counts who joined a room of the user's since it got the list,
# as the title bar does.
tui_keys zed F2
tui_wait_match zed '\* #lobby +2 '
client_start amy amy
tui_wait zed "3 members"
tui_settle zed
tui_matches zed '\* #lobby +3 ' || fail "picker count: $(tui_screen zed)"
tui_keys zed Escape
tui_wait_gone zed "filter:"
ok "the picker counts the members of a room the user is in"

# A conversation closed, its peer goes away meanwhile: the away reply to
# the next message comes after it, not above it.
tui_type zed "/msg amy hello"
tui_keys zed Enter
wait_for "$T/amy.out" "hello"
tui_keys zed M-2
tui_wait zed "[@amy]"
tui_type zed "/leave"
tui_keys zed Enter
tui_wait zed "[#lobby]"
client_say amy "/away lunch"
wait_for "$T/amy.out" "you are marked as away"
tui_type zed "/msg amy are you there"
tui_keys zed Enter
wait_for "$T/amy.out" "are you there"
tui_keys zed M-2
tui_wait zed "[@amy]"
tui_wait zed "amy is away: lunch"
tui_settle zed
tui_screen zed | grep -E "are you there|amy is away" | head -n 1 |
    grep -qF "are you there" ||
    fail "away reply not after the message: $(tui_screen zed)"
ok "the away reply comes after the message in a conversation reopened"
exit 0
