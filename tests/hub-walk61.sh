#!/bin/bash
# SPDX-License-Identifier: ISC
# A hostile user against the hub (walk 61): floods of lines, invisible
# texts, multi-line reasons, join loops, seq and nesting limits, and what
# a dropped client and the operator are told.
. "$top_srcdir/tests/lib.sh"

start_hub
raw_open a
raw_send a '{"type":"hello","version":1,"nick":"blanker"}'
raw_expect a '"type":"welcome"'

# F6: at most 25 lines in one message, at most 2 blank lines in a row.
many=$(printf '.\\n%.0s' $(seq 30))
raw_send a "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"${many}END\",\"seq\":1}"
raw_expect a '"seq":1'
grep -qF '"code":"text_too_long"' <<<"$RAW_LINE" &&
    grep -qF 'more than 25 lines (this one has 31)' <<<"$RAW_LINE" ||
    fail "31 lines: $RAW_LINE"
raw_send a '{"type":"msg","room":"lobby","text":"a\n\n\n\nb","seq":2}'
raw_expect a '"seq":2'
grep -qF 'more than 2 blank lines in a row' <<<"$RAW_LINE" ||
    fail "3 blank lines: $RAW_LINE"
raw_send a '{"type":"msg","room":"lobby","text":"a\n \n\t\r\n\nb","seq":3}'
raw_expect a '"seq":3'
grep -qF '"code":"text_invalid"' <<<"$RAW_LINE" || fail "blank run: $RAW_LINE"
ok25=$(printf 'l\\n%.0s' $(seq 24))
raw_send a "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"${ok25}x\\n\\n\\ny\",\"seq\":4}"
raw_expect a '"seq":4'
grep -qF '"code":"text_too_long"' <<<"$RAW_LINE" || fail "28 lines: $RAW_LINE"
raw_send a "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"${ok25}end\",\"seq\":5}"
raw_expect a '"seq":5'
grep -qF '"type":"ack"' <<<"$RAW_LINE" || fail "25 lines refused: $RAW_LINE"
raw_send a '{"type":"msg","room":"lobby","text":"def f():\n\n\n    pass","seq":6}'
raw_expect a '"seq":6'
grep -qF '"type":"ack"' <<<"$RAW_LINE" || fail "2 blank lines: $RAW_LINE"
ok "a message has at most 25 lines and 2 blank ones in a row"

# F12: a text of only invisible characters is empty.
n=10
for t in '\u200b\u200b' '\u3164' '\u115f\u1160' '\u2800\u2800\u2800' \
    '\u00a0\u00a0' ' \ufeff\n\u2060 '; do
	n=$((n + 1))
	raw_send a "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"$t\",\"seq\":$n}"
	raw_expect a "\"seq\":$n"
	grep -qF '"code":"text_invalid"' <<<"$RAW_LINE" ||
	    fail "invisible text $t: $RAW_LINE"
done
raw_send a '{"type":"msg","room":"lobby","text":"\u200bhi\u2800","seq":20}'
raw_expect a '"seq":20'
grep -qF '"type":"ack"' <<<"$RAW_LINE" || fail "visible text: $RAW_LINE"
ok "a text of only invisible characters is refused as empty"

# F7: a leave or quit reason is one line: newlines become one space.
raw_open w
raw_send w '{"type":"hello","version":1,"nick":"watcher"}'
raw_expect w '"type":"welcome"'
raw_open l
raw_send l '{"type":"hello","version":1,"nick":"leaver"}'
raw_expect l '"type":"welcome"'
raw_expect w '"nick":"leaver"'
raw_send l '{"type":"leave","room":"lobby","reason":"\n\n\nx\r\ny\n","seq":1}'
raw_expect l '"seq":1'
raw_expect w '"type":"left"'
grep -qF '"reason":"x y"' <<<"$RAW_LINE" || fail "leave reason: $RAW_LINE"
raw_send l '{"type":"join","room":"lobby","seq":2}'
raw_expect w '"type":"joined"'
raw_send l '{"type":"leave","room":"lobby","reason":"\n\r\n","seq":3}'
raw_expect w '"type":"left"'
grep -qF '"reason"' <<<"$RAW_LINE" && fail "newlines as a reason: $RAW_LINE"
raw_send l '{"type":"join","room":"lobby","seq":4}'
raw_expect w '"type":"joined"'
raw_send l '{"type":"quit","reason":"q1\nq2\r\nq3"}'
raw_expect w '"type":"signoff"'
grep -qF '"reason":"q1 q2 q3"' <<<"$RAW_LINE" || fail "quit reason: $RAW_LINE"
ok "leave and quit reasons are flattened to one line"

# F14: joins, each of which replays history, have a bucket of their own:
# 40 at once (the lobby's at login is one), then one every 6 s.
stop_hub
start_hub --flood-burst 1000 --flood-rate 1000
raw_open j
raw_send j '{"type":"hello","version":1,"nick":"looper"}'
raw_expect j '"type":"welcome"'
joins=0 refused=
for i in $(seq 1 100); do
	raw_send j "{\"type\":\"leave\",\"room\":\"lobby\",\"seq\":$((i * 2))}"
	raw_expect j "\"seq\":$((i * 2))"
	raw_send j "{\"type\":\"join\",\"room\":\"lobby\",\"seq\":$((i * 2 + 1))}"
	raw_expect j "\"seq\":$((i * 2 + 1))"
	case $RAW_LINE in
	*'"type":"ack"'*) joins=$((joins + 1)) ;;
	*) refused=$RAW_LINE; break ;;
	esac
done
[ -n "$refused" ] || fail "100 rejoins in a row were all taken"
grep -qF '"code":"flood"' <<<"$refused" &&
    grep -qF 'too many joins: at most 40 at once, then one every 6 s' \
    <<<"$refused" || fail "rejoin refusal: $refused"
[ "$joins" -ge 39 ] && [ "$joins" -le 50 ] || fail "$joins rejoins taken"
ok "a leave and join loop is refused after 40 joins"

# F9: a native client dropped for excess flood is told why, last.
stop_hub
start_hub
raw_open f
raw_send f '{"type":"hello","version":1,"nick":"floodnat"}'
raw_expect f '"type":"welcome"'
for i in $(seq 1 200); do
	printf '{"type":"msg","room":"lobby","text":"f","seq":%d}\n' "$i"
done >&"${RAW_FD[f]}"
raw_expect f '"code":"excess_flood"' 30
grep -qF 'the connection is closed and the session ended' <<<"$RAW_LINE" ||
    fail "excess flood: $RAW_LINE"
raw_closed f 30 || fail "not closed after excess_flood"
ok "a native client dropped for flooding gets excess_flood last"

# F5: connections closed for a line too long, native and IRC, and bad
# frames are in the metrics.
stop_hub
MPORT=$(pick_port)
IRC_PORT=$(pick_port)
start_hub --irc-listen "127.0.0.1:$IRC_PORT" --metrics "127.0.0.1:$MPORT"
raw_open m
raw_send m '{"type":"hello","version":1,"nick":"prober"}'
raw_expect m '"type":"welcome"'
raw_send m '{"type":"msg",'
raw_expect m '"code":"bad_json"'
raw_send m '{"type":"nosuch"}'
raw_expect m '"code":"bad_type"'
raw_send m '{"type":"rooms","seq":"x"}'
raw_expect m '"code":"bad_field"'
printf '{"type":"msg","x":"\377"}\n' >&"${RAW_FD[m]}"
raw_expect m '"code":"bad_utf8"'
head -c 200000 /dev/zero | tr '\0' 'a' >&"${RAW_FD[m]}"
raw_expect m '"code":"line_too_long"' 30
raw_closed m 30 || fail "not closed after line_too_long"
for r in bad_json bad_utf8 bad_type bad_field; do
	[ "$(metric "$MPORT" "chatroom_bad_frames_total{reason=\"$r\"}")" = 1 ] ||
	    fail "$r: $(metric "$MPORT" "chatroom_bad_frames_total{reason=\"$r\"}")"
done
[ "$(metric "$MPORT" chatroom_line_too_long_disconnects_total)" = 1 ] ||
    fail "native line too long: not counted"
exec {ifd}<>"/dev/tcp/127.0.0.1/$IRC_PORT" || fail "no IRC listener"
{ printf '@'; head -c 12000 /dev/zero | tr '\0' 'a'; printf ' PRIVMSG #x :t\r\n'; } \
    >&"$ifd"
timeout 30 cat <&"$ifd" >"$T/irc.out"
exec {ifd}>&-
grep -q "too long" "$T/irc.out" || fail "IRC: $(cat "$T/irc.out")"
[ "$(metric "$MPORT" chatroom_line_too_long_disconnects_total)" = 2 ] ||
    fail "IRC line too long: not counted"
ok "line-too-long disconnects and bad frames are in the metrics"

# F3: a seq a double cannot hold exactly is refused, not acked as another.
raw_open q
raw_send q '{"type":"hello","version":1,"nick":"seqer"}'
raw_expect q '"type":"welcome"'
raw_send q '{"type":"msg","room":"lobby","text":"x","seq":9007199254740993}'
raw_expect q '"type":"error"'
grep -qF '"code":"bad_field"' <<<"$RAW_LINE" &&
    grep -qF 'must be an integer of at most 9007199254740991' <<<"$RAW_LINE" ||
    fail "seq 2^53+1: $RAW_LINE"
raw_send q '{"type":"msg","room":"lobby","text":"x","seq":9007199254740991}'
raw_expect q '"type":"ack"'
grep -qF '"seq":9007199254740991' <<<"$RAW_LINE" || fail "seq 2^53-1: $RAW_LINE"
raw_send q '{"type":"join","room":99999999999999999999,"seq":7}'
raw_expect q '"seq":7'
grep -qF 'as a number must be an integer from 1 to' <<<"$RAW_LINE" ||
    fail "room 1e20: $RAW_LINE"
ok "a seq or room number past 2^53 - 1 is refused as such"

# F4: JSON nested too deeply is named as such, not as invalid JSON.
raw_open d
raw_send d '{"type":"hello","version":1,"nick":"deeper"}'
raw_expect d '"type":"welcome"'
deep=$(printf '%16000s' '' | tr ' ' '[')$(printf '%16000s' '' | tr ' ' ']')
raw_send d "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"deep\",\"x\":$deep,\"seq\":57}"
raw_expect d '"seq":57'
grep -qF '"code":"bad_json"' <<<"$RAW_LINE" &&
    grep -qF 'nested more than 1000 levels deep (at byte 1046)' <<<"$RAW_LINE" ||
    fail "deep JSON: $RAW_LINE"
ok "too deep JSON is named as such"

# F6, the client's side: runs of blank lines are cut to 2 before they
# go, and a message of more than 25 lines is refused in the user's words.
raw_open o
raw_send o '{"type":"hello","version":1,"nick":"onlooker"}'
raw_expect o '"type":"welcome"'
run_batch sq squeezer 'top \' '\' '\' '\' '\' 'bottom'
raw_expect o '"nick":"squeezer","text"'
grep -qF '"text":"top\n\n\nbottom"' <<<"$RAW_LINE" ||
    fail "blank run not cut: $RAW_LINE"
lines=()
for i in $(seq 1 29); do lines+=("l$i \\"); done
run_batch sq2 squeezer2 "${lines[@]}" 'l30'
grep -qF 'message has too many lines (30, at most 25)' "$T/sq2.err" ||
    fail "30 lines: $(cat "$T/sq2.err")"
ok "the client cuts blank runs and says when a message has too many lines"

stop_hub
