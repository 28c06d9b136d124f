#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a nick claimed before the present rules opens for its
# owner at login, and so at /nick: a client logged in under another nick
# can change back to it.  Such a nick unclaimed is refused by the hub,
# and a nick even the older rules refused is refused by the client.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# "deejay" is claimed by the terminal client's key, then made "dee/jay"
# in the file, as if claimed before '/' was refused.
start_hub
tui_start dj1 deejay
tui_wait dj1 "you joined #lobby"
tui_type dj1 "/quit"
tui_keys dj1 Enter
tui_wait dj1 "CLIENT EXITED rc=0"
stop_hub TERM
grep -q '"nick":"deejay","key"' "$T/history.json" || fail "no claim saved"
history_unseal "$T/history.json"
sed -i 's/"deejay"/"dee\/jay"/g' "$T/history.json"
start_hub
client_start ann ann
wait_for "$T/ann.out" "you joined #lobby"

tui_start dj2 dj
tui_wait dj2 "you joined #lobby"
tui_type dj2 "/nick dee/jay"
tui_keys dj2 Enter
wait_for "$T/ann.out" "dj is now known as dee/jay"
tui_wait dj2 "you are now known as dee/jay"
ok "/nick back to a nick claimed under the older rules"

# Refused, by the hub or the client, the cause is shown, the nick kept.
refusals() {
	tui_screen dj2 | grep -c "may not contain"
}
tui_type dj2 "/nick zee/jay"
tui_keys dj2 Enter
wait_until 10 eval '[ "$(refusals)" -ge 1 ]' || fail "zee/jay was not refused"
tui_type dj2 "/nick a@b"
tui_keys dj2 Enter
wait_until 10 eval '[ "$(refusals)" -ge 2 ]' || fail "a@b was not refused"
tui_type dj2 "hello"
tui_keys dj2 Enter
wait_for "$T/ann.out" "<dee/jay> hello"
ok "one unclaimed, or one no rule allowed, is refused"

tui_type dj2 "/quit"
tui_keys dj2 Enter
tui_wait dj2 "CLIENT EXITED rc=0"
client_stop ann
exit 0
