#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode, terminal client: a muted user whose hub dies and comes
# back is told on the resume that they are still muted (a reminder, not a
# new "alice muted you"); a mute set on another hub while the user's hub
# was down is told on the resume as a mute, and the title says "muted".
# A ban set on another hub is told with its end at the ban.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

# Local time is not UTC here, so that the two cannot be mixed up.
export TZ=KST-9

title() {
	tui_screen bob | head -n 1
}
title_has() {
	[[ "$(title)" =~ $1 ]]
}
# How many times bob was told "alice muted you".
told() {
	tui_screen bob | grep -c "alice muted you"
}
# Kill hub b, start it again, and wait for bob's client to resume.
crash_b() {
	local n
	n=$(count_in "$T/b.log" "bob resumed")
	kill -9 "${PID[b]}"
	wait "${PID[b]}" 2>/dev/null
	"$@"
	restart_member b
	wait_until 60 more_in "$T/b.log" "bob resumed" "$n" ||
	    fail "bob did not resume: $(tail -n 5 "$T/b.log")"
}

printf 's3cret\n' >"$T/admin.pw"
start_member a --admin-password-file "$T/admin.pw"
start_member b --flush-interval 1
member_oper a alice

on b
tui_start bob bob 200 30 TZ=KST-9
tui_wait bob "you joined #lobby"
t0=$(date +%s)
client_say alice "/mute bob 1h too loud in dev"
tui_wait bob "alice muted you: you cannot speak until"
# Either end of the minute the mute ends in, as the client shows it
# (with the date when that is another day in bob's time zone).
end=$(local_end_re $((t0 * 1000)) 3600)
sleep 3		# hub b saves the session and the mute

crash_b :
wait_until 20 tui_matches bob "you are still muted until $end \
\\(in (59m [0-9]+s|1h)\\) \\(by alice: too loud in dev\\)" ||
    fail "the reminder: $(tui_screen bob | grep muted)"
[ "$(told)" -eq 1 ] || fail "the mute was told again as new"
ok "a muted user back after the hub's restart is told they are still muted"

client_say alice "/unmute bob"
tui_wait bob "may speak again"
wait_until 10 eval '! title_has "muted"' ||
    fail "the title once unmuted: '$(title)'"
sleep 2		# saved without the mute

# Muted on hub a while hub b is down: told as a mute on the resume.
mute_now() {
	local n
	n=$(count_in "$T/a.log" "is gone")
	client_say alice "/mute bob 5m muted while your hub was down"
	wait_for "$T/alice.out" "bob is muted until"
	# Hub a gives hub b up before it is back, as in a longer outage.
	wait_until 20 more_in "$T/a.log" "is gone" "$n" ||
	    fail "hub a did not give hub b up"
}
crash_b mute_now
wait_until 20 tui_matches bob "alice muted you: you cannot speak until \
.*\\(reason: muted while your hub was down\\)" ||
    fail "the mute set while down: $(tui_screen bob | grep -i muted)"
wait_until 10 title_has "muted until" ||
    fail "the title: '$(title)'"
tui_lacks bob "you are still muted until .*5m" ||
    fail "a new mute was told as a reminder"
ok "a mute set while the user's hub was down is told on the resume"

# A ban set on hub a: bob, on hub b, is told its end at the ban.
t0=$(date +%s)
client_say alice "/ban bob 1h flooding the lobby"
tui_wait bob "CLIENT EXITED" 20
end=$(local_end_re $((t0 * 1000)) 3600)
grep -E "you were banned by alice until $end \(in (59m [0-9]+s|1h)\): \
flooding the lobby$" "$T/bob.tui.err" ||
    fail "the ban's end at the ban: $(cat "$T/bob.tui.err")"
ok "a user banned on another hub is told the ban's end at the ban"

client_stop alice
exit 0
