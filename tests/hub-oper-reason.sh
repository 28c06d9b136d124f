#!/bin/bash
# SPDX-License-Identifier: ISC
# An operator's reason for a kick, a ban or a mute is one line, as a
# leave's or a quit's: newlines become one space, for the users of the
# chatroom protocol and of IRC alike.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

printf 's3cret\n' >"$T/admin.pw"
start_irc_hub --admin-password-file "$T/admin.pw"

raw_login a alice
raw_send a '{"type":"oper","seq":1,"password":"s3cret"}'
raw_expect a '"seq":1'
raw_login w watcher
irc_open i
irc_register i ivan
irc_send i "JOIN #lobby"
irc_wait i " 366 ivan #lobby "

# A kick: the room reads it on one line, natively and on IRC.
raw_login b bob
raw_expect w '"nick":"bob"'
irc_wait i ":bob!"
raw_send a '{"type":"kick","seq":2,"nick":"bob","reason":"k1\n\nk2\r\nk3\n"}'
raw_expect a '"seq":2'
raw_expect w '"type":"kicked"'
grep -qF '"reason":"k1 k2 k3"' <<<"$RAW_LINE" || fail "kick: $RAW_LINE"
irc_wait i "k1 k2 k3"
grep -a "k1" "$T/i.irc" | grep -qv "k1 k2 k3" && fail "IRC kick: $(cat -A "$T/i.irc")"
wait_for "$HUB_LOG" "alice kicked bob: k1 k2 k3"

# A ban: the banned user and the room read one line.
raw_login c carol
raw_expect w '"nick":"carol"'
raw_send a '{"type":"ban","seq":3,"target":"carol","reason":"b1\nb2"}'
raw_expect a '"seq":3'
raw_expect w '"type":"kicked"'
grep -qF '"reason":"banned: b1 b2"' <<<"$RAW_LINE" || fail "ban: $RAW_LINE"
irc_wait i "b1 b2))"

# A mute: the muted user reads one line; only newlines is no reason.
raw_login d dave
raw_send a '{"type":"mute","seq":4,"nick":"dave","reason":"m1\r\nm2"}'
raw_expect a '"seq":4'
raw_expect d '"code":"muted"'
grep -qF 'm1 m2' <<<"$RAW_LINE" || fail "mute: $RAW_LINE"
grep -qF 'm1\n' <<<"$RAW_LINE" && fail "mute: $RAW_LINE"
raw_login e erin
raw_send a '{"type":"mute","seq":5,"nick":"erin","reason":"\n\r\n"}'
raw_expect a '"seq":5'
wait_for "$HUB_LOG" "alice muted erin for ever"
grep -a "alice muted erin for ever:" "$HUB_LOG" && fail "newlines as a mute reason"
ok "kick, ban and mute reasons are flattened to one line"

stop_hub
