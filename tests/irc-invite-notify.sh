#!/bin/bash
# SPDX-License-Identifier: ISC
# invite-notify: the members of a channel who asked for it see an INVITE
# line when someone is invited into it, whether by IRC's INVITE or by the
# native invite; the others, and the inviter (who has 341), do not.  The
# INVITE carries time with server-time, and time and a msgid with
# message-tags, to the user invited as to the members told.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test

# Register after CAP REQ: irc_capreg NAME NICK CAPS.
irc_capreg() {
	irc_send "$1" "CAP LS 302" "NICK $2" "USER $2 0 * :$2" \
	    "CAP REQ :$3" "CAP END"
	irc_wait "$1" "CAP $2 ACK :$3"
	irc_wait "$1" " 001 $2 "
}

irc_open a
irc_send a "CAP LS 302"
irc_wait a "invite-notify"
irc_capreg a ann "invite-notify server-time"
irc_open c
irc_capreg c cid "invite-notify message-tags"
irc_open p
irc_capreg p pat "invite-notify"
irc_open b
irc_register b bob
irc_open d
irc_capreg d dan "message-tags"
irc_open e
irc_register e eve
raw_open n
raw_send n '{"type":"hello","version":1,"nick":"nina"}'
raw_expect n '"type":"welcome"'
ok "CAP LS offers invite-notify, and CAP REQ takes it"

for x in a:ann c:cid p:pat b:bob; do
	irc_send "${x%%:*}" "JOIN #dev"
	irc_wait "${x%%:*}" " 366 ${x#*:} #dev :"
done
raw_send n '{"type":"join","room":"dev"}'
irc_wait a ":nina!nina@irc.test JOIN #dev"

# ann invites dan: dan gets INVITE with time and msgid; cid (tags) and
# pat (none) are told; bob did not ask, ann has her 341.
irc_send a "INVITE dan #dev"
irc_wait a " 341 ann dan :#dev"
irc_wait d ":ann!ann@irc.test INVITE dan #dev"
irc_wait c ":ann!ann@irc.test INVITE dan #dev"
irc_wait p ":ann!ann@irc.test INVITE dan #dev"
grep -E '^@(time=[-0-9T:.]+Z;msgid=[0-9]+|msgid=[0-9]+;time=[-0-9T:.]+Z) :ann!ann@irc\.test INVITE dan #dev' \
    "$T/d.irc" >/dev/null || fail "dan's INVITE lacks time and msgid"
grep -E '^@(time=[-0-9T:.]+Z;msgid=[0-9]+|msgid=[0-9]+;time=[-0-9T:.]+Z) :ann!ann@irc\.test INVITE dan #dev' \
    "$T/c.irc" >/dev/null || fail "cid's INVITE lacks time and msgid"
grep -q '^:ann!ann@irc\.test INVITE dan #dev' "$T/p.irc" ||
    fail "pat's INVITE has tags it did not ask for"
ok "INVITE: the user and the members with invite-notify, with their tags"

# A native invite tells them too; ann (server-time alone) gets time only.
raw_send n '{"type":"invite","nick":"eve","room":"dev"}'
irc_wait e ":nina!nina@irc.test INVITE eve #dev"
irc_wait a ":nina!nina@irc.test INVITE eve #dev"
irc_wait c ":nina!nina@irc.test INVITE eve #dev"
grep -E '^@time=[-0-9T:.]+Z :nina!nina@irc\.test INVITE eve #dev' \
    "$T/a.irc" >/dev/null || fail "ann's INVITE: not time alone"
irc_send b "PING :end"
irc_wait b "PONG irc.test :end"
grep -q " INVITE " "$T/b.irc" && fail "bob was told without invite-notify"
grep -q " INVITE dan " "$T/a.irc" && fail "the inviter was told her own"
ok "a native invite is told too; not to bob, nor to the inviter"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
