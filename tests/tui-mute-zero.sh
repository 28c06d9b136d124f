#!/bin/bash
# SPDX-License-Identifier: ISC
# /mute NICK 0 is a mute with no end, as /ban NICK 0 is a ban for good:
# the client sends it, the hub mutes until /unmute, and the operator is
# told so.  A word that is neither 0 nor a duration is still refused.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

printf 's3cret\n' >"$T/admin.pw"
start_hub --admin-password-file "$T/admin.pw"
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"

tui_start alice alice
tui_wait alice "you joined #lobby"
tui_type alice "/oper s3cret"
tui_keys alice Enter
tui_wait alice "you are now a hub operator"
tui_type alice "/mute bob 0"
tui_keys alice Enter
tui_wait alice "bob is muted with no end"
tui_lacks alice "not a duration" || fail "/mute bob 0 was refused"
wait_for "$HUB_LOG" "muted bob"
client_say bob "can I speak?"
wait_for "$T/bob.err" "muted"
ok "/mute NICK 0 mutes with no end"

tui_type alice "/mute bob 2x"
tui_keys alice Enter
tui_wait alice "2x is not a duration"
ok "a word that is not a duration is refused"

tui_type alice "/quit"
tui_keys alice Enter
tui_wait alice "CLIENT EXITED rc=0"
client_stop bob
exit 0
