#!/bin/bash
# SPDX-License-Identifier: ISC
# whois and away on the hub: what a user may know of another (rooms shared,
# the address for operators), away messages announced, told once to DM
# senders, kept across a resume; a nick change reaches DM partners who
# share no room.
. "$top_srcdir/tests/lib.sh"

printf 's3cret\n' >"$T/admin.pw"
start_hub --admin-password-file "$T/admin.pw" --resume-timeout 30

# Log a raw connection in: hello NAME NICK; sets TOKEN.
hello() {
	raw_open "$1"
	raw_send "$1" "{\"type\":\"hello\",\"version\":1,\"nick\":\"$2\"}"
	raw_expect "$1" '"type":"welcome"'
	TOKEN=$(sed 's/.*"token":"\([0-9a-f]*\)".*/\1/' <<<"$RAW_LINE")
	raw_expect "$1" '"type":"history_end"'
}

hello a alice
hello b bob
BOB_TOKEN=$TOKEN
raw_send b '{"type":"join","room":"dev","seq":1}'
raw_expect b '"type":"ack","seq":1'
raw_send a '{"type":"whois","nick":"BOB","seq":2}'
raw_expect a '"type":"userinfo"'
line=$RAW_LINE
grep -q '"seq":2' <<<"$line" || fail "no seq: $line"
grep -q '"nick":"bob"' <<<"$line" || fail "not bob's nick: $line"
grep -q '"since":[1-9][0-9]*' <<<"$line" || fail "no since: $line"
grep -q '"idle":[0-9]' <<<"$line" || fail "no idle: $line"
grep -q '"rooms":\["lobby"\]' <<<"$line" ||
    fail "not only the shared rooms: $line"
grep -q '"claimed":false' <<<"$line" || fail "claimed: $line"
grep -q '"address"' <<<"$line" && fail "an address for a user: $line"
grep -q '"away"\|"lost"' <<<"$line" && fail "away or lost: $line"
ok "whois tells a user the rooms they share, and no address"

raw_send a '{"type":"whois","nick":"nobody","seq":3}'
raw_expect a '"code":"no_such_nick"'
raw_send a '{"type":"whois","seq":4}'
raw_expect a '"code":"bad_field"'
ok "whois of an unknown nick is no_such_nick"

raw_send a '{"type":"oper","password":"s3cret","seq":5}'
raw_expect a '"type":"ack","seq":5'
raw_send a '{"type":"whois","nick":"bob","seq":6}'
raw_expect a '"type":"userinfo"'
grep -q '"rooms":\["lobby","dev"\]' <<<"$RAW_LINE" ||
    fail "an operator does not see every room: $RAW_LINE"
grep -q '"address":"127.0.0.1"' <<<"$RAW_LINE" ||
    fail "an operator does not see the address: $RAW_LINE"
raw_send b '{"type":"whois","nick":"alice","seq":7}'
raw_expect b '"type":"userinfo"'
grep -q '"oper":true' <<<"$RAW_LINE" || fail "not an operator: $RAW_LINE"
ok "an operator sees every room and the address"

# Away: announced to bob himself and his room peers.
hello c carol
raw_send b '{"type":"away","text":"at lunch","seq":8}'
raw_expect b '"type":"away_changed"'
grep -q '"nick":"bob".*"text":"at lunch"' <<<"$RAW_LINE" ||
    fail "bob's own away_changed: $RAW_LINE"
raw_expect b '"type":"ack","seq":8'
raw_expect c '"type":"away_changed"'
grep -q '"nick":"bob".*"text":"at lunch"' <<<"$RAW_LINE" ||
    fail "carol's away_changed: $RAW_LINE"
ok "away is announced to the user and those who share a room"

# A DM to someone away: delivered, and the sender told once.
raw_send c '{"type":"dm","to":"bob","text":"lunch where?","seq":9}'
raw_expect c '"type":"notice","code":"away"'
grep -q '"subject":"bob","text":"at lunch"' <<<"$RAW_LINE" ||
    fail "the away notice: $RAW_LINE"
raw_expect c '"type":"ack","seq":9'
raw_expect b '"text":"lunch where?"'
raw_send c '{"type":"dm","to":"bob","text":"hello?","seq":10}'
raw_send c '{"type":"ping","seq":11}'
out=$(while IFS= read -r -t 5 l <&"${RAW_FD[c]}"; do
	echo "$l"
	case $l in *'"type":"pong"'*) break ;; esac
done)
grep -q '"code":"away"' <<<"$out" && fail "told twice: $out"
grep -q '"type":"ack","seq":10' <<<"$out" || fail "no ack: $out"
raw_expect b '"text":"hello?"'
ok "a DM to someone away is delivered and its sender told once"

raw_send a '{"type":"whois","nick":"bob","seq":12}'
raw_expect a '"type":"userinfo"'
grep -q '"away":"at lunch"' <<<"$RAW_LINE" || fail "whois: $RAW_LINE"
raw_open d
raw_send d '{"type":"hello","version":1,"nick":"dora"}'
raw_expect d '"type":"room"'
grep -q '"away":\["bob"\]' <<<"$RAW_LINE" ||
    fail "the room frame does not list bob away: $RAW_LINE"
raw_send c '{"type":"join","room":"tea","seq":30}'
raw_expect c '"type":"ack","seq":30'
raw_send b '{"type":"join","room":"tea","seq":31}'
raw_expect c '"type":"joined","room":"tea","nick":"bob"'
grep -q '"away":"at lunch"' <<<"$RAW_LINE" || fail "joined: $RAW_LINE"
ok "whois, the room frame and joined show who is away"

# The limit, and a new message tells senders again.
long=$(printf 'x%.0s' $(seq 1 201))
raw_send b "{\"type\":\"away\",\"text\":\"$long\",\"seq\":13}"
raw_expect b '"code":"text_too_long"'
raw_send b '{"type":"away","text":"in a meeting","seq":14}'
raw_expect b '"type":"ack","seq":14'
raw_send c '{"type":"dm","to":"bob","text":"and now?","seq":15}'
raw_expect c '"type":"notice","code":"away"'
grep -q '"text":"in a meeting"' <<<"$RAW_LINE" || fail "$RAW_LINE"
ok "away messages have at most 200 characters; a new one is told again"

# Away survives a resume; a lost user shows as waiting for it.
exec {RAW_FD[b]}>&-
raw_expect c '"type":"lost"'
raw_send a '{"type":"whois","nick":"bob","seq":17}'
raw_expect a '"seq":17'
grep -q '"lost":true' <<<"$RAW_LINE" || fail "not lost: $RAW_LINE"
grep -q '"away":"in a meeting"' <<<"$RAW_LINE" || fail "$RAW_LINE"
ok "whois shows a user waiting for a resume as such"
raw_open b2
raw_send b2 "{\"type\":\"hello\",\"version\":1,\"token\":\"$BOB_TOKEN\"}"
raw_expect b2 '"resumed":true'
raw_send a '{"type":"whois","nick":"bob","seq":18}'
raw_expect a '"seq":18'
grep -q '"lost"' <<<"$RAW_LINE" && fail "still lost: $RAW_LINE"
grep -q '"away":"in a meeting"' <<<"$RAW_LINE" ||
    fail "away lost in the resume: $RAW_LINE"
ok "away survives a resume"

raw_send b2 '{"type":"away","seq":19}'
raw_expect c '"type":"away_changed"'
grep -q '"text"' <<<"$RAW_LINE" && fail "back with a text: $RAW_LINE"
raw_send a '{"type":"whois","nick":"bob","seq":20}'
raw_expect a '"seq":20'
grep -q '"away"' <<<"$RAW_LINE" && fail "still away: $RAW_LINE"
ok "away without text is back"

# A nick change reaches a DM partner who shares no room; nobody else.
hello f frank
raw_send f '{"type":"leave","room":"lobby","seq":21}'
raw_expect f '"type":"ack","seq":21'
raw_send c '{"type":"dm","to":"frank","text":"psst","seq":22}'
raw_expect f '"text":"psst"'
raw_send f '{"type":"nick","nick":"franz","seq":23}'
raw_expect f '"type":"ack","seq":23'
raw_expect c '"type":"renamed"'
grep -q '"old":"frank","nick":"franz"' <<<"$RAW_LINE" || fail "$RAW_LINE"
raw_send a '{"type":"ping","seq":24}'
out=$(while IFS= read -r -t 5 l <&"${RAW_FD[a]}"; do
	echo "$l"
	case $l in *'"type":"pong"'*) break ;; esac
done)
grep -q '"renamed"' <<<"$out" && fail "alice was told: $out"
# The partner is remembered by the new nick: a second change reaches too.
raw_send f '{"type":"nick","nick":"fritz","seq":25}'
raw_expect c '"type":"renamed"'
grep -q '"old":"franz","nick":"fritz"' <<<"$RAW_LINE" || fail "$RAW_LINE"
ok "a nick change reaches DM partners who share no room"

raw_send f '{"type":"quit","reason":"bye now"}'
raw_expect c '"type":"signoff","nick":"fritz"'
raw_send a '{"type":"ping","seq":28}'
out=$(while IFS= read -r -t 5 l <&"${RAW_FD[a]}"; do
	echo "$l"
	case $l in *'"type":"pong"'*) break ;; esac
done)
grep -q '"signoff"' <<<"$out" && fail "alice was told: $out"
ok "so does a quit"

# A restart of the hub is a resume like any other: away stays.
raw_send b2 '{"type":"away","text":"gone fishing","seq":26}'
raw_expect b2 '"type":"ack","seq":26'
stop_hub TERM
for r in "${!RAW_FD[@]}"; do
	exec {RAW_FD[$r]}>&-
done
RAW_FD=()
FORCE_PORT=$HUB_PORT start_hub --admin-password-file "$T/admin.pw" \
    --resume-timeout 30
raw_open b3
raw_send b3 "{\"type\":\"hello\",\"version\":1,\"token\":\"$BOB_TOKEN\"}"
raw_expect b3 '"resumed":true'
raw_send b3 '{"type":"whois","nick":"bob","seq":27}'
raw_expect b3 '"seq":27'
grep -q '"away":"gone fishing"' <<<"$RAW_LINE" ||
    fail "away lost in a restart: $RAW_LINE"
ok "away survives a restart of the hub"
exit 0
