#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the room picker cuts a room name or a topic too long
# for its column with an ellipsis, as the title bar does, so that a name
# shown whole is the room's whole name.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

long=abcdefghijklmnopqrstuvwxyz012345
start_hub
run_batch setup setup "/create $long" "/create dev" \
    "/topic 开发讨论：每周三下午三点开会，请准时参加，不要迟到，谢谢大家 — weekly sync of the team"
[ "$BATCH_RC" = 0 ] || fail "setup failed"

tui_start bob bob 100 30
tui_wait bob "you joined #lobby"
tui_wait bob "#dev"
tui_wait bob "#abcdefghij"
tui_settle bob
row=$(tui_screen bob | grep -F "#abcdefghij")
case $row in
*"#$long "*) ;;		# room enough for the whole name
*"…"*) ;;
*) fail "the long name is cut without an ellipsis: $row" ;;
esac
row=$(tui_screen bob | grep -F "#dev")
[[ $row == *"weekly sync of the team"* || $row == *"…"* ]] ||
    fail "the topic is cut without an ellipsis: $row"
ok "a name or topic too long for the picker is cut with an ellipsis"

tui_keys bob Escape
tui_wait_gone bob "filter:"
tui_quit bob
exit 0
