#!/bin/bash
# SPDX-License-Identifier: ISC
# A hello with a member of the wrong type is refused naming that member,
# not "version" and "nick", which are right; a hello missing both a nick
# and a token, or the version, says which is missing.
. "$top_srcdir/tests/lib.sh"

start_hub
n=0
# refused HELLO-MEMBERS DETAIL
refused() {
	n=$((n + 1))
	raw_open "h$n"
	raw_send "h$n" "{\"type\":\"hello\",$1}"
	raw_expect "h$n" '"type":"error"'
	[[ $RAW_LINE == *'"code":"bad_field"'* ]] ||
	    fail "hello {$1}: not bad_field: $RAW_LINE"
	[[ $RAW_LINE == *"\"detail\":\"$2\""* ]] ||
	    fail "hello {$1}: expected detail '$2': $RAW_LINE"
	raw_closed "h$n" || fail "hello {$1}: the connection stays open"
}
refused '"version":1,"nick":"rawb","last_id":1e+308' '\"last_id\" must be an integer'
refused '"version":"1","nick":"rawd"' '\"version\" must be an integer'
refused '"version":1,"nick":5' '\"nick\" must be a string'
refused '"version":1,"nick":"rawe","takeover":"yes"' '\"takeover\" must be true or false'
refused '"version":1,"nick":"rawf","client":5' '\"client\" must be a string'
refused '"nick":"rawg"' 'hello needs \"version\"'
refused '"version":1' 'hello needs \"nick\" or \"token\"'
ok "a bad hello names the member at fault"
raw_login good rawok
ok "a good hello is welcomed"
stop_hub TERM
exit 0
