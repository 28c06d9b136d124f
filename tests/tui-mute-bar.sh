#!/bin/bash
# SPDX-License-Identifier: ISC
# A muted user's terminal client: the notice and the refusal of a line
# say the mute's end one way, in local time with what is left ("until
# 13:47 (in 59m 58s)"), and the title bar says "muted until 13:47" (or
# "muted", for a mute with no end) until the mute is lifted or ends.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# Local time is not UTC here, so that the two cannot be mixed up.
export TZ=KST-9
when_re="([A-Z][a-z]{2} [0-9]{1,2} )?[0-9]{2}:[0-9]{2}"

title() {
	tui_screen bob | head -n 1
}
title_has() {
	[[ "$(title)" =~ $1 ]]
}

printf 's3cret\n' >"$T/admin.pw"
start_hub --admin-password-file "$T/admin.pw"
client_start op boss
wait_for "$T/op.out" "you joined #lobby"
tui_start bob bob 120 30 TZ=KST-9
tui_wait bob "you joined #lobby"
client_say op "/oper s3cret"
wait_for "$T/op.out" "you are now a hub operator"

t0=$(date +%s)
client_say op "/mute bob 1h spamming"
# Either end of the minute the mute ends in, as the client shows it
# (with the date when that is another day in bob's time zone).
end=$(local_end_re $((t0 * 1000)) 3600)
wait_until 10 tui_matches bob "boss muted you: you cannot speak until \
$end \\(in (59m [0-9]+s|1h)\\) \\(reason: spamming\\)" ||
    fail "the notice: $(tui_screen bob | grep muted)"
wait_until 10 title_has "connected as bob, muted until $end *$" ||
    fail "the title while muted: '$(title)'"
ok "a mute is told in local time with what is left, and the title says it"

tui_type bob "can I speak?"
tui_keys bob Enter
wait_until 10 tui_matches bob "you are muted until $end \
\\(in (59m [0-9]+s|1h)\\): spamming" ||
    fail "the refusal: $(tui_screen bob | grep muted)"
ok "a refused line says the mute's end the same way"

client_say op "/unmute bob"
tui_wait bob "you may speak again (boss lifted your mute)"
wait_until 10 title_has "connected as bob *$" ||
    fail "the title once unmuted: '$(title)'"
ok "the title says no more once the mute is lifted"

client_say op "/mute bob 2s"
wait_until 10 title_has "connected as bob, muted until $when_re *$" ||
    fail "the title while muted again: '$(title)'"
tui_wait bob "you may speak again: your mute ended" 30
wait_until 10 title_has "connected as bob *$" ||
    fail "the title once the mute ended: '$(title)'"
ok "the title says no more once the mute ends"

client_say op "/mute bob"
tui_wait bob "boss muted you: you cannot speak until they lift it"
wait_until 10 title_has "connected as bob, muted *$" ||
    fail "the title while muted with no end: '$(title)'"
client_say op "/unmute bob"
wait_until 10 title_has "connected as bob *$" ||
    fail "the title once unmuted: '$(title)'"
ok "a mute with no end is in the title too"

tui_type bob "/quit"
tui_keys bob Enter
tui_wait bob "CLIENT EXITED rc=0"
client_stop op
stop_hub TERM
exit 0
