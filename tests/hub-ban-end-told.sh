#!/bin/bash
# SPDX-License-Identifier: ISC
# A user banned while connected is told the ban's end at the ban, not
# only on coming back (native: until in the kicked event, the terminal
# client's words; IRC: the KILL and ERROR in UTC).  A muted user whose session
# resumes is told the mute again as a reminder ("still"), unless it was
# set while the session had no connection: then as a new mute.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
# Local time is not UTC here: the client says local, IRC says UTC.
export TZ=KST-9

printf 's3cret\n' >"$T/admin.pw"
start_irc_hub --irc-server-name ban.test --admin-password-file "$T/admin.pw"
client_start op alice
wait_for "$T/op.out" "you joined #lobby"
client_say op "/oper s3cret"
wait_for "$T/op.out" "you are now a hub operator"

# Native, on a raw connection: the kicked event says until.
raw_login m mallory
client_say op "/ban mallory 30m spam bot"
raw_expect m '"type":"kicked"'
[[ $RAW_LINE == *'"until":'[1-9]* ]] ||
    fail "the kicked event of a ban has no end: $RAW_LINE"
raw_login g grace
client_say op "/ban grace for ever"
raw_expect g '"type":"kicked"'
[[ $RAW_LINE == *'"until":0'[,}]* ]] ||
    fail "the kicked event of a ban with no end: $RAW_LINE"
raw_login k kim
client_say op "/kick kim go"
raw_expect k '"type":"kicked"'
[[ $RAW_LINE == *'"until"'* ]] && fail "a kick has an end: $RAW_LINE"
ok "the kicked event of a ban carries its end"

# The terminal client says it, in local time with what is left.
client_start erin erin
wait_for "$T/erin.out" "you joined #lobby"
client_start fred fred
wait_for "$T/fred.out" "you joined #lobby"
client_say op "/ban erin 1h flooding the lobby"
wait_for "$T/erin.err" "you were banned by alice"
client_stop erin
grep -qE "you were banned by alice until ([A-Z][a-z]{2} [0-9]{1,2} )?\
[0-9]{2}:[0-9]{2} \(in (59m [0-9]+s|1h)\): flooding the lobby" "$T/erin.err" ||
    fail "erin was not told the end: $(cat "$T/erin.err")"
client_say op "/ban fred"
wait_for "$T/fred.err" "you were banned by alice"
client_stop fred
grep -q "you were banned by alice for good$" "$T/fred.err" ||
    fail "fred was not told 'for good': $(cat "$T/fred.err")"
ok "the terminal client tells a ban's end at the ban"

# Wait for a line matching the extended regular expression RE in FILE.
wait_re() {
	wait_until 10 grep -qE -- "$2" "$1" ||
	    fail "timed out waiting for /$2/ in $1"
}

# more_in FILE TEXT N: more than N lines of FILE with TEXT?
more_in() {
	[ "$(count_in "$1" "$2")" -gt "$3" ]
}

# IRC: the KILL and the ERROR say the end in UTC.
irc_open i
irc_register i ircy
client_say op "/ban ircy 30m spam bot"
utc="20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC"
wait_re "$T/i.irc" "^:alice![^ ]* KILL ircy :banned until $utc: spam bot"
wait_re "$T/i.irc" "ERROR :Closing link: Killed \\(alice \\(banned until \
$utc: spam bot\\)\\)"
irc_open j
irc_register j jo
client_say op "/ban jo"
irc_wait j "KILL jo :banned for good"
ok "IRC's KILL and ERROR say a ban's end"

# A mute, told; the session resumes: a reminder, "still".
raw_login b bob
tb=$TOKEN
client_say op "/mute bob 1h too loud"
raw_expect b '"code":"muted"'
[[ $RAW_LINE == *'"still"'* ]] && fail "a new mute said still: $RAW_LINE"
exec {RAW_FD[b]}>&-
raw_resumed b2 "$tb"
raw_expect b2 '"code":"muted_until"'
[[ $RAW_LINE == *'"still":true'* ]] ||
    fail "the mute told again on a resume is not still: $RAW_LINE"
ok "a muted user who resumes is told the mute as a reminder"

# Muted while the session had no connection: told as new on the resume.
client_say op "/unmute bob"
raw_expect b2 '"code":"unmuted"'
n=$(count_in "$HUB_LOG" "disconnected:")
exec {RAW_FD[b2]}>&-
wait_until 10 more_in "$HUB_LOG" "disconnected:" "$n" ||
    fail "bob's loss not seen"
client_say op "/mute bob 5m muted while away"
# The hub's log, not the operator's screen: its "bob is muted until"
# from the first mute above is there already.
wait_for "$HUB_LOG" "muted bob for 5m"
raw_resumed b3 "$tb"
raw_expect b3 '"code":"muted_until"'
[[ $RAW_LINE == *'"still"'* ]] &&
    fail "a mute set while away was told as a reminder: $RAW_LINE"
ok "a mute set while the session had no connection is told as new"

# IRC: the owner of a nick back with SASL takes its session over while
# muted: reminded, in UTC.
irc_open s1
sasl_register s1 irs "irs password"
irc_wait s1 " 001 irs "
client_say op "/mute irs 1h spam links"
irc_wait s1 ":ban.test NOTICE irs :alice muted you for 1h"
irc_open s2
sasl_register s2 irs "irs password"
irc_wait s2 " 001 irs "
still="You are still muted until $utc \\(by alice: spam links\\)"
wait_re "$T/s2.irc" ":ban.test NOTICE irs :$still"
grep -q "alice muted you" "$T/s2.irc" && fail "IRC: told as a new mute"
ok "IRC: a muted user who takes the session over is reminded"

client_stop op
exit 0
