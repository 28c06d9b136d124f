#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a line typed in the room picker that starts with '/' is
# a command, not a room name: the picker closes and the command goes to
# the input line, a draft there to the input history.  The picker's footer
# says so.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
run_batch setup setup "/create dev" "/create random"
[ "$BATCH_RC" = 0 ] || fail "setup could not make its rooms"

tui_start alice alice
tui_wait alice "you joined #lobby"
# The picker offered at the first login: a newcomer types a command.
tui_wait alice "this hub has other rooms"
tui_wait alice "filter:"
tui_has alice "/: a command" || fail "the picker's footer does not tell of /"
tui_type alice "/join dev"
tui_wait_gone alice "filter:"
tui_wait alice "[#lobby] /join dev"
tui_keys alice Enter
tui_wait alice "you joined #dev"
tui_has alice "room name may not" && fail "the command was taken as a name"
ok "/join typed in the picker runs as a command"

# Opened over a draft: the draft goes to the history, not lost, not sent.
tui_type alice "half a line"
tui_keys alice C-g
tui_wait alice "filter:"
tui_type alice "/join random"
tui_wait_gone alice "filter:"
tui_wait alice "[#dev] /join random"
tui_keys alice Enter
tui_wait alice "you joined #random"
tui_keys alice Up
tui_wait alice "[#random] /join random"
tui_keys alice Up
tui_wait alice "[#random] half a line"
tui_keys alice C-u
ok "a draft in the input line goes to the input history"

# A '/' inside a filter is still a filter character, and Escape still
# closes the picker.
tui_keys alice F2
tui_wait alice "filter:"
tui_type alice "ra/"
tui_wait alice "filter: ra/"
tui_keys alice Escape
tui_wait_gone alice "filter:"

tui_keys alice F2
tui_wait alice "filter:"
tui_type alice "/quit"
tui_keys alice Enter
tui_wait alice "CLIENT EXITED rc=0"
tui_has alice "TERMINAL RESTORED" || fail "the terminal was not restored"
ok "/quit typed in the picker quits"
exit 0
