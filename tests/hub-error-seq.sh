#!/bin/bash
# SPDX-License-Identifier: ISC
# A frame the hub cannot parse is answered with its seq when that can
# still be found, so a client knows which request failed; a JSON object
# whose string holds half a surrogate pair or \u0000 is told so, not
# "not a JSON object", and \u0000 no longer cuts a message short.
. "$top_srcdir/tests/lib.sh"

start_hub
raw_open r
raw_send r '{"type":"hello","version":1,"nick":"raw"}'
raw_expect r '"type":"history_end"'

printf '{"type":"msg","room":"lobby","text":"bad \377 byte","seq":11}\n' \
    >&"${RAW_FD[r]}"
raw_expect r '"code":"bad_utf8"'
case $RAW_LINE in *'"seq":11'*) ;; *) fail "bad_utf8 without seq: $RAW_LINE" ;; esac
ok "bad_utf8 names the request"

raw_send r '{"type":"msg","room":"lobby","text":"nul \u0000 after lone \ud800 x","seq":12}'
raw_expect r '"code":"bad_json"'
case $RAW_LINE in
*'"seq":12'*surrogate*|*surrogate*'"seq":12'*) ;;
*) fail "lone surrogate: $RAW_LINE" ;;
esac
ok "half a surrogate pair is bad_json with its seq and reason"

raw_send r '{"type":"msg","room":"lobby","text":"cut \u0000 here","seq":13}'
raw_expect r '"seq":13'
case $RAW_LINE in
*'"code":"bad_json"'*'\\u0000'*) ;;
*) fail "\\u0000 was not refused: $RAW_LINE" ;;
esac
ok "\\u0000 is refused, not cut short"

raw_send r '{"type":"msg","room":"lobby","text":"broken","seq":14,}'
raw_expect r '"code":"bad_json"'
case $RAW_LINE in
*'"seq":14'*'not valid JSON'*|*'not valid JSON'*'"seq":14'*) ;;
*) fail "broken JSON: $RAW_LINE" ;;
esac
raw_send r '[1,2]'
raw_expect r '"code":"bad_json"'
case $RAW_LINE in *'not a JSON object'*) ;; *) fail "array: $RAW_LINE" ;; esac
raw_send r '{"type":"msg","room":"lobby","text":"still here","seq":15}'
raw_expect r '"type":"ack","seq":15'
ok "broken JSON names the request when it can; the connection goes on"
