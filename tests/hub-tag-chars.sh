#!/bin/bash
# SPDX-License-Identifier: ISC
# Tag characters (U+E0000-E007F) hide a second text no one sees (walk
# 66): a message, topic or away text holding them is refused, but the
# flag of England (U+1F3F4, tags, U+E007F) goes through.
. "$top_srcdir/tests/lib.sh"

start_hub
raw_open a
raw_send a '{"type":"hello","version":1,"nick":"tagger"}'
raw_expect a '"type":"welcome"'
hidden='\udb40\udc69\udb40\udc67\udb40\udc6e'		# "ign" in tags
flag='\ud83c\udff4\udb40\udc67\udb40\udc62\udb40\udc65\udb40\udc6e\udb40\udc67\udb40\udc7f'
raw_send a "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"hello$hidden\",\"seq\":1}"
raw_expect a '"seq":1'
case $RAW_LINE in
*'"code":"text_invalid"'*'hidden tag characters (U+E0069)'*) ;;
*) fail "a message with tags: $RAW_LINE" ;;
esac
raw_send a "{\"type\":\"topic\",\"room\":\"lobby\",\"text\":\"t$hidden\",\"seq\":2}"
raw_expect a '"seq":2'
grep -qF '"code":"text_invalid"' <<<"$RAW_LINE" || fail "a topic: $RAW_LINE"
raw_send a "{\"type\":\"away\",\"text\":\"a$hidden\",\"seq\":3}"
raw_expect a '"seq":3'
grep -qF '"code":"text_invalid"' <<<"$RAW_LINE" || fail "an away: $RAW_LINE"
raw_send a "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"$flag$hidden\",\"seq\":4}"
raw_expect a '"seq":4'
grep -qF '"code":"text_invalid"' <<<"$RAW_LINE" ||
    fail "tags after a flag: $RAW_LINE"
ok "texts with hidden tag characters are refused"

raw_send a "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"go $flag!\",\"seq\":5}"
raw_expect a '"seq":5'
grep -qF '"type":"ack"' <<<"$RAW_LINE" || fail "the flag of England: $RAW_LINE"
ok "the flag of England is fine"

# The client refuses it before it goes, in the user's language.
if LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)"; then
	LANGUAGE=fr run_batch fr fanny "salut$(printf '\U000e0069')"
	grep -qF "le texte cache des caractères d'étiquette (U+E0069)" \
	    "$T/fr.err" || fail "French: $(cat "$T/fr.err")"
	ok "the client refuses it too, in French"
fi

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
