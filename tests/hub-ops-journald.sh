#!/bin/bash
# SPDX-License-Identifier: ISC
# Under systemd, whose journal stamps each line itself, the hub's log
# lines on standard error carry a priority instead of a time stamp, so
# that "journalctl -u chatroom -p warning" shows the warnings.  systemd
# says so with JOURNAL_STREAM=DEVICE:INODE of standard error; anywhere
# else the lines keep their time stamps.
. "$top_srcdir/tests/lib.sh"

HUB_LOG=$T/hub.log
: >"$HUB_LOG"
JOURNAL_STREAM=$(stat -c '%d:%i' "$HUB_LOG") start_hub
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
grep -q '^<4>warning: --insecure' "$HUB_LOG" || fail "no <4> warning"
grep -q '^<6>info: .* hub ready' "$HUB_LOG" || fail "no <6> info"
grep -q '^[0-9]' "$HUB_LOG" && fail "a time stamp for the journal"
ok "for the journal: priorities, no time stamps"

HUB_NAME=elsewhere JOURNAL_STREAM=1:1 start_hub
stop_hub TERM
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} .* warning: --insecure' \
    "$T/elsewhere.log" || fail "no time stamp when not on the journal"
grep -q '^<' "$T/elsewhere.log" && fail "a priority when not on the journal"
ok "elsewhere: time stamps, no priorities"
