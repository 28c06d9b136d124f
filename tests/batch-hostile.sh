#!/bin/bash
# SPDX-License-Identifier: ISC
# A malicious hub cannot reach the terminal through --batch: room names,
# topics, /rooms member lists, nicks and text are printed sanitised, and
# --json escapes every control, DEL, C1 and bidirectional character
# (issue 19, item 16).  The hub here is a canned script served by socat.
. "$top_srcdir/tests/lib.sh"

command -v socat >/dev/null || { echo "no socat"; exit 77; }

# Frames with escapes in every string --batch prints (JSON escapes, so
# the client decodes them to raw bytes), then one with the raw bytes.
ESC='\u001b'
cat >"$T/script" <<FRAMES
{"type":"welcome","version":1,"nick":"eve","token":"00112233445566778899aabbccddeeff","resumed":false,"hub":"fake$ESC[2J","resume":120}
{"type":"room","room":"e$ESC]0;pwned\u0007vil","topic":"t$ESC[2J","members":["eve","m$ESC[31mallory"]}
{"type":"msg","id":1,"ts":1,"room":"e$ESC]0;pwned\u0007vil","nick":"m$ESC[31mallory","text":"hi \u202e there \u009b2J \u007f"}
{"type":"roomlist","rooms":[{"n":1,"name":"r$ESC[5m","topic":"x\u009b1m","count":2,"joined":true,"members":["a$ESC[8m","b\u202e"]}]}
{"type":"notice","code":"x","subject":"raw $(printf '\033[31m\177\302\233\342\200\256')end"}
FRAMES

# Serve the script to one client, then read until it hangs up.
serve_script() {
	socat_serve "cat '$T/script'; timeout 10 cat >/dev/null"
}

# No byte a terminal acts on: C0 controls but newline, DEL, C1, bidi.
clean() {
	! LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1"
}

serve_script
run_batch text eve ""
grep -qF '#e^[]0;pwned^Gvil <m^[[31mallory> hi' "$T/text.out" ||
    fail "the message line is not shown sanitised"
grep -qF -- '-!- #r^[[5m (2)' "$T/text.out" || fail "no sanitised /rooms line"
grep -qF 'a^[[8m b' "$T/text.out" || fail "no sanitised member list"
clean "$T/text.out" || fail "raw control bytes on stdout: $(cat -v "$T/text.out")"
clean "$T/text.err" || fail "raw control bytes on stderr: $(cat -v "$T/text.err")"
ok "--batch prints names, topics, member lists and text sanitised"

serve_script
BATCH_OPTS=--json run_batch json eve ""
grep -qF '"subject":"raw \u001b[31m\u007f\u009b\u202eend"' "$T/json.out" ||
    fail "raw bytes not escaped in --json: $(cat -v "$T/json.out")"
grep -qF '"text":"hi \u202e there \u009b2J \u007f"' "$T/json.out" ||
    fail "escaped frame not passed on: $(cat -v "$T/json.out")"
clean "$T/json.out" || fail "raw control bytes in --json: $(cat -v "$T/json.out")"
ok "--json escapes controls, DEL, C1 and bidirectional characters"

# The hub's own encoder escapes them before they leave it.
start_hub
raw_open a
raw_send a '{"type":"hello","version":1,"nick":"alice"}'
raw_expect a '"type":"welcome"'
raw_open b
raw_send b '{"type":"hello","version":1,"nick":"bob"}'
raw_expect b '"type":"welcome"'
raw_send a "$(printf '{"type":"msg","room":"lobby","text":"x\177\302\233\342\200\256\342\201\246y","seq":1}')"
raw_expect b '"type":"msg"'
[ "${RAW_LINE#*\"text\":\"x\\u007f\\u009b\\u202e\\u2066y\"}" != "$RAW_LINE" ] ||
    fail "the hub sent them raw: $(cat -v <<<"$RAW_LINE")"
ok "the hub escapes DEL, C1 and bidirectional controls in frames"
