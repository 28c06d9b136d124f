#!/bin/bash
# SPDX-License-Identifier: ISC
# --batch --json prints the hub's frames, but not the pongs that answer
# the client's own keepalive pings: the user sent no ping.
. "$top_srcdir/tests/lib.sh"

command -v socat >/dev/null || { echo "no socat"; exit 77; }

# The fake hub welcomes the client, then writes down every line it sends
# and answers each ping with a pong (and each other request with an ack).
cat >"$T/hub.sh" <<HUB
echo '{"type":"welcome","version":1,"nick":"eve","token":"00112233445566778899aabbccddeeff","resumed":false,"hub":"fake","resume":120}'
echo '{"type":"room","room":"lobby","topic":"","members":["eve","bob"]}'
echo '{"type":"history_end","room":"lobby"}'
while IFS= read -r line; do
	printf '%s\n' "\$line" >>"$T/sent"
	seq=
	[[ \$line =~ \"seq\":([0-9]+) ]] && seq=,\"seq\":\${BASH_REMATCH[1]}
	case \$line in
	*'"type":"ping"'*) printf '{"type":"pong"%s}\n' "\$seq" ;;
	*) [ -n "\$seq" ] && printf '{"type":"ack"%s}\n' "\$seq" ;;
	esac
done
exit 0
HUB
socat_serve "bash '$T/hub.sh'"
# Ping after 1 s of silence: several pings in a few seconds.
export CHATROOM_TEST_LAG=1,1,30
client_start eve eve --json
unset CHATROOM_TEST_LAG
wait_for "$T/eve.out" '"type":"history_end"' 20
pings() {
	[ "$(grep -c '"type":"ping"' "$T/sent" 2>/dev/null)" -ge "$1" ]
}
wait_until 30 pings 2 || fail "the client did not ping: $(cat "$T/sent")"
client_say eve "after the pings"
wait_until 10 grep -qF "after the pings" "$T/sent" ||
    fail "the client no longer talks to the hub"
wait_for "$T/eve.out" '"type":"ack"' 10
client_stop eve
[ "$CLIENT_RC" -eq 0 ] || fail "the client exited with $CLIENT_RC"
grep -qF '"type":"pong"' "$T/eve.out" &&
    fail "--json printed the pong to its own ping: $(cat "$T/eve.out")"
grep -qF '"type":"welcome"' "$T/eve.out" ||
    fail "--json left out the welcome: $(cat "$T/eve.out")"
ok "--json leaves out the pongs to the client's own keepalive"
exit 0
