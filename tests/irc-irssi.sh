#!/bin/bash
# SPDX-License-Identifier: ISC
# irssi under tmux over TLS with the hub's certificate pinned, set up by a
# config file (autoconnect, autojoin, autolog), judged by its logs,
# talking with a native user: history, messages, DMs, topic, nicks,
# PART/JOIN, QUIT.
. "$top_srcdir/tests/lib.sh"
command -v irssi >/dev/null || { echo "no irssi: skipped"; exit 77; }
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/irc-client-lib.sh"

INSECURE=
I=$T/irssi

# Type a line into irssi.
irssi_type() {
	tui_type irssi "$1"
	tui_keys irssi Enter
}

ic_start() {
	local nick=$1 term=tmux-256color
	infocmp "$term" >/dev/null 2>&1 || term=screen
	mkdir -p "$I"
	# Commands go out at once (no queue), logs are written as they come.
	cat >"$I/config" <<CONF
servers = (
  {
    address = "127.0.0.1"; chatnet = "chat"; port = "$IRC_PORT";
    use_tls = "yes"; tls_verify = "no"; tls_pinned_cert = "$HUB_FP";
    autoconnect = "yes";
  }
);
chatnets = {
  chat = { type = "IRC"; cmd_queue_speed = "0"; max_msgs = "100"; };
};
channels = ( { name = "#lobby"; chatnet = "chat"; autojoin = "yes"; } );
settings = {
  core = {
    real_name = "irssi user"; user_name = "$nick"; nick = "$nick";
    settings_autosave = "no";
  };
  "fe-common/core" = {
    autolog = "yes"; autolog_path = "$I/logs/\\\$tag/\\\$0.log";
  };
};
CONF
	(close_client_fds; tm new-session -d -s irssi -x 120 -y 30 \
	    "TERM=$term irssi --home='$I' 2>'$T/irssi.err'") ||
	    fail "cannot start irssi in tmux"
	ic_wait "$I/logs/chat/#lobby.log" "has joined #lobby"
}
ic_say() { irssi_type "/msg #$1 $2"; }
ic_dm() { irssi_type "/msg $1 $2"; }
ic_topic() { irssi_type "/topic #$1 $2"; }
ic_nick() { irssi_type "/nick $1"; }
ic_join() { irssi_type "/join #$1"; }
ic_part() { irssi_type "/part #$1"; }
ic_quit() { irssi_type "/quit $1"; }
ic_room_log() { echo "$I/logs/chat/#$1.log"; }
ic_dm_log() { echo "$I/logs/chat/$1.log"; }
ic_event_log() { ic_room_log "$1"; }
ic_own() { printf '%s> %s' "$1" "$2"; }

ic_start_hub --replay 5
irc_scenario irs
exit 0
