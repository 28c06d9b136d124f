#!/bin/bash
# SPDX-License-Identifier: ISC
# irssi logs in with SASL while another connection still holds its nick
# (as its own stale one does after a network loss): it gets its nick and
# channel, not 433 and "irs_", and the old connection is closed.
. "$top_srcdir/tests/lib.sh"
command -v irssi >/dev/null || { echo "no irssi: skipped"; exit 77; }
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/irc-client-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

I=$T/irssi
LOG=$I/logs/chat/#lobby.log

start_irc_hub --irc-server-name irc.test -v

# The old connection: the nick claimed with SASL, in #lobby.
irc_open old
irc_send old "CAP LS 302" "NICK irs" "USER irs 0 * :irs" "CAP REQ :sasl" \
    "AUTHENTICATE PLAIN"
irc_wait old "AUTHENTICATE +"
irc_send old "$(sasl_plain "" irs "irssi secret 1")" "CAP END"
irc_wait old " 001 irs "
irc_send old "JOIN #lobby"
irc_wait old " 366 irs #lobby "
irc_open w
irc_register w wee
irc_send w "JOIN #lobby"
irc_wait w " 366 wee #lobby "

mkdir -p "$I"
cat >"$I/config" <<CONF
servers = (
  {
    address = "127.0.0.1"; chatnet = "chat"; port = "$IRC_PORT";
    use_tls = "no"; autoconnect = "yes";
  }
);
chatnets = {
  chat = {
    type = "IRC";
    sasl_mechanism = "PLAIN"; sasl_username = "irs";
    sasl_password = "irssi secret 1";
  };
};
channels = ( { name = "#lobby"; chatnet = "chat"; autojoin = "yes"; } );
settings = {
  core = {
    real_name = "irssi user"; user_name = "irs"; nick = "irs";
    settings_autosave = "no"; server_reconnect_time = "300";
  };
  "fe-common/core" = {
    autolog = "yes"; autolog_path = "$I/logs/\\\$tag/\\\$0.log";
  };
};
CONF
irssi_run irssi "$I"
irc_wait old "ERROR :Closing link: your nick was taken over" 30
irc_closed old || fail "the old connection stays open"
wait_for "$HUB_LOG" "irs resumed" 20
wait_until 30 grep -q "has joined #lobby" "$LOG" ||
    fail "irssi did not join #lobby"
irc_send w "PRIVMSG #lobby :hello irs"
wait_for "$LOG" "hello irs" 20
grep -q "irs_" "$LOG" "$HUB_LOG" && fail "irssi fell back to irs_"
irc_send w "WHOIS irs"
irc_wait w " 330 wee irs irs :is logged in as"
ok "irssi with SASL takes its nick over from a connection left open"
tm kill-session -t irssi 2>/dev/null || true
exit 0
