#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: an operator's KILL (IRC) or mute (native) of a user of
# another hub in no room here waits for Redis to say where the user is;
# its answer still comes before the replies to the commands sent after
# it, as for WHOIS (irc-raw-cluster-order.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
need_redis_cli

printf 's3cret\n' >"$T/admin.pw"
IRC_A=$(pick_port)
start_member a --irc-listen "127.0.0.1:$IRC_A" --irc-server-name a.test \
    --admin-password-file "$T/admin.pw"
IRC_B=$(pick_port)
start_member b --irc-listen "127.0.0.1:$IRC_B" --irc-server-name b.test

# On hub b: ron and rex on IRC, in no room.  On hub a: olga, an IRC
# operator, and alice, a native one.
on b
IRC_PORT=$IRC_B
irc_open r
irc_register r ron
irc_open x
irc_register x rex
on a
IRC_PORT=$IRC_A
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

# The replies compared are connection o's (in_order, cluster-lib.sh).
ORDER_IRC=o

mark=$(($(wc -l <"$T/o.irc") + 1))
slow_redis
irc_send o "KILL nobody-here :bye" "PING :tok1"
in_order "KILL of no one, then PING" " 401 olga nobody-here " \
    "PONG a.test :tok1"
ok "KILL of a nick no hub has: 401 before the next PONG"

mark=$(($(wc -l <"$T/o.irc") + 1))
slow_redis
irc_send o "KILL ron :bye" "PING :tok2"
in_order "KILL then PING" ":ron!" "PONG a.test :tok2"
grep -q "^:ron![^ ]* QUIT :Killed (olga (bye))" "$T/o.irc" ||
    fail "KILL ron: $(grep -a ':ron!' "$T/o.irc")"
irc_closed r || fail "ron stayed on hub b after the KILL"
ok "KILL of a user of another hub in no room here: told before the PONG"

# A native operator: the mute's answer before the next request's.
slow_redis
raw_send n '{"type":"mute","seq":2,"nick":"rex","duration":"1h"}'
raw_send n '{"type":"bans","seq":3}'
raw_expect n '"seq":'
[[ $RAW_LINE == *'"seq":2'* ]] ||
    fail "mute, then bans: the bans first: $RAW_LINE"
raw_expect n '"seq":3'
ok "mute of a user of another hub in no room here: answered first"

# Redis lost: the answer says the other hubs cannot be reached, in order.
lose_redis KILL 20 a
mark=$(($(wc -l <"$T/o.irc") + 1))
irc_send o "KILL rex :bye" "PING :tok3"
in_order "Redis lost: KILL then PING" " rex " "PONG a.test :tok3"
irc_sync o
ok "Redis lost: the KILL's answer in order, and the connection goes on"

exit 0
