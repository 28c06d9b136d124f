#!/bin/bash
# SPDX-License-Identifier: ISC
# irssi reconnects to a restarted hub and rejoins its channel: the JOIN
# replay leaves out what it was sent before the restart, so its log has
# each line once (it used to get the room's last lines again).
. "$top_srcdir/tests/lib.sh"
command -v irssi >/dev/null || { echo "no irssi: skipped"; exit 77; }
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/irc-client-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

I=$T/irssi
LOG=$I/logs/chat/#lobby.log

# irssi joined #lobby at least n times.
joined_n() {
	[ "$(count_in "$LOG" "has joined #lobby")" -ge "$1" ]
}

start_irc_hub --replay 50 --irc-server-name irc.test
mkdir -p "$I"
cat >"$I/config" <<CONF
servers = (
  {
    address = "127.0.0.1"; chatnet = "chat"; port = "$IRC_PORT";
    use_tls = "no"; autoconnect = "yes";
  }
);
chatnets = { chat = { type = "IRC"; }; };
channels = ( { name = "#lobby"; chatnet = "chat"; autojoin = "yes"; } );
settings = {
  core = {
    real_name = "irssi user"; user_name = "irs"; nick = "irs";
    settings_autosave = "no"; server_reconnect_time = "2";
  };
  "fe-common/core" = {
    autolog = "yes"; autolog_path = "$I/logs/\\\$tag/\\\$0.log";
  };
};
CONF
irssi_run irssi "$I"
wait_until 30 joined_n 1 || fail "irssi did not join #lobby"

irc_open s
irc_register s sam
irc_send s "JOIN #lobby" "PRIVMSG #lobby :said before the restart"
wait_for "$LOG" "said before the restart" 20

# The same ports again, so that irssi finds the hub.
stop_hub TERM
FORCE_PORT=$HUB_PORT start_hub --irc-listen "127.0.0.1:$IRC_PORT" \
    --replay 50 --irc-server-name irc.test
wait_until 60 joined_n 2 || fail "irssi did not rejoin after the restart"
irc_open s2
irc_register s2 sam
irc_send s2 "JOIN #lobby" "PRIVMSG #lobby :said after the restart"
wait_for "$LOG" "said after the restart" 20
n=$(count_in "$LOG" "said before the restart")
[ "$n" = 1 ] || fail "irssi logged the line before the restart $n times"
ok "irssi rejoining a restarted hub logs each line once"
tm kill-session -t irssi 2>/dev/null || true
exit 0
