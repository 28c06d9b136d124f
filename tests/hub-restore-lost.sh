#!/bin/bash
# SPDX-License-Identifier: ISC
# After a restart, a session the hub kept in its file is a member whose
# connection is lost until its client resumes it: the room frame lists it
# in "lost", its resume is a "back", and if its window passes it parts
# with a signoff as any lost session does.
. "$top_srcdir/tests/lib.sh"

# Log in on a raw connection, in #dev; the token goes to TOKEN.
raw_login_dev() {
	raw_login "$1" "$2"
	raw_send "$1" '{"type":"join","room":"dev","seq":1}'
	raw_expect "$1" '"type":"ack","seq":1'
}

# Resume with a token and collect the lines up to #dev's history_end.
raw_resume_dev() {
	local line
	raw_open "$1"
	raw_send "$1" "{\"type\":\"hello\",\"version\":1,\"token\":\"$2\",\"last_id\":$3}"
	raw_expect "$1" '"resumed":true'
	: >"$T/$1.lines"
	while IFS= read -r -t 10 line <&"${RAW_FD[$1]}"; do
		printf '%s\n' "$line" >>"$T/$1.lines"
		case "$line" in
		*'"type":"history_end","room":"dev"'*) return 0 ;;
		esac
	done
	fail "$1: no end of #dev's replay"
}

WINDOW=15
start_hub --resume-timeout $WINDOW --flush-interval 1
raw_login_dev a alice
ta=$TOKEN
raw_login_dev b bob
tb=$TOKEN
raw_login_dev c carol
raw_send a '{"type":"msg","room":"dev","text":"saved","seq":2}'
raw_expect a '"type":"ack","seq":2'
id=$(sed 's/.*"id":\([0-9]*\).*/\1/' <<<"$RAW_LINE")
wait_saved saved

stop_hub KILL
for n in a b c; do
	exec {RAW_FD[$n]}>&-
done
FORCE_PORT=$HUB_PORT start_hub --resume-timeout $WINDOW --flush-interval 1
grep -q "3 sessions" "$HUB_LOG" || fail "the sessions were not loaded"

# bob comes back first: alice and carol have not, their connections are
# lost as far as he can tell.
raw_resume_dev b2 "$tb" "$id"
room=$(grep '"type":"room","room":"dev"' "$T/b2.lines")
[[ $room == *'"lost":['*'"alice"'*']'* && $room == *'"lost":['*'"carol"'* ]] ||
    fail "bob's #dev does not list alice and carol as lost: $room"
[[ $room == *'"lost":['*'"bob"'* ]] && fail "bob is listed lost: $room"
ok "sessions kept over a restart are listed lost until they resume"

# alice resumes: bob is told she is back (not that she joined).
raw_resume_dev a2 "$ta" "$id"
raw_expect b2 '"type":"back"'
[[ $RAW_LINE == *'"nick":"alice"'* ]] || fail "back for whom? $RAW_LINE"
grep -q '"lost":\[[^]]*"alice"' "$T/a2.lines" &&
    fail "alice sees herself lost: $(cat "$T/a2.lines")"
raw_login d dave
raw_send d '{"type":"join","room":"dev","seq":1}'
raw_expect d '"type":"room","room":"dev"'
[[ $RAW_LINE == *'"lost":["carol"]'* ]] ||
    fail "dave's #dev should list carol alone as lost: $RAW_LINE"
ok "a resume after a restart is a back, and the others see it"

# carol never comes back: at the end of her window she parts.
raw_expect b2 '"type":"signoff"' $((WINDOW * 3))
[[ $RAW_LINE == *'"nick":"carol"'*'"reason":"connection lost"'* ]] ||
    fail "carol did not part as a lost session: $RAW_LINE"
ok "a kept session that never resumes parts when its window passes"
exit 0
