#!/bin/bash
# SPDX-License-Identifier: ISC
# --metrics counts moderation: kicks, bans, unbans, mutes and unmutes by
# operators of this hub, by protocol (IRC KILL is a kick, KLINE a ban,
# UNKLINE an unban); operator logins, right, wrong, and refused after too
# many wrong ones (a flood of OPER is a security signal); and the bans and
# mutes that ran out.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

printf 's3cret\n' >"$T/admin.pw"
start_irc_hub --irc-server-name metrics.test \
    --admin-password-file "$T/admin.pw" --metrics "127.0.0.1:%PORT%"
MPORT=${HUB_PORTS[1]}

# m NAME: the value of a sample of /metrics, NAME with its labels.
m() {
	metric "$MPORT" "$1"
}

# Is the sample NAME this value now?
m_is() {
	[ "$(m "$1")" = "$2" ]
}

[ "$(m 'chatroom_oper_logins_total{result="ok"}')" = 0 ] ||
    fail "no oper logins counter: $(m 'chatroom_oper_logins_total{result="ok"}')"

# On the chatroom protocol: a wrong password, then the right one.
raw_login a alice
raw_send a '{"type":"oper","seq":1,"password":"nope"}'
raw_expect a '"seq":1'
raw_send a '{"type":"oper","seq":2,"password":"s3cret"}'
raw_expect a '"seq":2'
for who in bob eve frank; do
	raw_login "$who" "$who"
done
raw_send a '{"type":"kick","seq":3,"nick":"bob","reason":"out"}'
raw_expect a '"seq":3'
raw_send a '{"type":"ban","seq":4,"target":"carol","reason":"spam"}'
raw_expect a '"seq":4'
raw_send a '{"type":"unban","seq":5,"target":"carol"}'
raw_expect a '"seq":5'
raw_send a '{"type":"mute","seq":6,"nick":"eve"}'
raw_expect a '"seq":6'
raw_send a '{"type":"unmute","seq":7,"nick":"eve"}'
raw_expect a '"seq":7'
raw_send a '{"type":"mute","seq":8,"nick":"frank","duration":"1s"}'
raw_expect a '"seq":8'
for op in kick ban unban unmute; do
	m_is "chatroom_oper_actions_total{action=\"$op\",protocol=\"json\"}" 1 ||
	    fail "$op: $(m "chatroom_oper_actions_total{action=\"$op\",protocol=\"json\"}")"
done
m_is 'chatroom_oper_actions_total{action="mute",protocol="json"}' 2 ||
    fail "mutes: $(m 'chatroom_oper_actions_total{action="mute",protocol="json"}')"
m_is 'chatroom_oper_logins_total{result="ok"}' 1 || fail "oper ok not counted"
m_is 'chatroom_oper_logins_total{result="wrong_password"}' 1 ||
    fail "the wrong password not counted"
ok "kick, ban, unban, mute, unmute and oper are counted"

wait_until 20 m_is 'chatroom_bans_ended_total{kind="mute"}' 1 ||
    fail "the mute that ran out: $(m 'chatroom_bans_ended_total{kind="mute"}')"
m_is 'chatroom_bans_ended_total{kind="ban"}' 0 || fail "a ban ended?"
ok "a mute that ran out is counted"

# On IRC: OPER, KILL, KLINE, UNKLINE.
irc_open o
irc_register o olga
irc_send o "OPER olga s3cret"
irc_wait o " 381 olga :"
raw_login z zed
irc_send o "KILL zed :go"
wait_for "$HUB_LOG" "olga kicked zed: go"
irc_send o "KLINE 5 *@127.0.0.9 :no"
irc_wait o ":metrics.test NOTICE olga :banned: 127.0.0.9"
irc_send o "UNKLINE *@127.0.0.9"
wait_for "$HUB_LOG" "olga lifted the ban on 127.0.0.9"
irc_sync o
for op in kick ban unban; do
	m_is "chatroom_oper_actions_total{action=\"$op\",protocol=\"irc\"}" 1 ||
	    fail "IRC $op: $(m "chatroom_oper_actions_total{action=\"$op\",protocol=\"irc\"}")"
done
m_is 'chatroom_oper_actions_total{action="kick",protocol="json"}' 1 ||
    fail "a KILL counted as the chatroom protocol's"
m_is 'chatroom_oper_logins_total{result="ok"}' 2 || fail "OPER not counted"
ok "KILL, KLINE and UNKLINE are counted as IRC's"

# A flood of wrong passwords from one address: refused after a few.
irc_open f from=127.0.0.7
irc_register f mallory
for i in 1 2 3 4 5 6 7; do
	irc_send f "OPER mallory guess$i"
	irc_sync f
done
# Every try answered (a password may be checked off the loop).
tried() {
	wrong=$(m 'chatroom_oper_logins_total{result="wrong_password"}')
	throttled=$(m 'chatroom_oper_logins_total{result="throttled"}')
	[ "$((wrong + throttled))" -eq 8 ]
}
wait_until 20 tried || fail "wrong passwords $wrong, refused $throttled"
[ "$throttled" -ge 1 ] || fail "none of 7 wrong passwords refused"
ok "a flood of wrong operator passwords is counted, and its refusals"
