#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: /whois of a user of another hub says so rather than "no
# such nick"; IRC's KILL of one reaches that hub (kicks, bans and mutes
# are the cluster's: hub-cluster-ban.sh), and LUSERS counts every hub; a
# ban's end reaches the IRC users of the other hub.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

printf 's3cret\n' >"$T/admin.pw"
start_member a
IRC_PORT=$(pick_port)
start_member b --admin-password-file "$T/admin.pw" \
    --irc-listen "127.0.0.1:$IRC_PORT" --irc-server-name b.test

member_client a ann
member_client b alice
wait_for "$T/ann.out" "alice joined #lobby"
client_say alice "/oper s3cret"
wait_for "$T/alice.out" "you are now a hub operator"

client_say alice "/whois ann"
wait_for "$T/alice.err" "ann is on another hub of the cluster: whois knows this hub's users only"
ok "/whois of a user of another hub says she is on another hub"

# A nick no hub has is still no such nick, with no word of another hub.
client_say alice "/kick nobody-here" "/ban nobody-else" "/whois nobody-at-all"
wait_for "$T/alice.err" "no such nick: nobody-here"
wait_for "$T/alice.err" "no such nick: nobody-at-all"
wait_for "$T/alice.out" "nobody-else is banned"
grep -q "nobody-.* is on another hub" "$T/alice.out" "$T/alice.err" &&
    fail "a nick no hub has was said to be on another hub"
ok "a nick no hub has is still no such nick"

# LUSERS counts the other hub's users in the global figure (ann on a).
irc_open o
irc_register o olga
irc_send o "OPER olga s3cret"
irc_wait o " 381 olga :"
irc_send o "LUSERS"
irc_wait o " 265 olga 2 2 :Current local users 2, max 2"
irc_wait o " 266 olga 3 3 :Current global users 3, max 3"
ok "LUSERS: the global users include the other hub's"

# IRC's KILL of a user of another hub removes her there.
irc_send o "KILL ann :bye" "KILL nobody-here :bye"
irc_wait o " 401 olga nobody-here :"
wait_for "$T/a.log" "olga (on another hub) kicked ann: bye"
wait_until 20 eval "! kill -0 ${CLIENT_PID[ann]} 2>/dev/null" ||
    fail "ann stayed on hub a after a KILL on hub b"
ok "KILL of a user of another hub removes her there"

# A ban on hub b removes cy from hub a: an IRC user of hub b who shares
# #lobby with him reads its end in UTC and its reason in his QUIT.
member_client a cy
irc_send o "JOIN #lobby"
irc_wait o " 366 olga #lobby :"
client_say alice "/ban cy 1h spam"
irc_wait o ":cy!"
utc="20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC"
quit_re=":cy![^ ]* QUIT :Killed \(alice \(banned until $utc: spam\)\)"
wait_until 10 grep -qE "$quit_re" "$T/o.irc" ||
    fail "olga read: $(grep -a "cy!" "$T/o.irc")"
ok "a ban's end and reason reach IRC users of the other hub"

client_stop alice
client_stop ann
