#!/bin/bash
# SPDX-License-Identifier: ISC
# The JOIN replay leaves out what the nick was sent before: an IRC client
# that reconnects, or comes back after a hub restart (TERM or kill -9),
# gets only the lines it has not had; someone else taking the nick from
# another address gets the room's last lines as before.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

# sam says a line in #dev; ana's connection NAME sees it live.
say() {
	irc_send s "PRIVMSG #dev :$1"
	[ -z "${2:-}" ] || irc_wait "$2" "PRIVMSG #dev :$1"
}

start_irc_hub --replay 50 --flood-rate 0
irc_join_dev a1 ana
irc_join_dev s sam
say "line one" a1
say "line two" a1
[ "$(irc_got a1 'line one')" = 1 ] || fail "line one not seen once live"

# A reconnection within the hub's life: only what came meanwhile.
irc_send a1 "QUIT :brb"
irc_closed a1
say "while away"
irc_join_dev a2 ana
[ "$(irc_got a2 'line one')" = 0 ] ||
    fail "reconnected: line one replayed again"
[ "$(irc_got a2 'line two')" = 0 ] ||
    fail "reconnected: line two replayed again"
[ "$(irc_got a2 'while away')" = 1 ] ||
    fail "reconnected: the line said while away is missing"
ok "a reconnection gets only the line said while it was away"

# A hub restart (TERM): irssi reconnects and rejoins; nothing again.
say "before restart" a2
stop_hub TERM
SEEN=$T/history.json.irc-seen
[ -s "$SEEN" ] || fail "no irc-seen file after a stop"
[ "$(stat -c %a "$SEEN")" = 600 ] || fail "irc-seen mode $(stat -c %a "$SEEN")"
# The id of the last message ana was sent in #dev, as saved.
ana_id() {
	awk -F '\t' '$1 == "ana" && $2 == "dev" { print $4 }' "$SEEN"
}
BEFORE=$(ana_id)
[ -n "$BEFORE" ] || fail "ana's place in #dev not saved: $(cat "$SEEN")"
start_irc_hub --replay 50 --flood-rate 0
irc_join_dev a3 ana
for l in "line one" "line two" "while away" "before restart"; do
	[ "$(irc_got a3 "$l")" = 0 ] || fail "after restart: '$l' replayed again"
done
ok "after a hub restart nothing ana was sent is replayed"

# kill -9: what was saved (every few seconds) holds.
irc_join_dev s2 sam
irc_send s2 "PRIVMSG #dev :after restart"
irc_wait a3 "PRIVMSG #dev :after restart"
saved() {
	local id
	id=$(ana_id)
	[ -n "$id" ] && [ "$id" -gt "$BEFORE" ]
}
wait_until 20 saved || fail "ana's place not saved in time"
stop_hub KILL
start_irc_hub --replay 50 --flood-rate 0
irc_join_dev a4 ana
[ "$(irc_got a4 'after restart')" = 0 ] ||
    fail "after kill -9: 'after restart' replayed again"
[ "$(irc_got a4 'line one')" = 0 ] || fail "after kill -9: line one replayed"
ok "after a kill -9 nothing saved as sent is replayed"

# Someone else from another address takes the nick: the last lines.
irc_send a4 "QUIT :bye"
irc_closed a4
irc_join_dev b ana from=127.0.0.2
for l in "line one" "line two" "while away" "before restart" \
    "after restart"; do
	[ "$(irc_got b "$l")" = 1 ] || fail "newcomer: '$l' not replayed once"
done
ok "a newcomer to the nick from elsewhere gets the room's last lines"

# A nick change mid-session: what comes after it is the new nick's.
irc_send b "NICK anya"
irc_wait b " NICK :anya"
irc_sync b
irc_join_dev s4 sy
irc_send s4 "PRIVMSG #dev :as anya" "PRIVMSG #dev :anya again"
irc_wait b "PRIVMSG #dev :anya again"
irc_sync b
irc_send b "QUIT :bye"
irc_closed b
irc_join_dev b2 anya from=127.0.0.2
for l in "as anya" "anya again" "line one"; do
	[ "$(irc_got b2 "$l")" = 0 ] ||
	    fail "after a nick change: '$l' replayed to anya again"
done
ok "after a nick change the new nick's place is kept"

# carol claims her nick with SASL and joins #dev: sasl_join NAME [from=].
sasl_join() {
	irc_open "$1" "${2:-}"
	irc_send "$1" "CAP LS 302" "NICK carol" "USER carol 0 * :Carol" \
	    "CAP REQ :sasl" "AUTHENTICATE PLAIN"
	irc_wait "$1" "AUTHENTICATE +"
	irc_send "$1" "$(sasl_plain "" carol "carol's password")" "CAP END"
	irc_wait "$1" " 001 carol "
	irc_send "$1" "JOIN #dev"
	irc_wait "$1" " 366 carol #dev "
	irc_sync "$1"
}

# A claimed nick proved by SASL is its owner's from any address.
sasl_join c1
[ "$(irc_got c1 'line one')" = 1 ] || fail "carol's first join: no replay"
irc_join_dev s3 sam
irc_send s3 "PRIVMSG #dev :for carol"
irc_wait c1 "PRIVMSG #dev :for carol"
irc_send c1 "QUIT :moving"
irc_closed c1
irc_send s3 "PRIVMSG #dev :carol moving"
sasl_join c2 from=127.0.0.3
[ "$(irc_got c2 'line one')" = 0 ] || fail "carol elsewhere: line one again"
[ "$(irc_got c2 'for carol')" = 0 ] || fail "carol elsewhere: her line again"
[ "$(irc_got c2 'carol moving')" = 1 ] || fail "carol elsewhere: missed line"
ok "a claimed nick proved by SASL elsewhere gets only what it missed"
