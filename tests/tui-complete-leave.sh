#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: Tab after /leave (or /part) completes to what /leave
# closes, in the forms the room list shows: the rooms the user is in as
# "#room" and the conversations as "@nick"; not the hub's other rooms.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
run_batch setup setup "/create dune"
[ "$BATCH_RC" = 0 ] || fail "setup could not make #dune"
client_start dave dave
wait_for "$T/dave.out" "joined #lobby"

tui_start alice alice
tui_wait alice "you joined #lobby"
tui_wait alice "filter:"
tui_keys alice Escape
tui_wait_gone alice "filter:"
tui_type alice "/join dev"
tui_keys alice Enter
tui_wait alice "you joined #dev"
tui_type alice "/msg dave hello"
tui_keys alice Enter
tui_wait alice "@dave"

tui_type alice "/leave d"
tui_keys alice Tab
tui_wait_match alice "^\\[#dev\\] /leave #dev$"
tui_keys alice Tab
tui_wait_match alice "^\\[#dev\\] /leave @dave$"
tui_keys alice Tab
tui_wait_match alice "^\\[#dev\\] /leave #dev$"
tui_has alice "/leave #dune" && fail "a room alice is not in was offered"
tui_keys alice C-u
ok "/leave completes rooms and conversations as #room and @nick"

tui_type alice "/part @"
tui_keys alice Tab
tui_wait_match alice "^\\[#dev\\] /part @dave$"
tui_keys alice Enter
tui_wait_gone alice "@dave"
# Closed from another window, the view stays in that window.
tui_wait_match alice "^\\[#dev\\]$"
tui_type alice "/leave #"
tui_keys alice Tab
tui_wait_match alice "^\\[#dev\\] /leave #lobby$"
tui_keys alice Tab
tui_wait_match alice "^\\[#dev\\] /leave #dev$"
tui_keys alice C-u
ok "after @ only conversations, after # only rooms; /part @nick closes it"
exit 0
