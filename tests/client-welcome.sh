#!/bin/bash
# SPDX-License-Identifier: ISC
# A hub that says welcome without sending its challenge first has
# answered: the client takes the session and does not give it up when the
# time it waits for a challenge runs out; a challenge coming after the
# welcome is ignored (no second hello).
. "$top_srcdir/tests/lib.sh"

command -v socat >/dev/null || { echo "no socat"; exit 77; }

# The fake hub greets with welcome at once, waits past the client's wait
# for a challenge (CR_CHALLENGE_WAIT, 5 s), then sends a late challenge
# and a message, and writes down (and acknowledges) every line the
# client sent.
cat >"$T/hub.sh" <<HUB
echo '{"type":"welcome","version":1,"nick":"eve","token":"00112233445566778899aabbccddeeff","resumed":false,"hub":"fake","resume":120}'
echo '{"type":"room","room":"lobby","topic":"","members":["eve","bob"]}'
echo '{"type":"history_end","room":"lobby"}'
sleep 7
echo '{"type":"challenge","nonce":"$(printf '%064d' 7)"}'
echo '{"type":"msg","id":1,"ts":1,"room":"lobby","nick":"bob","text":"still here"}'
while IFS= read -r line; do
	printf '%s\n' "\$line" >>"$T/sent"
	[[ \$line =~ \"seq\":([0-9]+) ]] &&
	    printf '{"type":"ack","seq":%s}\n' "\${BASH_REMATCH[1]}"
done
exit 0
HUB
socat_serve "bash '$T/hub.sh'"
client_start eve eve
wait_for "$T/eve.out" "<bob> still here" 20
grep -qiE "disconnected|cannot connect|not a chatroom hub" "$T/eve.err" &&
    fail "the client dropped the hub that welcomed it: $(cat "$T/eve.err")"
ok "a welcome without a challenge stops the wait for one"

client_say eve "after the welcome"
wait_until 10 grep -qF "after the welcome" "$T/sent" ||
    fail "the client no longer talks to the hub"
grep -qF '"type":"hello"' "$T/sent" && fail "a hello after the welcome"
ok "a late challenge is ignored"
client_stop eve
[ "$CLIENT_RC" -eq 0 ] || fail "the client exited with $CLIENT_RC"
exit 0
