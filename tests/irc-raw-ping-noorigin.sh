#!/bin/bash
# SPDX-License-Identifier: ISC
# PING without a token is answered with 409 ERR_NOORIGIN, as IRC servers
# answer it, before and after registration; a PING with one gets PONG.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --irc-server-name irc.test

irc_open a
irc_send a "PING"
irc_wait a ":irc.test 409 * :No origin specified"
irc_register a ann
irc_send a "PING" "PING :"
wait_until 10 eval '[ "$(count_in "$T/a.irc" \
    ":irc.test 409 ann :No origin specified")" = 2 ]' ||
    fail "no 409 for PING without a token"
grep -q " 461 .*PING" "$T/a.irc" && fail "461 for PING"
ok "409 for PING without a token, none of 461"
irc_send a "PING tok"
irc_wait a ":irc.test PONG irc.test :tok"
ok "PONG for a token"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
