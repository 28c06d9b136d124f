#!/bin/bash
# SPDX-License-Identifier: ISC
# --log-messages tells an action from a message, as IRC clients log them
# ("lobby * bot waves"), in a room and in a direct message, and marks a
# picture; a plain message and a notice are logged as before.
. "$top_srcdir/tests/lib.sh"

start_hub --log-messages
client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"
make_quadrants_ppm "$T/q.ppm"
run_batch bot bot "logged text" "/msg alice secret dm" "/me waves" \
    "/image $T/q.ppm 20" "/msg alice" "/me nods"
[ "$BATCH_RC" = 0 ] || fail "bot: exit status $BATCH_RC"
wait_for "$HUB_LOG" "dm bot -> alice: * bot nods"
grep -q "info: lobby <bot> \[image\] q.ppm$" "$HUB_LOG" ||
    fail "a picture is not logged as one"
grep -q "info: lobby <bot> logged text$" "$HUB_LOG" ||
    fail "a message is not logged as before"
grep -q "info: dm bot -> alice: secret dm$" "$HUB_LOG" ||
    fail "a direct message is not logged as before"
grep -q "info: lobby \* bot waves$" "$HUB_LOG" ||
    fail "an action in a room is not logged as one"
grep -q "info: lobby <bot> waves$" "$HUB_LOG" &&
    fail "an action is logged as a message"
ok "an action and a picture are told apart in the log"
client_stop alice
stop_hub TERM
exit 0
