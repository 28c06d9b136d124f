#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: WHOIS of a user of another hub says what its hub knows
# now.  A user whose connection was lost (its session held for a resume
# there) gets 301 "Connection lost", as one of this hub does; a user who
# shares no room with anyone gets 301 with its away message as soon as
# it is away, and none once back, without waiting for a reload; lost,
# Connection lost too.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_members

# On hub b: bob on the terminal in #dev, ron on IRC in no room.
irc_on b
member_client b bob
client_say bob "/join #dev"
wait_for "$T/bob.out" "you joined #dev"
irc_open r
irc_register r ron

# On hub a: carol on IRC, in #dev with bob.
irc_on a
irc_join_dev c carol
irc_names_until c carol '#dev' bob

# Does a new WHOIS of NICK answer a line with WANT?
n=0
whois_last_has() {
	local nick=$1 want=$2
	n=$((n + 1))
	irc_send c "WHOIS $nick" "PING :w$n"
	irc_wait c "w$n"
	awk -v m="w$n" -v nick="$nick" '
	    index($0, " 311 carol " nick " ") { buf = "" }
	    { buf = buf $0 "\n" }
	    index($0, m) { printf "%s", buf; exit }' "$T/c.irc" |
	    grep -qF -- "$want"
}

# ron, in no room, goes away: WHOIS on hub a says so at once.
irc_send r "AWAY :gone fishing"
irc_wait r " 306 ron "
wait_until 10 whois_last_has ron " 301 carol ron :gone fishing" ||
    fail "WHOIS ron: no 301 with the away message of a roomless user"
ok "WHOIS of a roomless user of another hub: its away message, current"

irc_send r "AWAY"
irc_wait r " 305 ron "
wait_until 10 eval "! whois_last_has ron ' 301 carol ron '" ||
    fail "WHOIS ron: still away after coming back"
whois_last_has ron " 318 carol ron " || fail "WHOIS ron: no 318"
ok "WHOIS of a roomless user of another hub back: no 301"

# bob's connection is lost: held for a resume on hub b.
kill -9 "${CLIENT_PID[bob]}"
wait "${CLIENT_PID[bob]}" 2>/dev/null
wait_until 20 whois_last_has bob " 301 carol bob :Connection lost" ||
    fail "WHOIS bob: no 301 Connection lost for a lost user of hub b"
irc_send c "WHO bob" "PING :who1"
irc_wait c "who1"
grep -q " 352 carol \* bob [^ ]* [^ ]* bob G :1 bob" "$T/c.irc" ||
    fail "WHO bob: not gone (G) while lost"
ok "WHOIS and WHO of a lost user of another hub: Connection lost, G"

# rita, on the terminal of hub b in no room, loses her connection too.
on b
client_start rita rita
wait_for "$T/rita.out" "you joined #lobby"
client_say rita "/leave lobby"
wait_for "$T/rita.out" "you left #lobby"
kill -9 "${CLIENT_PID[rita]}"
wait "${CLIENT_PID[rita]}" 2>/dev/null
wait_until 20 whois_last_has rita " 301 carol rita :Connection lost" ||
    fail "WHOIS rita: no 301 Connection lost for a lost roomless user"
ok "WHOIS of a lost roomless user of another hub: Connection lost"
exit 0
