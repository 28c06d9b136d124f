#!/bin/bash
# SPDX-License-Identifier: ISC
# WeeChat (weechat-headless) over TLS with the hub's fingerprint pinned (a
# wrong one refused), driven through its FIFO, judged by its log files,
# talking with a native user: history, messages, DMs, topic, nicks,
# PART/JOIN, INVITE (341), QUIT.
. "$top_srcdir/tests/lib.sh"
command -v weechat-headless >/dev/null ||
    { echo "no weechat-headless: skipped"; exit 77; }
[ -f /usr/lib/x86_64-linux-gnu/weechat/plugins/fifo.so ] ||
    ls /usr/lib/*/weechat/plugins/fifo.so >/dev/null 2>&1 ||
    { echo "no weechat fifo plugin (weechat-plugins): skipped"; exit 77; }
. "$top_srcdir/tests/irc-client-lib.sh"

INSECURE=
W=$T/weechat
WFD=

# Run commands in a WeeChat buffer through its FIFO: wee BUFFER LINE...
wee() {
	local buf=$1
	shift
	printf "$buf *%s\n" "$@" >&"$WFD"
}

# Run WeeChat on a directory of its own: weechat_run DIR NICK FINGERPRINT.
# No anti-flood queue (it holds messages back for seconds), logs written
# at once, commands taken from a FIFO, the certificate pinned by its
# SHA-256.
weechat_run() {
	(
		close_client_fds
		exec weechat-headless --dir "$1" -P irc,logger,fifo -s -r "\
/set fifo.file.path $1/fifo;/set fifo.file.enabled on;\
/set logger.file.flush_delay 0;/set logger.file.path $1/logs;\
/server add chat 127.0.0.1/$IRC_PORT -ssl;\
/set irc.server.chat.ssl_fingerprint $3;\
/set irc.server.chat.nicks $2;/set irc.server.chat.username $2;\
/set irc.server.chat.autojoin #lobby;\
/set irc.server.chat.autoreconnect off;\
/set irc.server.chat.anti_flood_prio_high 0;\
/set irc.server.chat.anti_flood_prio_low 0;\
/connect chat" </dev/null >"$1.out" 2>&1
	) &
	PIDS="$PIDS $!"
}

ic_start() {
	weechat_run "$W" "$1" "$(ic_fp_hex)"
	# WeeChat makes the FIFO itself (replacing any file there).
	wait_until 20 test -p "$W/fifo" || fail "WeeChat made no FIFO"
	exec {WFD}>"$W/fifo"
	RAW_FD[weechat]=$WFD
	ic_wait "$W/logs/irc.server.chat.weechatlog" "Welcome"
}
ic_say() { wee "irc.chat.#$1" "$2"; }
ic_dm() { wee irc.server.chat "/msg $1 $2"; }
ic_topic() { wee "irc.chat.#$1" "/topic $2"; }
ic_nick() { wee irc.server.chat "/nick $1"; }
ic_join() { wee irc.server.chat "/join #$1"; }
ic_part() { wee "irc.chat.#$1" "/part"; }
ic_quit() { wee irc.server.chat "/disconnect chat $1"; }
ic_invite() { wee irc.server.chat "/invite $1 #$2"; }
ic_room_log() { echo "$W/logs/irc.chat.#$1.weechatlog"; }
ic_dm_log() { echo "$W/logs/irc.chat.$1.weechatlog"; }
ic_event_log() { ic_room_log "$1"; }
ic_own() { printf '%s\t%s' "$1" "$2"; }

ic_start_hub --replay 5
irc_scenario wee
# WeeChat shows the 341 that answered its INVITE.
grep -qF "wee2 has invited $NATIVE2 to #inv" \
    "$W/logs/irc.server.chat.weechatlog" || fail "no 341 for the INVITE"
ok "INVITE answered with 341"
# WeeChat negotiates server-time: history keeps its text as it was.
grep -qP '\talice\thistory before wee came$' "$(ic_room_log lobby)" ||
    fail "history line altered for a server-time client"
ok "history with server-time, text unchanged"

# The connection was over TLS, checked against the pinned fingerprint;
# a wrong fingerprint is refused.
grep -q "irc: connected to 127.0.0.1/$IRC_PORT" \
    "$W/logs/irc.server.chat.weechatlog" || fail "no connection line"
grep -q "certificate fingerprint matches" \
    "$W/logs/irc.server.chat.weechatlog" ||
    fail "the certificate was not checked against the fingerprint"
weechat_run "$T/badpin" mallory "$(ic_fp_hex "$(ic_fp_wrong)")"
ic_wait "$T/badpin/logs/irc.server.chat.weechatlog" \
    "certificate fingerprint does NOT match"
grep -q "registered as mallory" "$HUB_LOG" &&
    fail "a client with the wrong fingerprint registered"
ok "TLS with the hub's fingerprint pinned; a wrong one is refused"
exit 0
