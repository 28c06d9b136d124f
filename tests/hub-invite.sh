#!/bin/bash
# SPDX-License-Identifier: ISC
# The native invite, as IRC's INVITE: a member of a room tells a user of
# the hub about it.  A native user gets the notice "invite", an IRC user
# the INVITE line; the inviter an ack (and the away message of a user
# who is away), or no_such_room, no_such_nick, not_in_room,
# already_in_room, muted.  /invite NICK [ROOM] in --batch: the room in
# view by default, none in a conversation; "invited NICK to #ROOM".
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

echo sesame >"$T/admin.pw"
start_irc_hub --irc-server-name irc.test --admin-password-file "$T/admin.pw"

# Log a raw connection in: hello NAME NICK.
hello() {
	raw_open "$1"
	raw_send "$1" "{\"type\":\"hello\",\"version\":1,\"nick\":\"$2\"}"
	raw_expect "$1" '"type":"welcome"'
	raw_expect "$1" '"type":"history_end"'
}

hello a ann
hello n nina
irc_open i
irc_register i ivy
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"

raw_send a '{"type":"invite","nick":"nina","room":"dev","seq":1}'
raw_expect a '"code":"no_such_room"'
grep -q '"seq":1' <<<"$RAW_LINE" || fail "no seq: $RAW_LINE"
raw_send a '{"type":"join","room":"dev","seq":2}'
raw_expect a '"type":"ack","seq":2'
raw_send a '{"type":"invite","nick":"nobody","room":"dev","seq":3}'
raw_expect a '"code":"no_such_nick"'
raw_send n '{"type":"invite","nick":"ann","room":"dev","seq":4}'
raw_expect n '"code":"not_in_room"'
raw_send a '{"type":"invite","nick":"nina","seq":5}'
raw_expect a '"code":"bad_field"'
raw_send a '{"type":"invite","nick":"nina","room":"lobby","seq":6}'
raw_expect a '"code":"already_in_room"'
ok "invite: no_such_room, no_such_nick, not_in_room, already_in_room"

# A native user gets the notice; an IRC user the INVITE line.
raw_send a '{"type":"invite","nick":"NINA","room":"DEV","seq":7}'
raw_expect a '"type":"ack","seq":7'
raw_expect n '"type":"notice","code":"invite","subject":"ann","room":"dev"'
raw_send a '{"type":"invite","nick":"ivy","room":"dev","seq":8}'
raw_expect a '"type":"ack","seq":8'
irc_wait i ":ann!ann@irc.test INVITE ivy #dev"
ok "invite: the notice to a native user, INVITE to an IRC user"

# A user who is away: the ack, then the away message.
raw_send n '{"type":"away","text":"at lunch","seq":9}'
raw_expect n '"type":"away_changed"'
raw_send a '{"type":"join","room":"den","seq":19}'
raw_expect a '"type":"ack","seq":19'
raw_send a '{"type":"invite","nick":"nina","room":"den","seq":10}'
raw_expect a '"type":"ack","seq":10'
raw_expect a '"type":"notice","code":"away","subject":"nina","text":"at lunch"'
ok "invite: a user away has the inviter told"

# The same invite again within a minute is refused: a flood on one user.
raw_send a '{"type":"invite","nick":"Nina","room":"dev","seq":12}'
raw_expect a '"seq":12'
grep -qF '"code":"flood"' <<<"$RAW_LINE" &&
    grep -qF 'you invited nina to #dev less than 60 seconds ago' \
    <<<"$RAW_LINE" || fail "the same invite again: $RAW_LINE"
ok "invite: the same invite again within a minute is refused"

# A user whose connection is lost (waiting for a resume) would get
# nothing: refused, with why.
hello g gus
eval "exec ${RAW_FD[g]}<&-"
raw_expect a '"type":"lost"'
raw_send a '{"type":"invite","nick":"gus","room":"dev","seq":20}'
raw_expect a '"code":"no_such_nick"'
grep -q 'gus lost the connection; invite them once they are back' \
    <<<"$RAW_LINE" || fail "no reason: $RAW_LINE"
irc_send i "JOIN #dev"
irc_wait i " 366 ivy #dev "
irc_send i "INVITE gus #dev"
irc_wait i " 401 ivy gus "
irc_send i "INVITE nina #dev"
irc_wait i " 341 ivy nina "

irc_send i "INVITE nina #dev"
irc_wait i " 263 ivy INVITE "
irc_send i "PART #dev"
irc_wait i " PART #dev"
ok "invite: a lost session is refused"

# A muted inviter invites no one.
client_say bob "/oper sesame" "/mute ann"
wait_for "$T/bob.out" "ann is muted"
raw_send a '{"type":"invite","nick":"ivy","room":"dev","seq":11}'
raw_expect a '"code":"muted"'
client_say bob "/unmute ann"
wait_for "$T/bob.out" "ann may speak again"
[ "$(count_in "$T/i.irc" " INVITE ivy ")" = 1 ] || fail "a muted user invited"
ok "invite: muted"

# /invite in --batch: the room in view, another room, errors, a
# conversation.
client_say bob "/join dev"
wait_for "$T/bob.out" "you joined #dev"
client_say bob "/invite ivy"
wait_for "$T/bob.out" "invited ivy to #dev"
irc_wait i ":bob!bob@irc.test INVITE ivy #dev"
client_say bob "/invite nina #lobby"
wait_for "$T/bob.err" "nina is already in #lobby"
client_say bob "/invite @nobody"
wait_for "$T/bob.err" "no such nick"
client_say bob "/join lobby" "/invite nina dev"
wait_for "$T/bob.out" "invited nina to #dev"
raw_expect n '"type":"notice","code":"invite","subject":"bob","room":"dev"'
client_say bob "/msg nina" "/invite ivy"
wait_for "$T/bob.err" "this window is not a room: /invite NICK ROOM"
client_say bob "/invite ivy lobby"
wait_for "$T/bob.out" "invited ivy to #lobby"
client_say bob "/invite ivy lobby"
wait_for "$T/bob.err" "you invited ivy to #lobby less than 60 seconds ago"
ok "/invite in --batch: the room in view or named, errors"

# Each invite costs a flood token.
for i in $(seq 1 40); do
	printf '{"type":"invite","nick":"ivy","room":"dev"}\n'
done >&"${RAW_FD[a]}"
raw_expect a '"code":"flood"'
ok "invite is flood-limited"

client_stop bob
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
