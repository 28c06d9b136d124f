#!/bin/bash
# SPDX-License-Identifier: ISC
# Services' nicks (NickServ, ChanServ, ...) and the hub's own server
# name are held: neither a native nor an IRC client may take
# them, whatever their case, so no one collects the "IDENTIFY password"
# lines IRC clients send NickServ by themselves.  Those lines are
# answered with a NOTICE (the hub has no services, use SASL) and go
# nowhere.  Nicks and rooms that mix Latin with Cyrillic or Greek letters
# ("аlice" with a Cyrillic а) are refused; one script alone is fine.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test --max-clients-per-ip 100 \
    --login-burst 100

# Native: a hello with a held nick is refused with nick_reserved.
n=0
for nick in NickServ nickserv CHANSERV OperServ MemoServ HostServ BotServ \
    SaslServ Global irc.test IRC.TEST 'Ｎickserv'; do
	n=$((n + 1))
	raw_open "h$n"
	raw_send "h$n" "{\"type\":\"hello\",\"version\":1,\"nick\":\"$nick\"}"
	raw_expect "h$n" '"type":"error"'
	case $RAW_LINE in
	*'"code":"nick_reserved"'*) ;;
	# Fullwidth letters are refused in any new nick as well.
	*'"code":"nick_invalid"'*'fullwidth'*) [ "$nick" = 'Ｎickserv' ] ||
	    fail "native hello as $nick: $RAW_LINE" ;;
	*) fail "native hello as $nick: $RAW_LINE" ;;
	esac
	raw_closed "h$n" || fail "a refused hello's connection stayed open"
done
ok "native hellos with held nicks are refused (nick_reserved)"

# Native: a nick change to one is refused too.
raw_login ann ann
raw_send ann '{"type":"nick","nick":"NickServ","seq":5}'
raw_expect ann '"seq":5'
case $RAW_LINE in
*'"code":"nick_reserved"'*) ;;
*) fail "native nick change to NickServ: $RAW_LINE" ;;
esac
ok "a native nick change to NickServ is refused"

# IRC: NICK at registration and after, 432 with the reason.
irc_open e
irc_send e "NICK NickServ" "USER x 0 * :x"
irc_wait e " 432 * NickServ :Erroneous nickname: the nick NickServ is reserved"
irc_send e "NICK irc.test"
irc_wait e " 432 * irc.test :Erroneous nickname: the nick irc.test is reserved"
irc_register e newbie
irc_send e "NICK chanserv"
irc_wait e " 432 newbie chanserv :Erroneous nickname: the nick chanserv is reserved"
ok "IRC NICK NickServ and the server's name are refused (432)"

# IRC: IDENTIFY to NickServ is answered and goes nowhere.
irc_send e "PRIVMSG NickServ :IDENTIFY hunter2"
irc_wait e ":irc.test NOTICE newbie :NickServ: this hub has no services"
irc_send e "NOTICE ChanServ :hello"
irc_wait e ":irc.test NOTICE newbie :ChanServ: this hub has no services"
irc_send e "PRIVMSG NickServ@services.example :IDENTIFY hunter3"
irc_wait e ":irc.test NOTICE newbie :NickServ: this hub has no services"
irc_send e "PRIVMSG ann :hi"
raw_expect ann '"text":"hi"'
irc_sync e
grep -q hunter "$HUB_LOG" && fail "the password is in the hub's log"
grep -q ' 401 ' "$T/e.irc" && fail "a 401 for a service"
ok "PRIVMSG/NOTICE to services answered with a NOTICE, the text kept nowhere"

# Mixed scripts: refused for nicks (native and IRC) and rooms.
raw_open m1
raw_send m1 '{"type":"hello","version":1,"nick":"\u0430lice"}'
raw_expect m1 '"type":"error"'
case $RAW_LINE in
*'"code":"nick_invalid"'*'mix Latin, Greek and Cyrillic'*) ;;
*) fail "mixed-script native nick: $RAW_LINE" ;;
esac
raw_open m2
raw_send m2 '{"type":"hello","version":1,"nick":"b\u03bfb"}'
raw_expect m2 '"type":"error"'
case $RAW_LINE in
*'"code":"nick_invalid"'*) ;;
*) fail "Latin+Greek native nick: $RAW_LINE" ;;
esac
irc_send e "NICK nі"
irc_wait e " 432 newbie nі :Erroneous nickname: a nick may not mix Latin"
irc_send e "JOIN #lоbby"
irc_wait e " 476 newbie #lоbby :"
raw_send ann '{"type":"join","room":"l\u043ebby","seq":6}'
raw_expect ann '"seq":6'
case $RAW_LINE in
*'"code":"room_invalid"'*'mix Latin, Greek and Cyrillic'*) ;;
*) fail "mixed-script room: $RAW_LINE" ;;
esac
ok "mixed-script nicks and rooms are refused"

# Fullwidth, circled and mathematical letters pass for plain ones:
# "ａｌｉｃｅ", "ⓐlice" and "𝐚lice" are refused as new nicks, "ｌobby" as
# a new room.
n=0
for nick in '\uff41\uff4c\uff49\uff43\uff45' '\u24d0lice' '\ud835\udc1alice' \
    'bob\uff11'; do
	n=$((n + 1))
	raw_open "c$n"
	raw_send "c$n" "{\"type\":\"hello\",\"version\":1,\"nick\":\"$nick\"}"
	raw_expect "c$n" '"type":"error"'
	case $RAW_LINE in
	*'"code":"nick_invalid"'*'fullwidth, circled or mathematical'*) ;;
	*) fail "compatibility-form nick $nick: $RAW_LINE" ;;
	esac
done
irc_send e "NICK ａｌｉｃｅ"
irc_wait e " 432 newbie ａｌｉｃｅ :Erroneous nickname: a nick may not use fullwidth"
raw_send ann '{"type":"join","room":"\uff4cobby","seq":16}'
raw_expect ann '"seq":16'
case $RAW_LINE in
*'"code":"room_invalid"'*'fullwidth, circled or mathematical'*) ;;
*) fail "fullwidth room: $RAW_LINE" ;;
esac
ok "fullwidth, circled and mathematical look-alikes are refused"

# A zero-width space, a BOM or a direction control is named, not called
# a space, comma, quote or control character.
n=0
for pair in 'bob\u200b:200B' 'bo\ufeffb:FEFF' 'ali\u202ece:202E'; do
	n=$((n + 1))
	raw_open "z$n"
	raw_send "z$n" "{\"type\":\"hello\",\"version\":1,\"nick\":\"${pair%:*}\"}"
	raw_expect "z$n" '"type":"error"'
	case $RAW_LINE in
	*"invisible characters or text direction controls (U+${pair#*:})"*) ;;
	*) fail "nick ${pair%:*}: $RAW_LINE" ;;
	esac
done
raw_send ann '{"type":"join","room":"a\u200bb","seq":17}'
raw_expect ann '"seq":17'
case $RAW_LINE in
*'"code":"room_invalid"'*'invisible characters or text direction controls (U+200B)'*) ;;
*) fail "room with a ZWSP: $RAW_LINE" ;;
esac
ok "invisible characters in a name are named"

raw_login ru 'алиса'
raw_login gr 'Αλίκη'
raw_send ann '{"type":"join","room":"общий","seq":7}'
raw_expect ann '"seq":7'
case $RAW_LINE in
*'"type":"error"'*) fail "a Cyrillic room was refused: $RAW_LINE" ;;
esac
irc_send e "NICK Вася_2"
irc_wait e ":newbie!newbie@irc.test NICK :Вася_2"
ok "single-script Cyrillic and Greek nicks and rooms are fine"

# The terminal client: the same refusals, in the user's language.
run_batch ns NickServ "hello"
[ "$BATCH_RC" -ne 0 ] || fail "the client logged in as NickServ"
grep -q "reserved" "$T/ns.err" || fail "NickServ: $(cat "$T/ns.err")"
if LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)"; then
	LANGUAGE=fr run_batch fr fanny "/nick $(printf '\u0430lice')" \
	    "/join #$(printf 'l\u043ebby')"
	for want in "un pseudo ne peut pas mêler lettres latines, grecques et cyrilliques (U+0430)" \
	    "un nom de salon ne peut pas mêler lettres latines, grecques et cyrilliques (U+043E)"; do
		grep -qF "$want" "$T/fr.err" ||
		    fail "fr: no '$want': $(cat "$T/fr.err")"
	done
	ok "the client refuses them too, in French"
fi

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
