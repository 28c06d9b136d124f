#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: after a resume whose replay lacks messages the room no
# longer keeps (more came than --history-size), the room shows, where
# they were, how many the user missed, and its log file has that line.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

command -v socat >/dev/null 2>&1 || { echo "socat not found: skipped"; exit 77; }

# bob reaches the hub through socat, which takes one connection: stopping
# it cuts bob's connection, and bob cannot come back until it is started.
proxy_start() {
	socat_start proxy "TCP-LISTEN:$PROXY,bind=127.0.0.1,reuseaddr" \
	    "TCP:127.0.0.1:$HUB"
	PROXY_PID=$SOCAT_PID
}

start_hub --history-size 5 --resume-timeout 120
HUB=$HUB_PORT
PROXY=$(pick_port)
proxy_start
HUB_PORT=$PROXY tui_start bob bob 100 30 XDG_STATE_HOME="$T/state-bob"
tui_wait bob "you joined #lobby"
tui_type bob "/join dev"
tui_keys bob Enter
tui_wait bob "you joined #dev"
run_batch writer writer "/join dev" "before the cut"
tui_wait bob "<writer> before the cut"

kill "$PROXY_PID"
wait "$PROXY_PID" 2>/dev/null
tui_wait bob "disconnected"
# Eight more: the room keeps five, so w1-w3 go (and "before the cut").
run_batch writer writer "/join dev" w1 w2 w3 w4 w5 w6 w7 w8
[ "$BATCH_RC" -eq 0 ] || fail "the writer failed: $(cat "$T/writer.err")"
proxy_start
tui_wait bob "reconnected: session resumed" 60
gap="3 messages you missed in #dev are no longer kept by the hub"
tui_wait bob "$gap"
tui_wait bob "<writer> w8"
tui_screen bob | grep -E "before the cut|$gap|<writer> w[1-8]" |
    sed 's/^[^<]*\(<writer>\)/\1/; s/^.*\(3 messages\)/\1/' >"$T/order"
printf '%s\n' "<writer> before the cut" "$gap" "<writer> w4" "<writer> w5" \
    "<writer> w6" "<writer> w7" "<writer> w8" | diff - "$T/order" ||
    fail "the gap is not shown where it is: $(tui_screen bob)"
ok "the room says how many missed messages the hub no longer keeps"

log="$T/state-bob/chatroom/logs/bob@127.0.0.1:$PROXY/#dev.log"
wait_until 20 grep -qF "$gap" "$log" ||
    fail "the room's log lacks the gap: $(cat "$log" 2>&1)"
ok "the room's log has the gap"
exit 0
