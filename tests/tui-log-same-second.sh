#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the log's "newer than the last logged message" rule
# orders by the hub's time to the millisecond, not the local second: 45
# messages of one second, the last 5 of them sent while the client was
# down, are each logged once when the hub replays them all.  The hub is
# a script behind socat that welcomes "eve" into #lobby; the first login
# gets 40 live messages, the next a replay of 45.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

command -v socat >/dev/null || { echo "no socat"; exit 77; }

base=$(($(date +%s) * 1000))
msg() {	# msg ID: message ID, at base + ID ms
	printf '{"type":"msg","id":%d,"ts":%d,"room":"lobby","nick":"w","text":"line %d"}\n' \
	    $(($1 + 10)) $((base + $1)) "$1"
}
welcome='{"type":"welcome","version":1,"nick":"eve","token":"00112233445566778899aabbccddeeff","resumed":false,"hub":"fake","resume":120}'
{
	echo "$welcome"
	echo '{"type":"room","room":"lobby","topic":"","members":["eve","w"]}'
	for i in $(seq 0 39); do msg "$i"; done
} >"$T/frames.1"
{
	echo "$welcome"
	echo '{"type":"room","room":"lobby","topic":"","members":["eve","w"],"history":45}'
	for i in $(seq 0 44); do msg "$i"; done
	echo '{"type":"history_end","room":"lobby"}'
	echo '{"type":"msg","id":101,"room":"lobby","nick":"w","text":"second end"}'
} >"$T/frames.2"
echo 0 >"$T/round"
cat >"$T/hub.sh" <<HUB
round=\$((\$(cat "$T/round") + 1))
echo "\$round" >"$T/round"
echo '{"type":"challenge","nonce":"$(printf '%064d' 7)"}'
IFS= read -r hello
cat "$T/frames.\$round"
while IFS= read -r line; do
	[[ \$line =~ \"seq\":([0-9]+) ]] &&
	    printf '{"type":"ack","seq":%s}\n' "\${BASH_REMATCH[1]}"
done
HUB
HUB_PORT=$(pick_port)
socat_start fakehub "TCP-LISTEN:$HUB_PORT,bind=127.0.0.1,reuseaddr,fork" \
    SYSTEM:"bash '$T/hub.sh'"
log="$T/state/chatroom/logs/eve@127.0.0.1:$HUB_PORT/#lobby.log"

tui_start one eve 100 30
tui_wait one "line 39"
wait_until 10 grep -qF "line 39" "$log" ||
    fail "not logged: $(cat "$log" 2>&1)"
kill -9 "$(tui_pid one)"
tui_wait one "CLIENT EXITED"

tui_start two eve 100 30
tui_wait two "second end"
wait_until 10 grep -qF "second end" "$log" ||
    fail "not logged: $(cat "$log" 2>&1)"
for i in $(seq 0 44); do
	n=$(grep -c "<w> line $i\$" "$log")
	[ "$n" = 1 ] || fail "line $i logged $n times: $(cat "$log")"
done
ok "45 messages of one second are each logged once"
exit 0
