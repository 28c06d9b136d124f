#!/bin/bash
# SPDX-License-Identifier: ISC
# The keepalive limits come from the client's configuration file:
# LAG_PING (seconds of silence before a ping) and LAG_GIVE_UP (seconds
# without an answer before the connection is given up), for --batch as
# for the terminal client; a value out of range is reported and ignored.
. "$top_srcdir/tests/lib.sh"

mkdir -p "$T/config/chatroom" "$T/bad/chatroom"
printf 'LAG_PING=5\nLAG_GIVE_UP=10\n' >"$T/config/chatroom/config"
printf 'LAG_PING=1\nLAG_GIVE_UP=forever\n' >"$T/bad/chatroom/config"

start_hub
XDG_CONFIG_HOME="$T/bad" run_batch bad bad "/rooms"
[ "$BATCH_RC" -eq 0 ] || fail "a bad LAG_* setting stopped the client"
grep -qF "chatroom: $T/bad/chatroom/config:1: LAG_PING: invalid value '1' (expected an integer from 5 to 3600)" \
    "$T/bad.err" || fail "LAG_PING=1 not reported: $(cat "$T/bad.err")"
grep -qF "chatroom: $T/bad/chatroom/config:2: LAG_GIVE_UP: invalid value 'forever' (expected an integer from 10 to 3600)" \
    "$T/bad.err" || fail "LAG_GIVE_UP=forever not reported: $(cat "$T/bad.err")"
ok "LAG_PING and LAG_GIVE_UP out of range are reported"

# A hub that stops answering: given up after 5 s of silence and 10 s of
# waiting, not the default 30 and 90.
XDG_CONFIG_HOME="$T/config" client_start bot bot
client_say bot "/join dev"
wait_for "$T/bot.out" "you joined #dev"
kill -STOP "$HUB_PID"
start=$(date +%s)
wait_until 60 eval '! kill -0 "${CLIENT_PID[bot]}" 2>/dev/null'
kill -CONT "$HUB_PID"
wait "${CLIENT_PID[bot]}"
rc=$?
took=$(( $(date +%s) - start ))
[ "$rc" -eq 1 ] || fail "--batch exited with $rc: $(cat "$T/bot.err")"
grep -q "the hub did not answer for 10 seconds" "$T/bot.err" ||
    fail "not given up after LAG_GIVE_UP: $(cat "$T/bot.err")"
[ "$took" -ge 10 ] || fail "given up after $took s, before LAG_GIVE_UP"
ok "LAG_PING=5 and LAG_GIVE_UP=10 give a stopped hub up in $took s"
exit 0
