#!/bin/bash
# SPDX-License-Identifier: ISC
# irssi under tmux over TLS with the hub's certificate pinned (a wrong pin
# refused), set up by a config file (autoconnect, autojoin, autolog, SASL
# where offered), judged by its logs, talking with a user of the terminal
# client: history, messages, DMs, topic, nicks, PART/JOIN, INVITE, QUIT.
. "$top_srcdir/tests/lib.sh"
command -v irssi >/dev/null || { echo "no irssi: skipped"; exit 77; }
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/irc-client-lib.sh"

INSECURE=
I=$T/irssi
# The native user here is the terminal client, in the same tmux server.
NATIVE_TUI=yes

# Type a line into irssi.
irssi_type() {
	tui_type irssi "$1"
	tui_keys irssi Enter
}

# Write an irssi home: irssi_home DIR NICK PINNED-FINGERPRINT.  Logs are
# written as they come.  irssi keeps its default command queue (a chatnet
# takes it as cmdspeed, where 0 means the default): it paces itself, as
# for any server (tests/irc-irssi-sync.sh).
irssi_home() {
	mkdir -p "$1"
	cat >"$1/config" <<CONF
servers = (
  {
    address = "127.0.0.1"; chatnet = "chat"; port = "$IRC_PORT";
    use_tls = "yes"; tls_verify = "no"; tls_pinned_cert = "$3";
    autoconnect = "yes";
  }
);
chatnets = {
  chat = {
    type = "IRC"; max_msgs = "100";
    $SASL_CONF
  };
};
channels = ( { name = "#lobby"; chatnet = "chat"; autojoin = "yes"; } );
settings = {
  core = {
    real_name = "irssi user"; user_name = "$2"; nick = "$2";
    settings_autosave = "no";
  };
  "fe-common/core" = {
    autolog = "yes"; autolog_path = "$1/logs/\\\$tag/\\\$0.log";
  };
};
CONF
}

ic_start() {
	irssi_home "$I" "$1" "$HUB_FP"
	irssi_run irssi "$I"
	ic_wait "$I/logs/chat/#lobby.log" "has joined #lobby"
}
ic_say() { irssi_type "/msg #$1 $2"; }
ic_dm() { irssi_type "/msg $1 $2"; }
ic_topic() { irssi_type "/topic #$1 $2"; }
ic_nick() { irssi_type "/nick $1"; }
ic_join() { irssi_type "/join #$1"; }
ic_part() { irssi_type "/part #$1"; }
ic_quit() { irssi_type "/quit $1"; }
ic_invite() { irssi_type "/invite $1 #$2"; }
ic_room_log() { echo "$I/logs/chat/#$1.log"; }
ic_dm_log() { echo "$I/logs/chat/$1.log"; }
ic_event_log() { ic_room_log "$1"; }
ic_own() { printf '%s> %s' "$1" "$2"; }

ic_start_hub --replay 5
# SASL PLAIN where the hub offers it: the free nick is claimed with a
# password.
SASL_CONF=
if ic_offers_sasl; then
	SASL_CONF='sasl_mechanism = "PLAIN"; sasl_username = "irs";
    sasl_password = "irssi secret 1";'
fi
irc_scenario irs
# irssi negotiates server-time: history keeps its text as it was.
grep -qE '< ?alice> history before irs came$' "$(ic_room_log lobby)" ||
    fail "history line altered for a server-time client"
ok "history with server-time, text unchanged"
# The pin is checked: the right one connected above, a wrong one does not.
irssi_home "$T/badpin" mallory "$(ic_fp_wrong)"
irssi_run badpin "$T/badpin"
tui_wait badpin "Pinned certificate mismatch" 20
tui_wait badpin "Connection lost"
grep -q "registered as mallory" "$HUB_LOG" &&
    fail "a client with the wrong pin registered"
ok "TLS with the hub's fingerprint pinned; a wrong pin is refused"
if [ -n "$SASL_CONF" ]; then
	wait_for "$HUB_LOG" "nick irs claimed with a password"
	ok "SASL PLAIN claimed the nick with a password"
else
	echo "the hub offers no SASL: irssi connected without it"
fi
exit 0
