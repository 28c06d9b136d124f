#!/bin/bash
# SPDX-License-Identifier: ISC
# An IRC user muted or let speak again by an operator is told by whom and
# for how long, in words, as a native user is (not "muted: ircy").
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

printf 's3cret\n' >"$T/admin.pw"
start_irc_hub --irc-server-name mute.test --admin-password-file "$T/admin.pw"
irc_open i
irc_register i ircy
client_start op boss
wait_for "$T/op.out" "you joined #lobby"
client_say op "/oper s3cret" "/mute ircy 1h"
irc_wait i ":mute.test NOTICE ircy :boss muted you for 1h: you cannot speak until then"
client_say op "/unmute ircy"
irc_wait i ":mute.test NOTICE ircy :You may speak again (boss lifted your mute)"
grep -q "NOTICE ircy :muted: ircy\|NOTICE ircy :unmuted: ircy" "$T/i.irc" &&
    fail "a bare notice code reached the IRC user"
ok "an IRC user is told who muted them and for how long"

# What a muted user sends is refused with the mute's end and reason, in
# the numeric each command calls for: 404 names a channel, 531 a nick,
# 447 a nick change.  Not the reason alone, which reads as an error of
# its own, nor a channel made of a nick ("#boss").
irc_send i "JOIN #lobby"
irc_wait i ":ircy!"
client_say op "/mute ircy 1h off-topic"
irc_wait i "(reason: off-topic)"
irc_send i "PRIVMSG #lobby :hello" "PRIVMSG boss :hello" "NICK ircy2"
irc_sync i
grep -q " 404 ircy #lobby :you are muted until 20[0-9-]* [0-9:]* UTC: off-topic" \
    "$T/i.irc" || fail "no 404 with the mute's end and reason: $(tail -n 5 "$T/i.irc")"
grep -q " 531 ircy boss :you are muted until 20[0-9-]* [0-9:]* UTC: off-topic" \
    "$T/i.irc" || fail "no 531 for a DM while muted: $(tail -n 5 "$T/i.irc")"
grep -q " 447 ircy :Cannot change nickname: you are muted until " "$T/i.irc" ||
    fail "no 447 for a nick change while muted: $(tail -n 5 "$T/i.irc")"
grep -q "#boss\|#ircy2" "$T/i.irc" && fail "a nick was named as a channel"
ok "an IRC user's refused lines say until when and why they are muted"

# The same for a native user, in the user's words.
client_start carol carol
wait_for "$T/carol.out" "you joined #lobby"
client_say op "/mute carol spam"
wait_for "$T/carol.err" "(reason: spam)"
client_say carol "hello"
wait_for "$T/carol.err" "you are muted: spam"
client_say op "/mute carol 2h"
wait_for "$T/op.out" "carol is muted until"
client_say carol "hello again"
# In local time with what is left, as the client says every end.
wait_for "$T/carol.err" "you are muted until "
grep -qE "you are muted until ([A-Z][a-z]{2} [0-9]{1,2} )?\
[0-9]{2}:[0-9]{2} \(in (1h 59m|2h)\)$" "$T/carol.err" || fail "carol was told: $(cat "$T/carol.err")"
grep -qx "chatroom: spam" "$T/carol.err" && fail "a bare reason: $(cat "$T/carol.err")"
client_stop carol
client_stop op
ok "a native user's refused lines say until when and why they are muted"
