#!/bin/bash
# SPDX-License-Identifier: ISC
# CHATHISTORY whose range starts before the oldest message a room keeps
# (--history-size let older ones go) says so: a NOTICE to the channel
# before the batch, with how many are no longer kept, as the native
# client says of a replay.  A full page, or a range the room holds
# whole, gets no NOTICE.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test --history-size 3 --flood-rate 0

irc_open s
irc_register s sal
irc_send s "JOIN #dev"
irc_wait s " 366 sal #dev :"
irc_open h
irc_send h "CAP REQ :batch message-tags draft/chathistory" "CAP END"
irc_register h hist
irc_send h "JOIN #dev"
irc_wait h " 366 hist #dev :"
for i in 1 2 3 4 5; do
	irc_send s "PRIVMSG #dev :m$i"
	irc_wait h "PRIVMSG #dev :m$i"
done
# The msgid of message mN, as hist saw it live.
msgid() {
	grep "PRIVMSG #dev :m$1" "$T/h.irc" | head -n 1 |
	    sed 's/.*msgid=\([0-9]*\).*/\1/'
}
m1=$(msgid 1)
m2=$(msgid 2)
m4=$(msgid 4)
[ -n "$m1" ] && [ -n "$m4" ] || fail "no msgids"

# Ask and wait for the answer's end: ask REQUEST.  The lines it brought
# are in $T/answer.
ask() {
	local before
	before=$(wc -l <"$T/h.irc")
	irc_send h "$*" "PING :done$before"
	irc_wait h "PONG irc.test :done$before"
	tail -n +"$((before + 1))" "$T/h.irc" >"$T/answer"
}

# m1 and m2 were let go; the room keeps m3 to m5.
ask "CHATHISTORY LATEST #dev * 10"
grep -q ":irc.test NOTICE #dev :2 messages in #dev are no longer kept" \
    "$T/answer" || fail "LATEST *: no NOTICE: $(cat "$T/answer")"
[ "$(grep -n NOTICE "$T/answer" | cut -d: -f1)" -lt \
    "$(grep -n "BATCH +" "$T/answer" | cut -d: -f1)" ] ||
    fail "the NOTICE is not before the batch"
grep -q "PRIVMSG #dev :m3" "$T/answer" || fail "LATEST *: no m3"
ok "LATEST past what the room keeps: a NOTICE of 2 messages, then the batch"

ask "CHATHISTORY AFTER #dev msgid=$m1 10"
grep -q ":irc.test NOTICE #dev :1 message in #dev is no longer kept" \
    "$T/answer" || fail "AFTER m1: $(cat "$T/answer")"
ask "CHATHISTORY BEFORE #dev msgid=$m4 10"
grep -q ":irc.test NOTICE #dev :2 messages in #dev are no longer kept" \
    "$T/answer" || fail "BEFORE m4: $(cat "$T/answer")"
ask "CHATHISTORY AFTER #dev timestamp=2000-01-01T00:00:00.000Z 10"
grep -q ":irc.test NOTICE #dev :some messages in #dev are no longer kept" \
    "$T/answer" || fail "AFTER a timestamp: $(cat "$T/answer")"
ok "AFTER and BEFORE a msgid count what is gone; a timestamp says some"

# A full page, or a range the room holds whole: no NOTICE.
ask "CHATHISTORY LATEST #dev * 3"
ask "CHATHISTORY AFTER #dev msgid=$m2 10"
ask "CHATHISTORY BEFORE #dev msgid=$m4 1"
grep -q "NOTICE" "$T/answer" && fail "a NOTICE for a range kept whole"
[ "$(count_in "$T/h.irc" "NOTICE #dev")" = 4 ] ||
    fail "NOTICEs where nothing was lacking: $(grep NOTICE "$T/h.irc")"
ok "no NOTICE when nothing asked for is gone"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
