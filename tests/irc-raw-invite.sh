#!/bin/bash
# SPDX-License-Identifier: ISC
# INVITE nick #room: a member of a room tells a user of the hub about it.
# Errors: 403 for a room that does not exist, 442 for an inviter not in
# it, 401 for no such nick, 443 for a user in it already, 461 without a
# room; INVITE alone gives 337.  An invite answers the inviter with 341
# (and 301 if the user is away); an IRC user gets INVITE, a native user a
# notice "invite" with the room, which the client words; an inviter who
# is muted is refused.  Each INVITE costs a flood token.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

echo sesame >"$T/admin.pw"
start_irc_hub --irc-server-name irc.test --admin-password-file "$T/admin.pw"

irc_open a
irc_register a ann
irc_open b
irc_register b bob
client_start nat nat
wait_for "$T/nat.out" "you joined #lobby"
raw_open n
raw_send n '{"type":"hello","version":1,"nick":"nina"}'
raw_expect n '"type":"welcome"'

irc_send a "INVITE bob #chan" "JOIN #chan"
irc_wait a " 366 ann #chan :"
irc_send b "INVITE ann #chan" "INVITE bob" "INVITE" "PING :errs"
irc_wait b "PONG irc.test :errs"
irc_send a "INVITE nobody #chan" "PING :errs"
irc_wait a "PONG irc.test :errs"
for want in "a: 403 ann #chan :No such channel" \
    "b: 442 bob #chan :You're not on that channel" \
    "b: 461 bob INVITE :Not enough parameters" \
    "b: 337 bob :End of /INVITE list" \
    "a: 401 ann nobody :No such nick/channel"; do
	grep -qF -- " ${want#*: }" "$T/${want%%: *}.irc" ||
	    fail "no '$want'"
done
grep -q " INVITE bob " "$T/b.irc" && fail "bob invited by errors"
grep -q " 421 " "$T/a.irc" "$T/b.irc" && fail "INVITE unknown (421)"
ok "INVITE: 403, 442, 461, 337, 401"

# An IRC user: INVITE from the inviter, 341 to the inviter; then 443.
irc_send a "INVITE BOB #CHAN"
irc_wait a " 341 ann bob :#chan"
irc_wait b ":ann!ann@irc.test INVITE bob #chan"
irc_send b "JOIN #chan"
irc_wait a ":bob!bob@irc.test JOIN #chan"
irc_send a "INVITE bob #chan"
irc_wait a " 443 ann bob #chan :is already on channel"
[ "$(count_in "$T/b.irc" " INVITE bob ")" = 1 ] || fail "bob invited twice"
ok "INVITE an IRC user: INVITE and 341; 443 once in the room"

# A native user: the notice "invite", worded by the client; 301 for one
# who is away.
irc_send a "INVITE nat #chan"
irc_wait a " 341 ann nat :#chan"
wait_for "$T/nat.out" "ann invites you to #chan (/join chan)"
raw_send n '{"type":"away","text":"at lunch"}'
raw_expect n '"type":"away_changed"'
irc_send a "INVITE nina #chan"
irc_wait a " 301 ann nina :at lunch"
raw_expect n '"type":"notice","code":"invite","subject":"ann","room":"chan"'
client_say nat "/join chan"
irc_wait a ":nat!nat@irc.test JOIN #chan"
ok "INVITE a native user: the notice invite, worded; 301 if away"

# A muted inviter is refused, and nobody is invited.
irc_send b "PART #chan"
irc_wait a ":bob!bob@irc.test PART #chan"
client_say nat "/oper sesame" "/mute ann"
wait_for "$T/nat.out" "ann is muted"
irc_send a "INVITE bob #chan" "PING :muted"
irc_wait a "PONG irc.test :muted"
grep -q " 404 ann " "$T/a.irc" || fail "a muted INVITE: no 404"
[ "$(count_in "$T/b.irc" " INVITE bob ")" = 1 ] || fail "a muted user invited"
client_say nat "/unmute ann"
wait_for "$T/nat.out" "ann may speak again"
ok "a muted user invites nobody (404)"

# Each INVITE costs a token: a burst past the held queue gets 263.
for i in $(seq 1 40); do
	printf 'INVITE bob #chan\r\n'
done >&"${RAW_FD[a]}"
irc_wait a " 263 ann INVITE :slow down"
ok "INVITE is flood-limited (263)"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
