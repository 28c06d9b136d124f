#!/bin/bash
# SPDX-License-Identifier: ISC
# Hardening, second round (issue 19): each attack is reproduced against
# the real hub and shown to fail.
. "$top_srcdir/tests/lib.sh"

# Run a hub that is expected to refuse to start; its output goes to
# $T/refused.txt and its exit status to RC.  Standard error goes through a
# pipe, so that a file size limit set by the caller does not touch it.
run_refused() {
	( "$@" 2>&1; echo "rc=$?" ) | cat >"$T/refused.txt"
	RC=$(sed -n 's/^rc=//p' "$T/refused.txt")
}

# Item 22: a numeric option out of range names the option and its range,
# on the command line and in a configuration file.
run_refused "$CHATROOM" --serve --insecure --flood-burst 100000
[ "$RC" = 2 ] || fail "--flood-burst 100000: exit status $RC, not 2"
grep -qF -- "--flood-burst: invalid value '100000' (expected an integer from 1 to 10000)" \
    "$T/refused.txt" || fail "--flood-burst: $(cat "$T/refused.txt")"
printf 'FLUSH_INTERVAL=0\n' >"$T/hub.conf"
run_refused "$CHATROOM" --serve --insecure --config "$T/hub.conf"
grep -qF "hub.conf:1: FLUSH_INTERVAL: invalid value '0' (expected an integer from 1 to 3600)" \
    "$T/refused.txt" || fail "FLUSH_INTERVAL=0: $(cat "$T/refused.txt")"
ok "a bad number names the option or key and its range"

# Item 21: a FIFO as the history file is refused at once (it used to block
# the hub for ever in open()).
mkfifo "$T/fifo.json"
run_refused timeout 10 "$CHATROOM" --serve --insecure \
    --listen 127.0.0.1:0 --history "$T/fifo.json"
[ "$RC" = 1 ] || fail "FIFO history: exit status $RC, not 1"
grep -qF "fifo.json: the history must be a regular file, not a FIFO" \
    "$T/refused.txt" || fail "FIFO history: $(cat "$T/refused.txt")"
mkdir "$T/dir.json"
run_refused timeout 10 "$CHATROOM" --serve --insecure \
    --listen 127.0.0.1:0 --history "$T/dir.json"
grep -qF "not a directory" "$T/refused.txt" ||
    fail "directory history: $(cat "$T/refused.txt")"
ok "a history path that is not a regular file is refused at start"

# Item 20: a first TLS start on a full disk (here: a file size limit)
# fails and leaves neither half of the pair; the next start makes both.
mkdir "$T/tls"
run_refused bash -c "trap '' XFSZ; ulimit -f 0; exec \"\$0\" --serve \
    --listen 127.0.0.1:0 --history '$T/tls/history.json'" "$CHATROOM"
[ "$RC" = 1 ] || fail "full disk: exit status $RC, not 1"
grep -qF "hub-key.pem" "$T/refused.txt" ||
    fail "full disk: $(cat "$T/refused.txt")"
left=$(ls -A "$T/tls")
[ -z "$left" ] || fail "full disk left files: $left"
ok "a failed first TLS start leaves no half-written key or certificate"

# A half pair (an empty key, as older versions left) is named, with the
# way out.
: >"$T/tls/hub-key.pem"
run_refused timeout 10 "$CHATROOM" --serve --listen 127.0.0.1:0 \
    --history "$T/tls/history.json"
[ "$RC" = 1 ] || fail "half pair: exit status $RC, not 1"
grep -qF "hub-cert.pem is missing and $T/tls/hub-key.pem is empty" \
    "$T/refused.txt" && grep -qF "remove both to make a new pair" \
    "$T/refused.txt" || fail "half pair: $(cat "$T/refused.txt")"
rm -f "$T/tls/hub-key.pem"
: >"$T/tls/hub-key.pem.tmp.AbC123"	# as if killed while writing it
INSECURE='' start_hub --history "$T/tls/history.json"
[ -s "$T/tls/hub-cert.pem" ] && [ -s "$T/tls/hub-key.pem" ] ||
    fail "no certificate and key after a normal start"
[ -e "$T/tls/hub-key.pem.tmp.AbC123" ] && fail "temporary key file left"
stop_hub
ok "a half-written pair is detected and named"

# Item 11: what a client chooses (here a quit reason) cannot forge a log
# line or put escape sequences in the log; printable UTF-8 stays readable.
start_hub
raw_open inj
raw_send inj '{"type":"hello","version":1,"nick":"mallory"}'
raw_expect inj '"type":"welcome"'
raw_send inj '{"type":"quit","reason":"héllo wörld\n2000-01-01 00:00:00.000 warning: forged\u001b[2J\u202e\\ad\u00admin\u200b"}'
wait_for "$HUB_LOG" "mallory quit"
grep -q '^2000-01-01' "$HUB_LOG" && fail "a client forged a log line"
grep -qP '\x1b|\xe2\x80\xae' "$HUB_LOG" && fail "raw escapes reached the log"
grep -qF 'mallory quit: héllo wörld 2000-01-01 00:00:00.000 warning: forged\x1b[2J\u{202e}\\ad\u{00ad}min\u{200b}' \
    "$HUB_LOG" || fail "the quit reason is not logged escaped"
stop_hub
ok "log lines escape controls and keep UTF-8 readable"

# Item 13: nicks fold with the full simple case folding, and invisible
# characters are refused in new nicks and room names; a history file made
# before, holding such a room name, still loads.
printf '%s\n' '{"version":1,"next_id":5,"rooms":[{"name":"lobby","topic":"",' \
    '"created":1,"messages":[]},{"name":"old\u2060room","topic":"kept",' \
    '"created":1,"messages":[{"id":4,"ts":1,"nick":"x\u00adz",' \
    '"text":"from before"}]}],"claims":[],"bans":[]}' >"$T/history.json"
start_hub
grep -q "history loaded from .*: 2 rooms" "$HUB_LOG" ||
    fail "a history with an old invisible room name did not load"
raw_open u1
raw_send u1 '{"type":"hello","version":1,"nick":"\u1ea1nh"}'
raw_expect u1 '"type":"welcome"'
raw_open u2
raw_send u2 '{"type":"hello","version":1,"nick":"\u1ea0NH"}'
raw_expect u2 '"code":"nick_taken"'
raw_open u3
raw_send u3 '{"type":"hello","version":1,"nick":"kim"}'
raw_expect u3 '"type":"welcome"'
raw_open u4
raw_send u4 '{"type":"hello","version":1,"nick":"\u212aIM"}'
raw_expect u4 '"code":"nick_taken"'
for cp in 2060 00ad 034f 3164 fe0f 200b feff; do
	raw_open v
	raw_send v "{\"type\":\"hello\",\"version\":1,\"nick\":\"kim\\u$cp\"}"
	raw_expect v '"code":"nick_invalid"'
	case $cp in
	200b|feff) ;;	# refused before, as spaces
	*) grep -qiF "invisible or unassigned characters (U+$cp)" \
	    <<<"$RAW_LINE" || fail "U+$cp: $RAW_LINE" ;;
	esac
	# Closed as a client does at the hub's end: the hub waits for that
	# (or a while) before it forgets the connection, which counts
	# against the limit on connections from one address.
	exec {RAW_FD[v]}>&-
done
raw_send u1 '{"type":"create","room":"dev\u00ad","seq":1}'
raw_expect u1 '"code":"room_invalid"'
raw_send u1 '{"type":"join","room":"new\u2060room","seq":2}'
raw_expect u1 '"code":"room_invalid"'
raw_send u1 '{"type":"join","room":"old\u2060room","seq":3}'
raw_expect u1 '"text":"from before"'
stop_hub
ok "full case folding; invisible characters refused in new names only"

# Item 17: bans on addresses compare canonical forms: an IPv4-mapped IPv6
# address is the IPv4 address, and 0:0:0:0:0:0:0:1 is ::1.
printf 's3cret\n' >"$T/admin.pw"
start_hub --admin-password-file "$T/admin.pw"
raw_open op
raw_send op '{"type":"hello","version":1,"nick":"op"}'
raw_expect op '"type":"welcome"'
raw_send op '{"type":"oper","password":"s3cret","seq":1}'
raw_expect op '"type":"opered"'
# (Its own address: "force", or the hub would refuse it.)
raw_send op '{"type":"ban","target":"::FFFF:127.0.0.1","force":true,"seq":2}'
raw_expect op '"seq":2'
raw_open b1
raw_expect b1 '"code":"banned"'
raw_send op '{"type":"bans","seq":3}'
raw_expect op '"type":"banlist"'
grep -qF '"target":"127.0.0.1"' <<<"$RAW_LINE" || fail "ban not canonical: $RAW_LINE"
raw_send op '{"type":"unban","target":"0:0:0:0:0:ffff:7f00:1","seq":4}'
raw_expect op '"seq":4'
raw_open b2
raw_send b2 '{"type":"hello","version":1,"nick":"back"}'
raw_expect b2 '"type":"welcome"'
# A session open at a stop outlives the restart: op quits, as the nick is
# wanted again below.
raw_send op '{"type":"quit"}'
raw_closed op 10 || fail "op's quit did not close the connection"
stop_hub
ok "an IPv4-mapped ban matches the IPv4 address, in any spelling"

# (Only where the IPv6 loopback works: a connection to it is refused.)
if bash -c 'exec 3<>/dev/tcp/::1/1' 2>&1 | grep -q "refused"; then
	FORCE_PORT=$(pick_port)
	start_hub --listen "[::1]:$FORCE_PORT" \
	    --admin-password-file "$T/admin.pw"
	unset FORCE_PORT
	exec {v6}<>"/dev/tcp/::1/$HUB_PORT" || fail "cannot connect to ::1"
	RAW_FD[v6]=$v6
	raw_send v6 '{"type":"hello","version":1,"nick":"op6"}'
	raw_expect v6 '"type":"welcome"'
	raw_send v6 '{"type":"oper","password":"s3cret","seq":1}'
	raw_expect v6 '"type":"opered"'
	ban='{"type":"ban","target":"0:0:0:0:0:0:0:1","force":true,"seq":2}'
	raw_send v6 "$ban"
	raw_expect v6 '"seq":2'
	exec {w6}<>"/dev/tcp/::1/$HUB_PORT" || fail "cannot connect to ::1"
	RAW_FD[w6]=$w6
	raw_expect w6 '"code":"banned"'
	stop_hub
	ok "a ban on 0:0:0:0:0:0:0:1 matches ::1"
else
	echo "no IPv6 loopback: the ::1 check is skipped"
fi

# Item 9: when the final save fails, the hub says what is lost and exits
# non-zero.
# (No periodic save meanwhile: the flush interval is an hour.)
mkdir "$T/gone"
start_hub --history "$T/gone/history.json" --flush-interval 3600
run_batch s1 saver "lost one" "lost two"
rm -rf "$T/gone"
stop_hub
[ "$HUB_RC" != 0 ] || fail "a failed final save exits 0"
grep -qF "history NOT saved at shutdown" "$HUB_LOG" ||
    fail "the failed final save is not reported"
grep -qE "lost: 2 messages \(ids 1 to 2\)" "$HUB_LOG" ||
    fail "the lost messages are not named: $(grep "NOT saved" "$HUB_LOG")"
ok "a failed final save names what is lost and exits non-zero"

# Item 12: a muted user's quit reason is dropped; the others see "quit".
# (Without --churn-seconds 0 the sessions would be too young for a reason.)
start_hub --admin-password-file "$T/admin.pw" --churn-seconds 0
raw_open op
raw_send op '{"type":"hello","version":1,"nick":"op"}'
raw_expect op '"type":"welcome"'
raw_send op '{"type":"oper","password":"s3cret","seq":1}'
raw_expect op '"type":"opered"'
raw_open m
raw_send m '{"type":"hello","version":1,"nick":"muted"}'
raw_expect m '"type":"welcome"'
raw_expect op '"nick":"muted"'
raw_send op '{"type":"mute","nick":"muted","seq":2}'
raw_expect op '"seq":2'
raw_send m '{"type":"msg","room":"lobby","text":"hello","seq":1}'
raw_expect m '"code":"muted"'
raw_send m '{"type":"quit","reason":"BUY CHEAP STUFF AT example.com"}'
raw_expect op '"type":"signoff"'
grep -qF '"reason":"quit"' <<<"$RAW_LINE" ||
    fail "a muted user's quit reason went out: $RAW_LINE"
raw_open n
raw_send n '{"type":"hello","version":1,"nick":"speaker"}'
raw_expect n '"type":"welcome"'
raw_expect op '"nick":"speaker"'
raw_send n '{"type":"quit","reason":"see you"}'
raw_expect op '"type":"signoff"'
grep -qF '"reason":"see you"' <<<"$RAW_LINE" ||
    fail "an ordinary quit reason was lost: $RAW_LINE"
stop_hub
ok "a muted user cannot broadcast through the quit reason"

# Item 19: the length a frame may have is its parsed type's policy, not
# a search for "image" in its bytes: a long frame of an unknown type, or
# of a type that carries no image, is line_too_long and closed, even
# with an "image" member; a long frame that is not JSON too.
start_hub
long=$(head -c 40000 /dev/zero | tr '\0' 'x')
for frame in "{\"type\":\"frobnicate\",\"image\":{},\"seq\":5,\"pad\":\"$long\"}" \
    "{\"type\":\"join\",\"room\":\"dev\",\"image\":{},\"pad\":\"$long\"}" \
    "{\"type\":\"msg\",\"pad\":\"$long\",\"note\":\"image\"}" \
    "not json \"image\" $long"; do
	n=$(( ${n:-0} + 1 ))
	raw_open long
	raw_send long "{\"type\":\"hello\",\"version\":1,\"nick\":\"long$n\"}"
	raw_expect long '"type":"welcome"'
	raw_send long "$frame"
	raw_expect long '"code":"line_too_long"'
	raw_closed long 10 || fail "still open after: ${frame:0:40}"
	exec {RAW_FD[long]}>&-
done
stop_hub
ok "long frames are judged by their parsed type, and closed"

# Item 10: bad frames cost flood tokens: a stream of them is refused as a
# flood and disconnected; their log lines are rate-limited across the hub.
start_hub
raw_open junk
printf 'not json %d\n' $(seq 60) >&"${RAW_FD[junk]}" 2>/dev/null
raw_expect junk '"code":"flood"'
raw_closed junk 10 || fail "a stream of bad frames was not disconnected"
[ "$(grep -c 'error bad_json' "$HUB_LOG")" -le 12 ] ||
    fail "more bad frames answered than the flood burst allows"
grep -q "excess flood" "$HUB_LOG" || fail "no excess flood in the log"
# Six connections get 30 answers each (10 within the allowance, then 20
# refusals), 180 error lines: at most 50 + 10 a second are logged.
before=$(wc -l <"$HUB_LOG")
t0=$(date +%s)
for n in 1 2 3 4 5 6; do
	raw_open "j$n"
	printf '{"type":"x%d"}\n' $(seq 40) >&"${RAW_FD[j$n]}" 2>/dev/null
done
for n in 1 2 3 4 5 6; do
	raw_closed "j$n" 10 || fail "bad frames on j$n were not disconnected"
done
elapsed=$(( $(date +%s) - t0 + 1 ))
lines=$(tail -n +"$((before + 1))" "$HUB_LOG" | grep -cE 'error (bad_type|flood)')
[ "$lines" -le $(( 50 + 10 * elapsed )) ] ||
    fail "$lines error lines logged in $elapsed s for 240 bad frames"
[ "$elapsed" -lt 12 ] || echo "(too slow to tell: $elapsed s)"
raw_open late
retry_late() {
	raw_send late 'still not json' 2>/dev/null
	grep -q "error lines were not logged" "$HUB_LOG"
}
wait_until 10 retry_late || fail "left-out error lines are not counted"
stop_hub
ok "bad frames are flood-limited and their log lines rate-limited"

# Item 18: wrong passwords are counted per address, across connections:
# after 5, every try is refused for a while, the right password too.
printf 'hubpass\n' >"$T/hub.pw"
start_hub --password-file "$T/hub.pw"
for i in 1 2 3 4 5; do
	raw_open "g$i"
	raw_send "g$i" "{\"type\":\"hello\",\"version\":1,\"nick\":\"g$i\",\"password\":\"guess$i\"}"
	raw_expect "g$i" '"code":"password"'
	grep -qF '"detail":"wrong password"' <<<"$RAW_LINE" ||
	    fail "guess $i: $RAW_LINE"
done
raw_open g6
raw_send g6 '{"type":"hello","version":1,"nick":"g6","password":"hubpass"}'
raw_expect g6 '"code":"password"'
grep -qE 'too many wrong passwords from your address: try again in [0-9]+ seconds' \
    <<<"$RAW_LINE" || fail "no throttling after 5 wrong passwords: $RAW_LINE"
raw_closed g6 10 || fail "a throttled hello stays open"
grep -q "too many wrong passwords; refusing passwords" "$HUB_LOG" ||
    fail "throttling is not logged"
stop_hub
start_hub --admin-password-file "$T/admin.pw"
raw_open o
raw_send o '{"type":"hello","version":1,"nick":"guesser"}'
raw_expect o '"type":"welcome"'
for i in 1 2 3 4 5; do
	raw_send o "{\"type\":\"oper\",\"password\":\"guess$i\",\"seq\":$i}"
	raw_expect o "\"seq\":$i"
	grep -qF '"code":"bad_password"' <<<"$RAW_LINE" || fail "oper $i: $RAW_LINE"
done
raw_open o2
raw_send o2 '{"type":"hello","version":1,"nick":"guesser2"}'
raw_expect o2 '"type":"welcome"'
raw_send o2 '{"type":"oper","password":"s3cret","seq":9}'
raw_expect o2 '"seq":9'
grep -qF 'too many wrong passwords from your address' <<<"$RAW_LINE" ||
    fail "no throttling of operator passwords: $RAW_LINE"
stop_hub
ok "password guessing is throttled per address, across connections"
