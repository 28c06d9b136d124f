#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client, the first minute: a nick is asked for when none is
# given, the picker is offered when the hub has rooms, and a target or
# ROOM= names the room to show at once.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# Start a client on a target of our own: tui_start_target NAME TARGET
# [ENV...].  TARGET may use $HUB_PORT, which is expanded here.
tui_start_target() {
	local name=$1 target=$2 term=tmux-256color
	shift 2
	infocmp "$term" >/dev/null 2>&1 || term=screen
	cat >"$T/$name.sh" <<EOF
trap : INT
TERM=$term env $* $TUI_VG "$CHATROOM" ${INSECURE:-} "$target" \\
    2>"$T/$name.tui.err"
echo "CLIENT EXITED rc=\$?"
exec sleep 600
EOF
	(close_client_fds; tm new-session -d -s "$name" -x 100 -y 30 \
	    "sh '$T/$name.sh'") || fail "cannot start a tmux session"
	tm set -t "$name" window-size manual >/dev/null 2>&1
}

start_hub

# No nick: the client asks, offering $USER, and connects on Enter.
tui_start_target zoe "127.0.0.1:$HUB_PORT" USER=zoe
tui_wait zoe "choose a nick and press Enter"
tui_wait zoe "nick: zoe"
tui_lacks zoe "CLIENT EXITED" || fail "the client exited without a nick"
tui_keys zoe Enter
tui_wait zoe "connected as zoe"
tui_wait zoe "you joined #lobby"
wait_until 10 grep -qF "you joined #lobby" \
    "$T/state/chatroom/logs/zoe@127.0.0.1:$HUB_PORT/#lobby.log" ||
    fail "no log for zoe: $(ls -R "$T/state/chatroom/logs" 2>&1)"
ok "no nick: the client asks for one, offering \$USER"

# Only the lobby: no picker.
tui_settle zoe
tui_lacks zoe "filter:" || fail "the picker opened with only #lobby"
ok "no picker when the hub has only #lobby"

# The offered nick is taken: the hub refuses it, the client asks again.
tui_start_target zed "127.0.0.1:$HUB_PORT" USER=zoe XDG_STATE_HOME="$T/state/zed"
tui_wait zed "nick: zoe"
tui_keys zed Enter
tui_wait zed "type another nick and press Enter"
tui_keys zed C-u
tui_type zed "zed"
tui_keys zed Enter
tui_wait zed "connected as zed"
wait_until 10 grep -qF "you joined #lobby" \
    "$T/state/zed/chatroom/logs/zed@127.0.0.1:$HUB_PORT/#lobby.log" ||
    fail "no log for zed: $(ls -R "$T/state/zed/chatroom/logs" 2>&1)"
[ -e "$T/state/zed/chatroom/logs/zoe@127.0.0.1:$HUB_PORT" ] &&
    fail "a log directory for the refused nick zoe: $(ls -R \
    "$T/state/zed/chatroom/logs")"
[ -e "$T/state/zed/chatroom/log-marks/zoe@127.0.0.1:$HUB_PORT" ] &&
    fail "a log marks directory for the refused nick zoe"
ok "a refused nick is asked for again, and logs go to the one chosen"

# Other rooms: the first connection offers the picker; Esc stays in the
# lobby.
client_start setup setup
wait_for "$T/setup.out" "connected to"
client_say setup "/create tea" "/topic green and black" "/create coffee"
wait_for "$T/setup.out" "you joined #coffee"
tui_start amy amy
tui_wait amy "this hub has other rooms"
tui_wait amy "filter:"
tui_wait amy "green and black"
tui_has amy "#coffee" || fail "the picker does not list #coffee"
tui_keys amy Escape
tui_wait_gone amy "filter:"
tui_wait amy "[#lobby]"
ok "the picker is offered when there are other rooms; Esc stays in #lobby"

# Enter in the offered picker joins the room picked.
tui_start bea bea
tui_wait bea "filter:"
tui_type bea "tea"
tui_keys bea Enter
tui_wait bea "you joined #tea"
tui_wait bea "[#tea]"
ok "Enter in the offered picker joins the room"

# A target with /#room joins it and shows it at once, without the picker.
tui_start_target cid "cid@127.0.0.1:$HUB_PORT/#tea"
tui_wait cid "you joined #tea"
tui_wait cid "[#tea]"
tui_settle cid
tui_lacks cid "filter:" || fail "the picker opened over a room given"
ok "NICK@HOST:PORT/#room joins the room and shows it"

# ROOM= in the client configuration does the same; a new room is created.
mkdir -p "$T/cfg/chatroom"
printf 'ROOM=#books\n' >"$T/cfg/chatroom/config"
tui_start_target dot "dot@127.0.0.1:$HUB_PORT" XDG_CONFIG_HOME="$T/cfg"
tui_wait dot "you joined #books"
tui_wait dot "[#books]"
tui_lacks dot "filter:" || fail "the picker opened over ROOM="
ok "ROOM= in the client configuration joins the room"

# A client killed and started again takes its session over, with its
# rooms: it is back in #tea, and the picker stays shut.
pid=$(tui_pid bea)
[ -n "$pid" ] || fail "bea's client is not running"
kill -9 "$pid"
tui_wait bea "CLIENT EXITED"
tui_start bea2 bea
tui_wait_match bea2 "^ +[0-9]+ #tea +"
tui_wait bea2 "connected as bea"
tui_settle bea2
tui_lacks bea2 "filter:" || fail "the picker opened over a resumed session"
ok "a client started again in its rooms does not offer the picker"

client_stop setup
