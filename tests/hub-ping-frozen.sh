#!/bin/bash
# SPDX-License-Identifier: ISC
# --ping-timeout holds for real clients over TLS: a terminal client and
# irssi, each frozen (SIGSTOP) in tmux after logging in, are pinged and
# dropped with "Ping timeout: 8 seconds" in the log, and the others see
# them lost.
# Started again, the terminal client gets the DM sent while it was
# frozen (once) and irssi the room line it never read.
#
# (A walk froze the pane's own process: tmux continues that one at once,
# so the clients answered every ping and stayed, rightly.  tui_freeze
# refuses such a pid and checks that the process stays stopped.)
. "$top_srcdir/tests/lib.sh"
command -v irssi >/dev/null || { echo "no irssi: skipped"; exit 77; }
command -v openssl >/dev/null || { echo "no openssl: skipped"; exit 77; }
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/irc-client-lib.sh"

INSECURE=
I=$T/irssi
stopped=
ping_frozen_cleanup() {
	local rc=$? pid
	for pid in $stopped; do
		kill -CONT "$pid" 2>/dev/null
	done
	(exit "$rc")
	tui_cleanup
}
trap ping_frozen_cleanup EXIT

# irssi over TLS with the hub's certificate pinned, autojoining #lobby
# and logging it; in a pane whose shell waits for it, so that it can be
# frozen (see tui_freeze).
irssi_start() {
	local term=tmux-256color
	infocmp "$term" >/dev/null 2>&1 || term=screen
	mkdir -p "$I"
	cat >"$I/config" <<CONF
servers = (
  {
    address = "127.0.0.1"; chatnet = "chat"; port = "$IRC_PORT";
    use_tls = "yes"; tls_verify = "no"; tls_pinned_cert = "$HUB_FP";
    autoconnect = "yes";
  }
);
chatnets = { chat = { type = "IRC"; }; };
channels = ( { name = "#lobby"; chatnet = "chat"; autojoin = "yes"; } );
settings = {
  core = {
    real_name = "irssi user"; user_name = "irv"; nick = "irv";
    settings_autosave = "no";
  };
  "fe-common/core" = {
    autolog = "yes"; autolog_path = "$I/logs/\\\$tag/\\\$0.log";
  };
};
CONF
	(close_client_fds; tm new-session -d -s "$1" -x 150 -y 30 \
	    "TERM=$term irssi --home='$I' 2>'$T/$1.err'; exec sleep 600") ||
	    fail "cannot start irssi in tmux"
}

ic_start_hub --ping-timeout 8 --resume-timeout 120 --replay 50
env="XDG_STATE_HOME=$T/state/dave XDG_CONFIG_HOME=$T/cfg"
INSECURE="--trust $HUB_FP" tui_start dave dave 100 30 "$env"
tui_wait dave "you joined #lobby" 30
irssi_start irv1
ic_wait "$I/logs/chat/#lobby.log" "has joined #lobby" 30
client_start bob bob --trust "$HUB_FP"
wait_for "$T/bob.out" "you joined #lobby" 20
client_say bob "seen by all"
tui_wait dave "seen by all"
ic_wait "$I/logs/chat/#lobby.log" "seen by all"

# Both clients freeze; bob talks to them.
dave_pid=$(tui_pid dave)
irv_pid=$(pgrep -P "$(tm display -p -t irv1: '#{pane_pid}')" | head -n 1)
[ -n "$dave_pid" ] && [ -n "$irv_pid" ] || fail "no client pids"
tui_freeze "$dave_pid"
stopped="$dave_pid"
tui_freeze "$irv_pid"
stopped="$stopped $irv_pid"
before=$(grep -c "[0-9]: Ping timeout: [0-9]* seconds$" "$HUB_LOG")
client_say bob "said while frozen" "/msg dave dm while frozen"
wait_for "$T/bob.out" "dm while frozen"

# Dropped at the ping timeout: each logged, both lost to bob.
two_timed_out() {
	[ "$(grep -c "[0-9]: Ping timeout: [0-9]* seconds$" "$HUB_LOG")" -ge $((before + 2)) ]
}
wait_until 60 two_timed_out ||
    fail "frozen clients not timed out: $(grep -c '[0-9]: Ping timeout: [0-9]* seconds$' "$HUB_LOG")"
pid_stopped "$dave_pid" && pid_stopped "$irv_pid" ||
    fail "a client was continued: the freeze did not hold"
wait_for "$T/bob.out" "dave lost the connection" 10
wait_for "$T/bob.out" "irv quit (Ping timeout: 8 seconds)" 10
ok "frozen TLS clients (terminal and irssi) are dropped at the ping timeout"

kill -KILL "$dave_pid" "$irv_pid"
for pid in $stopped; do
	kill -CONT "$pid" 2>/dev/null
done
stopped=
grep -qF "said while frozen" "$I/logs/chat/#lobby.log" &&
    fail "the frozen irssi logged a line it could not read"

# Started again: the DM passed to the frozen terminal client is sent
# again, and shown once.
tm kill-session -t dave 2>/dev/null
INSECURE="--trust $HUB_FP" tui_start dave3 dave 100 30 "$env"
tui_wait dave3 "connected as dave" 30
wait_until 20 grep -q "sent again on a takeover" "$HUB_LOG" ||
    fail "the DM passed to the frozen client was not sent again"
# The client logs what it shows: the DM sent again, then one bob sends
# now, which comes after anything sent again, so a second copy would be
# in before it.
dmlog="$T/state/dave/chatroom/logs/dave@127.0.0.1:$HUB_PORT/@bob.log"
wait_until 30 grep -qF "dm while frozen" "$dmlog" ||
    fail "the DM sent again was not shown"
client_say bob "/msg dave after the takeover"
wait_until 30 grep -qF "after the takeover" "$dmlog" ||
    fail "the DM after the takeover was not shown"
[ "$(grep -cF "dm while frozen" "$dmlog")" = 1 ] ||
    fail "the DM shows more than once: $(cat "$dmlog")"
tui_type dave3 "/window @bob"
tui_keys dave3 Enter
tui_wait dave3 "after the takeover" 30
[ "$(tui_screen dave3 | grep -c "dm while frozen")" = 1 ] ||
    fail "the DM is not on the screen once: $(tui_screen dave3)"
ok "after a ping timeout the terminal client gets its DM once"

# irssi back: the room line it never read is replayed, once.
tm kill-session -t irv1 2>/dev/null
irssi_start irv2
ic_wait "$I/logs/chat/#lobby.log" "said while frozen" 30
[ "$(grep -c "said while frozen" "$I/logs/chat/#lobby.log")" = 1 ] ||
    fail "the line missed while frozen was not replayed once"
ok "after a ping timeout irssi gets the line it never read"
client_stop bob
exit 0
