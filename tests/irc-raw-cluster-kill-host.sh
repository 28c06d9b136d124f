#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: the user an operator of another hub kills (IRC KILL or
# the native /kick) gets a KILL from the operator as IRC names it, with
# its own hub's server name as host (nick!nick@a.test), not the victim's.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

printf 's3cret\n' >"$T/admin.pw"
IRC_A=$(pick_port)
start_member a --irc-listen "127.0.0.1:$IRC_A" --irc-server-name a.test \
    --admin-password-file "$T/admin.pw"
IRC_B=$(pick_port)
start_member b --irc-listen "127.0.0.1:$IRC_B" --irc-server-name b.test

# On hub b: ron and rex on IRC.  On hub a: olga, an IRC operator, and
# alice, a native one.
irc_on b
irc_open r
irc_register r ron
irc_open x
irc_register x rex
irc_on a
irc_open o
irc_register o olga
irc_send o "OPER olga s3cret"
irc_wait o " 381 olga :"
raw_login n alice
raw_send n '{"type":"oper","seq":1,"password":"s3cret"}'
raw_expect n '"type":"ack","seq":1'

# Hub a finds ron and rex through Redis once hub b has put them there.
n=0
got_303s() {
	[ "$(grep -c ' 303 olga :' "$T/o.irc")" -ge "$n" ]
}
ison_both() {
	n=$((n + 1))
	irc_send o "ISON ron rex"
	wait_until 10 got_303s
	grep -qF ' 303 olga :ron rex' "$T/o.irc"
}
wait_until 10 ison_both || fail "ISON ron rex: never found"
# And hub b knows hub a's name (at its next heartbeat).
wait_until 10 irc_who_host x olga rex a.test ||
    fail "hub b never named olga's hub a.test"

irc_send o "KILL ron :bye"
irc_wait r " KILL ron "
grep -q "^:olga!olga@a.test KILL ron :bye" "$T/r.irc" ||
    fail "KILL from another hub: $(grep -a ' KILL ' "$T/r.irc")"
ok "IRC KILL from an operator of another hub: from olga!olga@a.test"

raw_send n '{"type":"kick","seq":2,"nick":"rex","reason":"out"}'
irc_wait x " KILL rex "
grep -q "^:alice!alice@a.test KILL rex :out" "$T/x.irc" ||
    fail "/kick from another hub: $(grep -a ' KILL ' "$T/x.irc")"
ok "native /kick from an operator of another hub: from alice!alice@a.test"
