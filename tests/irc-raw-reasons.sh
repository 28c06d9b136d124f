#!/bin/bash
# SPDX-License-Identifier: ISC
# IRC users do not get the hub's default reasons as if a user had given
# them: a quit without a reason is "Quit", a kick without one
# "Killed (by)", a ban without one "Killed (by (banned for good))" (a
# ban's end is said, "for good" for one without), and an IRC
# user's own bare QUIT closes with "(Quit)".
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_oper_pair start_irc_hub --irc-server-name irc.test
for n in p:pat e:eve q:quinn m:mia; do
	irc_open "${n%%:*}"
	irc_register "${n%%:*}" "${n#*:}"
	irc_send "${n%%:*}" "JOIN #lobby"
	irc_wait "${n%%:*}" " 366 ${n#*:} #lobby :"
done

# A native user's end of input: the hub's "quit", no reason given.
client_stop bob
irc_wait p ":bob!bob@irc.test QUIT :"
grep -q ":bob!bob@irc.test QUIT :Quit$(printf '\r')\$" "$T/p.irc" ||
    fail "bob's quit: $(grep "bob!" "$T/p.irc" | tail -n 1)"
ok "a quit without a reason is QUIT :Quit"

# A kick without a reason: no "(kicked)" after the operator's nick.
client_say alice "/kick eve"
irc_wait p ":eve!eve@irc.test QUIT :"
grep -q ":eve!eve@irc.test QUIT :Killed (alice)$(printf '\r')\$" \
    "$T/p.irc" || fail "eve's kick: $(grep "eve!" "$T/p.irc" | tail -n 1)"
irc_wait e ":alice!alice@irc.test KILL eve :"
grep -q "KILL eve :Killed$(printf '\r')\$" "$T/e.irc" ||
    fail "eve's KILL: $(grep KILL "$T/e.irc")"
ok "a kick without a reason is Killed (alice), KILL :Killed"

# A ban without a reason: "banned", not the hub's "banned: banned".
client_say alice "/ban mia"
irc_wait p ":mia!mia@irc.test QUIT :"
grep -q ":mia!mia@irc.test QUIT :Killed (alice (banned for good))$(printf '\r')\$" \
    "$T/p.irc" || fail "mia's ban: $(grep "mia!" "$T/p.irc" | tail -n 1)"
ok "a ban without a reason is Killed (alice (banned for good))"

# An IRC user's own QUIT without a reason.
irc_send q "QUIT"
irc_wait q "ERROR :"
grep -q "ERROR :Closing link: quinn (Quit)$(printf '\r')\$" "$T/q.irc" ||
    fail "quinn's ERROR: $(grep ERROR "$T/q.irc")"
irc_wait p ":quinn!quinn@irc.test QUIT :"
grep -q ":quinn!quinn@irc.test QUIT :Quit$(printf '\r')\$" "$T/p.irc" ||
    fail "quinn's quit: $(grep "quinn!" "$T/p.irc" | tail -n 1)"
ok "a bare QUIT closes with (Quit) and others see Quit"
