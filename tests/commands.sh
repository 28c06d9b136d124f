#!/bin/bash
# SPDX-License-Identifier: ISC
# The commands people type first: /name is /nick, prefixes that could
# surprise are refused, and /create and /join take a room's title.
. "$top_srcdir/tests/lib.sh"

start_hub
client_start alice alice
client_start bob bob
wait_for "$T/alice.out" "connected to"
wait_for "$T/bob.out" "connected to"

# /name is an alias of /nick, not a prefix of /names.
client_say alice "/name alicia"
wait_for "$T/alice.out" "you are now known as alicia"
wait_for "$T/bob.out" "alice is now known as alicia"
ok "/name NEW changes the nick"

# Prefixes of /names that are also prefixes of the alias /name, and of
# /leave and /list, are ambiguous; nothing is sent.
client_say alice "/nam lobby" "/l" "/n" "/w"
wait_for "$T/alice.err" "ambiguous command: /nam could be /names, /name"
wait_for "$T/alice.err" "ambiguous command: /l could be /leave, /list"
wait_for "$T/alice.err" "ambiguous command: /n could be /names, /nick"
wait_for "$T/alice.err" "ambiguous command: /w could be /who, /whois, /window"
ok "ambiguous prefixes list the candidates"

# Commands that cannot be undone are never found by a prefix.
client_say alice "/q" "/qui" "/e" "/sh" "/shut now" "/re" "/rel"
wait_for "$T/alice.err" "unknown command: /rel"
for c in qui e sh shut re; do
	grep -qF "unknown command: /$c " "$T/alice.err" ||
	    fail "/$c is not refused"
done
grep -qF "unknown command: /q " "$T/alice.err" &&
    fail "/q is not a prefix of the alias /query"
# /q is /query: it opens a conversation; the client is still there.
# /wh could be the alias /who or /whois.
client_say alice "/wh" "/q bob" "/p" "/li"
wait_for "$T/alice.out" "-!- #lobby (2)"
grep -qF "ambiguous command: /wh could be /who, /whois" "$T/alice.err" ||
    fail "/wh is not ambiguous"
grep -qF "ambiguous command: /li" "$T/alice.err" && fail "/li is /list"
kill -0 "${CLIENT_PID[alice]}" || fail "a prefix quit the client"
ok "/quit, /release and /shutdown only in full; /q /p /li are aliases"

# /create with a title: the name is made of it, the title is the topic.
client_say alice "/create Book Club"
wait_for "$T/alice.out" "you joined #book-club"
client_say alice "/topic"
wait_for "$T/alice.out" "topic of #book-club: Book Club"
client_say bob "/rooms"
wait_for "$T/bob.out" "#book-club (1) Book Club"
ok "/create TITLE makes #book-club with the title as its topic"

# /join with the same title finds it; /create again is an error.
client_say bob "/join book  CLUB"
wait_for "$T/bob.out" "you joined #book-club"
wait_for "$T/alice.out" "bob joined #book-club"
client_say bob "/create Book Club"
wait_for "$T/bob.err" "the room #book-club already exists"
client_say bob "/create # - @"
wait_for "$T/bob.err" "no room name can be made of"
ok "/join TITLE finds the room; /create of the same title is refused"

# A title's limit is in characters, as a topic's: 240 Korean ones (560
# bytes) are taken, 302 are refused without asking the hub.
client_say alice "/create $(printf '독서 모임 %.0s' $(seq 40))"
wait_for "$T/alice.out" "you joined #독서-모임-독서-모임"
client_say alice "/create $(printf '가나 %.0s' $(seq 100))가나"
wait_for "$T/alice.err" "a title has at most 300 characters"
ok "/create counts a title's characters, not its bytes"

# A raw create with a topic; a bad topic is refused.
raw_open r
raw_send r '{"type":"hello","version":1,"nick":"raw"}'
raw_expect r '"welcome"'
raw_send r '{"type":"create","seq":1,"room":"tea","topic":"Tea time"}'
raw_expect r '"ack"'
raw_send r '{"type":"rooms","seq":2}'
raw_expect r '"roomlist"'
case "$RAW_LINE" in
*'"name":"tea","topic":"Tea time"'*) ;;
*) fail "create with a topic: $RAW_LINE" ;;
esac
raw_send r '{"type":"create","seq":3,"room":"tea2","topic":7}'
raw_expect r '"bad_field"'
ok "the create frame takes a topic"

client_stop alice
client_stop bob
