#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: names go to Redis in NFC.  A nick in use on one hub,
# spelled with precomposed characters, is refused on the other hub in its
# decomposed spelling, and the other way round; a room made on one hub
# and joined decomposed on the other is the same room.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

ELODIE=$'\xc3\xa9lodie'				# U+00E9
ELODIE_NFD=$'e\xcc\x81lodie'			# e U+0301
MINSU=$'\xeb\xaf\xbc\xec\x88\x98'		# 민수, two syllables
MINSU_NFD=$'\xe1\x84\x86\xe1\x85\xb5\xe1\x86\xab\xe1\x84\x89\xe1\x85\xae'
SEOUL=$'\xec\x84\x9c\xec\x9a\xb8'		# 서울
SEOUL_NFD=$'\xe1\x84\x89\xe1\x85\xa5\xe1\x84\x8b\xe1\x85\xae\xe1\x86\xaf'

start_member a
start_member b

on a; raw_login ea "$ELODIE"
on b; raw_login mb "$MINSU_NFD"
[[ $RAW_LINE == *"\"nick\":\"$MINSU\""* ]] ||
    fail "hub b did not keep 민수 composed: $RAW_LINE"
on b; raw_open eb
raw_send eb "{\"type\":\"hello\",\"version\":1,\"nick\":\"$ELODIE_NFD\"}"
raw_expect eb '"type":"error"'
[[ $RAW_LINE == *'"code":"nick_taken"'* ]] ||
    fail "hub b let in the decomposed spelling of élodie: $RAW_LINE"
on a; raw_open ma
raw_send ma "{\"type\":\"hello\",\"version\":1,\"nick\":\"$MINSU\"}"
raw_expect ma '"type":"error"'
[[ $RAW_LINE == *'"code":"nick_taken"'* ]] ||
    fail "hub a let in 민수 given decomposed on hub b: $RAW_LINE"
ok "a nick in use on one hub is taken on the other in either spelling"

join_ok ea "$SEOUL" 1
join_ok mb "$SEOUL_NFD" 2
raw_send mb "{\"type\":\"msg\",\"room\":\"$SEOUL_NFD\","\
"\"text\":\"across hubs\",\"seq\":3}"
raw_expect ea '"text":"across hubs"' 20
[[ $RAW_LINE == *"\"room\":\"$SEOUL\""* ]] ||
    fail "the message came in another room: $RAW_LINE"
ok "a room joined decomposed on another hub is the same room"
exit 0
