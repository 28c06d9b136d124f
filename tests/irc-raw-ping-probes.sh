#!/bin/bash
# SPDX-License-Identifier: ISC
# The ping timeout after what a real IRC client does once registered
# (irssi's order: CAP LS/REQ/END around NICK and USER, JOIN, MODE and WHO
# probes, its own lag PINGs): while it answers the hub's PINGs it stays
# past the timeout; once silent it is pinged, dropped with "Ping timeout"
# in the log, and the others see it quit.  Over plain TCP and TLS.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

# Log in as irssi does and join #lobby: probes NAME NICK [tls].
probes() {
	irc_open "$1" "${3:-}"
	irc_send "$1" "CAP LS 302" "NICK $2" "USER $2 $2 127.0.0.1 :$2"
	irc_wait "$1" "CAP * LS"
	irc_send "$1" "CAP END"
	irc_wait "$1" " 001 $2 "
	irc_send "$1" "MODE $2 +i" "JOIN #lobby"
	irc_wait "$1" " 366 $2 #lobby "
	irc_send "$1" "MODE #lobby" "WHO #lobby" "MODE #lobby b" \
	    "PING :lag-$2"
	irc_wait "$1" "lag-$2"
}

# Answer every PING the hub sent NAME so far; print how many.
answer_pings() {
	local tok n=0
	while read -r tok; do
		irc_send "$1" "PONG $tok"
		n=$((n + 1))
	done < <(grep -a '^PING ' "$T/$1.irc" | tr -d '\r' | sed 's/^PING //' |
	    sort -u)
	echo "$n"
}

for mode in plain tls; do
	if [ "$mode" = tls ]; then
		INSECURE=
		opt=tls
	else
		INSECURE=--insecure
		opt=
	fi
	start_irc_hub --ping-timeout 6 --flood-rate 0
	probes w "watch$mode" $opt
	probes q "quiet$mode" $opt
	before=$(grep -c "[0-9]: Ping timeout: [0-9]* seconds$" "$HUB_LOG")

	# Answering, the client stays twice the timeout.
	end=$(( $(now_ms) + 12000 ))
	while [ "$(now_ms)" -lt "$end" ]; do
		answer_pings q >/dev/null
		answer_pings w >/dev/null
		irc_send w "PING :keep"
		sleep 0.5
	done
	kill -0 "${IRC_PID[q]}" || fail "$mode: a client answering PINGs was dropped"
	[ "$(answer_pings q)" -ge 1 ] || fail "$mode: never pinged"
	ok "$mode: a client that answers the hub's PINGs stays"

	# Silent from now on: dropped, logged, and seen to quit.
	w_alive() {
		irc_send w "PING :keep"
		answer_pings w >/dev/null
		! kill -0 "${IRC_PID[q]}" 2>/dev/null
	}
	wait_until 30 w_alive || fail "$mode: a silent client was never dropped"
	[ "$(grep -c "[0-9]: Ping timeout: [0-9]* seconds$" "$HUB_LOG")" -eq $((before + 1)) ] ||
	    fail "$mode: no one ping timeout logged"
	irc_wait w ":quiet$mode!" 10
	grep -a ":quiet$mode![^ ]* QUIT " "$T/w.irc" >/dev/null ||
	    fail "$mode: the others did not see the silent client quit"
	ok "$mode: a client silent after its probes is dropped at the ping timeout"
	irc_send w "QUIT :bye"
	irc_closed w
	stop_hub
done
exit 0
