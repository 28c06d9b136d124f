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
client_stop op
ok "an IRC user is told who muted them and for how long"
