#!/bin/bash
# SPDX-License-Identifier: ISC
# A message of the day over 4096 bytes is cut with a warning that names
# the file and the limit, before the character the limit splits: a valid
# UTF-8 file used to be refused as "not valid UTF-8" when the cut fell
# inside a character, and a longer one was cut without a word.  CRLF
# line ends are LF, as in config files.
. "$top_srcdir/tests/lib.sh"

# motd NAME: log in on a raw connection; the message of the day's frame
# goes to RAW_LINE.
motd() {
	raw_open "$1"
	raw_send "$1" "{\"type\":\"hello\",\"version\":1,\"nick\":\"$1\"}"
	raw_expect "$1" '"type":"motd"'
}

a4095=$(head -c 4095 /dev/zero | tr '\0' a)
printf '%sé and more\n' "$a4095" >"$T/motd"
timeout 30 $VG "$CHATROOM" --serve --check --insecure \
    --history "$T/history.json" --motd-file "$T/motd" >"$T/check.out" 2>&1 ||
    fail "--check: $(cat "$T/check.out")"
grep -qF "warning: $T/motd: longer than 4096 bytes" "$T/check.out" ||
    fail "--check did not warn: $(cat "$T/check.out")"
start_hub --motd-file "$T/motd"
grep -qF "warning: $T/motd: longer than 4096 bytes: the message of the day is its first 4095 bytes" \
    "$HUB_LOG" || fail "no warning at the start"
motd m1
[ "$RAW_LINE" = "{\"type\":\"motd\",\"text\":\"$a4095\"}" ] ||
    fail "not cut before the é: ${RAW_LINE:0:40}...${RAW_LINE: -40}"
ok "a long message of the day is cut at a character, with a warning"

printf 'line1\r\nline2\r\n' >"$T/motd"
hup_reload
motd m2
[ "$RAW_LINE" = '{"type":"motd","text":"line1\nline2"}' ] ||
    fail "CRLF kept: $RAW_LINE"
ok "CRLF line ends are line ends"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exited $HUB_RC"
