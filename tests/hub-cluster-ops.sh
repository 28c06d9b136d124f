#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: kicks, bans and mutes act on the operator's hub only.  For
# a user of another hub, /kick, /mute, /whois and IRC's KILL say so rather
# than "no such nick", and /ban says the user stays on the other hub.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

printf 's3cret\n' >"$T/admin.pw"
start_member a
IRC_PORT=$(pick_port)
start_member b --admin-password-file "$T/admin.pw" \
    --irc-listen "127.0.0.1:$IRC_PORT" --irc-server-name b.test

on a; client_start ann ann
wait_for "$T/ann.out" "you joined #lobby"
on b; client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"
wait_for "$T/ann.out" "alice joined #lobby"
client_say alice "/oper s3cret"
wait_for "$T/alice.out" "you are now a hub operator"

client_say alice "/kick ann go away"
wait_for "$T/alice.err" "ann is on another hub of the cluster: kicks and bans act on this hub only"
grep -q "no such nick: ann" "$T/alice.err" && fail "kick: no such nick"
client_say alice "/mute ann"
wait_for "$T/alice.err" "ann is on another hub of the cluster: mutes act on this hub only"
ok "/kick and /mute of a user of another hub say it is on another hub"

client_say alice "/ban ann 1h flooding"
wait_for "$T/alice.out" "ann is banned"
wait_for "$T/alice.out" "ann is on another hub of the cluster: bans and kicks act on this hub only; ban them there too"
client_say ann "still here"
wait_for "$T/alice.out" "<ann> still here"
ok "/ban of a user of another hub says the ban does not reach her"

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

# IRC's KILL says the same in its 401.
irc_open o
irc_register o olga
irc_send o "OPER olga s3cret"
irc_wait o " 381 olga :"
irc_send o "KILL ann :bye" "KILL nobody-here :bye"
irc_wait o " 401 olga ann :ann is on another hub of the cluster: kicks and bans act on this hub only"
irc_wait o " 401 olga nobody-here :"
client_say ann "after the kill"
wait_for "$T/alice.out" "<ann> after the kill"
ok "KILL of a user of another hub: 401 that says so"

# LUSERS counts the other hub's users in the global figure (ann on a).
irc_send o "LUSERS"
irc_wait o " 265 olga 2 2 :Current local users 2, max 2"
irc_wait o " 266 olga 3 3 :Current global users 3, max 3"
ok "LUSERS: the global users include the other hub's"

client_stop alice
client_stop ann
