#!/bin/bash
# SPDX-License-Identifier: ISC
# A reload (SIGHUP, IRC's REHASH) reads the hub's config file again, as
# ngircd and InspIRCd do, and applies what can change on a running hub
# without dropping anyone: timeouts (from each connection's next check),
# limits, logging, files.  What cannot (listening addresses, metrics, the
# history file) keeps its value, and the log says it waits for a
# restart.  An option on the command line still wins over the file; a
# file with an error changes nothing, and the log says where.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

CONF=$T/hub.conf
MPORT=$(pick_port)
echo "first message of the day" >"$T/motd1"
echo "second message of the day" >"$T/motd2"
echo oper-one >"$T/oper1.pw"
echo oper-two >"$T/oper2.pw"

# Write the config file: conf KEY=VALUE... (atomically, as editors do).
conf() {
	printf '# the hub, as the administrator edits it\n' >"$CONF.new"
	printf '%s\n' "$@" >>"$CONF.new"
	mv "$CONF.new" "$CONF"
}

# Did the last reload log this change?  changed 'PING_TIMEOUT 600 -> 4'
changed() {
	grep -qF "reload: $1" "$HUB_LOG" || fail "no 'reload: $1' in the log"
}

# Wait until the hub has seen N connections go: gone N.
gone() {
	wait_until 10 eval "[ \$(count_in '$HUB_LOG' ': disconnected: ') -ge $1 ]" ||
	    fail "the hub did not see $1 connections go"
}

# A raw connection's first answer: first NAME; the line is in RAW_LINE.
first() {
	IFS= read -r -t 10 RAW_LINE <&"${RAW_FD[$1]}" ||
	    fail "raw connection $1: no answer"
}

conf "PING_TIMEOUT = 600" "HANDSHAKE_TIMEOUT = 600" \
    "MAX_CLIENTS_PER_IP = 1" "MOTD_FILE = $T/motd1"
start_hub --config "$CONF" --max-clients-per-ip 100
raw_login idle idle
raw_open early
client_start talker talker
wait_for "$T/talker.out" "you joined #lobby"
client_say talker "said before the reload"
wait_for "$T/talker.out" "<talker> said before the reload"
grep -q "said before the reload" "$HUB_LOG" && fail "LOG_MESSAGES is off"
grep -q "deliver " "$HUB_LOG" && fail "VERBOSE is off"
grep -q "stats: " "$HUB_LOG" && fail "STATS_INTERVAL is off"
ok "the settings of the file at start-up are in use"

# Timeouts, logging, files, and a setting that waits for a restart.
conf "PING_TIMEOUT = 4" "HANDSHAKE_TIMEOUT = 3" \
    "MAX_CLIENTS_PER_IP = 2" "MOTD_FILE = $T/motd2" \
    "LOG_MESSAGES = yes" "VERBOSE = 2" "STATS_INTERVAL = 1" \
    "METRICS = 127.0.0.1:$MPORT" "RESUME_TIMEOUT = 30" "REPLAY = 5" \
    "CLAIM_DAYS = 9" "ROOM_EXPIRE = 3600" "HISTORY_BYTES = 2097152" \
    "MAX_GHOSTS = 50" "MAX_GHOSTS_PER_IP = 5" "IRC_AUTOJOIN = dev" \
    "HISTORY_SIZE = 1" "ROOM_HISTORY_BYTES = 4194304"
hup_reload
for c in "PING_TIMEOUT 600 -> 4" "HANDSHAKE_TIMEOUT 600 -> 3" \
    "MOTD_FILE $T/motd1 -> $T/motd2" "LOG_MESSAGES no -> yes" \
    "VERBOSE/QUIET normal -> verbose=2" "STATS_INTERVAL 0 -> 1" \
    "RESUME_TIMEOUT 120 -> 30" "REPLAY 50 -> 5" "CLAIM_DAYS 90 -> 9" \
    "ROOM_EXPIRE 604800 -> 3600" "MAX_GHOSTS 2000 -> 50" \
    "MAX_GHOSTS_PER_IP 20 -> 5" "IRC_AUTOJOIN (none) -> dev" \
    "HISTORY_SIZE 1000 -> 1" "ROOM_HISTORY_BYTES 8388608 -> 4194304"; do
	changed "$c"
done
grep -q "reload: HISTORY_BYTES [0-9]* -> 2097152" "$HUB_LOG" ||
    fail "HISTORY_BYTES not changed"
[ "$(count_in "$HUB_LOG" "reload: METRICS changed; it takes effect at the next restart")" = 1 ] ||
    fail "METRICS: not said once that it waits for a restart"
ss -Hltn "sport = :$MPORT" | grep -q . && fail "metrics listened on a reload"
grep -q "reload: MAX_CLIENTS_PER_IP" "$HUB_LOG" &&
    fail "the file overrode --max-clients-per-ip"
ok "SIGHUP: each change logged, METRICS waits for a restart"

raw_closed early 20 || fail "HANDSHAKE_TIMEOUT 3 did not close a silent connection"
wait_for "$HUB_LOG" "handshake timeout"
raw_closed idle 30 || fail "PING_TIMEOUT 4 did not drop an idle client"
wait_for "$HUB_LOG" "Ping timeout: 4 seconds"
kill -0 "${CLIENT_PID[talker]}" || fail "a client that answers pings was dropped"
ok "shorter timeouts close a silent connection and drop an idle client"

client_say talker "said after the reload"
wait_for "$HUB_LOG" "<talker> said after the reload"
wait_for "$HUB_LOG" "deliver "
wait_for "$HUB_LOG" "stats: "
raw_login m motd
raw_expect m "second message of the day"
ok "LOG_MESSAGES, VERBOSE=2, STATS_INTERVAL and MOTD_FILE take effect"
# HISTORY_SIZE 1: the lobby keeps its newest message only.
while IFS= read -r -t 10 line <&"${RAW_FD[m]}"; do
	case $line in
	*"said before the reload"*) fail "HISTORY_SIZE 1 kept an older message" ;;
	*"said after the reload"*) break ;;
	esac
done
[[ $line == *"said after the reload"* ]] || fail "no replay of the newest"
ok "HISTORY_SIZE lowered: a room keeps its newest messages only"

# Limits: the connections, logins, rooms and requests of an address.
exec {RAW_FD[m]}>&-
conf "MAX_CLIENTS = 2" "LOGIN_BURST = 1" "LOGIN_RATE = 1" \
    "ROOM_BURST = 1" "ROOM_RATE = 1" "FLOOD_BURST = 1" "FLOOD_RATE = 1"
gone 3
hup_reload
changed "MAX_CLIENTS 19000 -> 2"
changed "PING_TIMEOUT 4 -> 60"
changed "HISTORY_SIZE 1 -> 1000"
raw_login lim limited
raw_open full
first full
case $RAW_LINE in *'"code":"hub_full"'*) ;; *) fail "MAX_CLIENTS 2: $RAW_LINE" ;; esac
ok "MAX_CLIENTS lowered refuses the next connection, keeps the others"

raw_send lim '{"type":"create","room":"one","seq":1}'
raw_send lim '{"type":"create","room":"two","seq":2}'
raw_expect lim '"code":"too_many_new_rooms"' 20
burst=
for i in $(seq 3 27); do
	burst+="{\"type\":\"names\",\"room\":\"lobby\",\"seq\":$i}"$'\n'
done
printf '%s' "$burst" >&"${RAW_FD[lim]}"
raw_expect lim '"code":"flood"' 20
ok "ROOM_BURST and FLOOD_BURST lowered: a second room and a burst refused"

# A file with an error changes nothing, and the log says where.
exec {RAW_FD[lim]}>&-
exec {RAW_FD[full]}>&-
conf "MAX_CLIENTS = 100" "LOGIN_BURST = 100" "BOGUS_KEY = 1"
hup_reload
wait_for "$HUB_LOG" "reload: $CONF:4: unknown key BOGUS_KEY; keeping the settings in use"
conf "MAX_CLIENTS = lots" "LOGIN_BURST = 100"
hup_reload
wait_for "$HUB_LOG" "reload: $CONF:2: MAX_CLIENTS: invalid value 'lots' (expected an integer from 1 to 10000000); keeping the settings in use"
rm "$CONF"
hup_reload
wait_for "$HUB_LOG" "reload: $CONF: No such file or directory; keeping the settings in use"
grep -q "reload: MAX_CLIENTS 2 ->\|reload: LOGIN_BURST 1 ->" "$HUB_LOG" &&
    fail "a bad file changed a setting"
gone 5
raw_open c1
raw_open full2
first full2
case $RAW_LINE in *'"code":"hub_full"'*) ;; *) fail "after a bad file: $RAW_LINE" ;; esac
ok "a bad key, a bad value or no file: every setting stays as it was"

# Fixed, the file is taken again; the login limit was in use all along.
exec {RAW_FD[c1]}>&-
exec {RAW_FD[full2]}>&-
gone 7
conf "MAX_CLIENTS = 100" "LOGIN_BURST = 1" "LOGIN_RATE = 1"
hup_reload
changed "MAX_CLIENTS 2 -> 100"
raw_open again
raw_send again '{"type":"hello","version":2,"nick":"again"}'
raw_expect again '"code":"too_many_logins"'
ok "LOGIN_BURST lowered refuses the next login"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exited $HUB_RC"

# REHASH: the same reload, its warnings told to the operator.
HUB_NAME=irc
conf "ADMIN_PASSWORD_FILE = $T/oper1.pw"
start_irc_hub --config "$CONF" --irc-server-name reload.test
irc_open o
irc_register o olga
irc_send o "OPER olga oper-one"
irc_wait o " 381 olga :"
conf "ADMIN_PASSWORD_FILE = $T/oper2.pw" "IRC_AUTOJOIN = #dev" \
    "METRICS = 127.0.0.1:$MPORT"
irc_send o "REHASH"
irc_wait o "NOTICE olga :*** REHASH: reload: METRICS changed; it takes effect at the next restart"
changed "IRC_AUTOJOIN (none) -> #dev"
irc_open p
irc_register p pia
irc_wait p " JOIN #dev"
irc_send p "OPER pia oper-two"
irc_wait p " 381 pia :"
# olga was an operator of the old password: no longer (hub-reload-oper.sh).
irc_wait o "NOTICE olga :You are no longer an IRC operator"
irc_send o "OPER olga oper-two"
wait_until 10 eval "[ \$(count_in '$T/o.irc' ' 381 olga :') -ge 2 ]" ||
    fail "olga is not an operator of the new password"
ok "REHASH: the new autojoin and operator password, the restart notice"

conf "ADMIN_PASSWORD_FILE = $T/oper1.pw" "IRC_AUTOJOIN = #dev" "PING_TIMEOUT = 1"
irc_send o "REHASH"
irc_wait o "NOTICE olga :*** REHASH: reload: $CONF:4: PING_TIMEOUT: invalid value '1' (expected an integer from 2 to 86400); keeping the settings in use"
irc_open q
irc_register q quentin
irc_send q "OPER quentin oper-one"
irc_wait q " 464 quentin "
ok "REHASH with a bad file: the operator is told where; nothing changes"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exited $HUB_RC"
