#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: the log's "newer than the last logged message" rule
# orders by the hub's time (UTC), not the local time the file shows: in
# Paris, on the night summer time ends, 02:50 CEST is logged, and a
# message of 02:10 CET, 20 minutes later, sent while the client was down,
# is logged when the hub replays it (by its lines alone, the file would
# seem to end at 02:50 CET).  The hub is a script behind socat that
# welcomes "eve" into #lobby; the first login gets 2 live messages, the
# next a replay of 3.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

command -v socat >/dev/null || { echo "no socat"; exit 77; }

[ -e /usr/share/zoneinfo/Europe/Paris ] || { echo "no tzdata"; exit 77; }
# 2026-10-25 00:40, 00:50 and 01:10 UTC: 02:40 CEST, 02:50 CEST, 02:10 CET.
ts=(1792888800000 1792889400000 1792890600000)
msg() {	# msg N: message N, at ts[N]
	printf '{"type":"msg","id":%d,"ts":%d,"room":"lobby","nick":"w","text":"line %d"}\n' \
	    $(($1 + 10)) "${ts[$1]}" "$1"
}
welcome='{"type":"welcome","version":1,"nick":"eve","token":"00112233445566778899aabbccddeeff","resumed":false,"hub":"fake","resume":120}'
{
	echo "$welcome"
	echo '{"type":"room","room":"lobby","topic":"","members":["eve","w"]}'
	for i in 0 1; do msg "$i"; done
} >"$T/frames.1"
{
	echo "$welcome"
	echo '{"type":"room","room":"lobby","topic":"","members":["eve","w"],"history":3}'
	for i in 0 1 2; do msg "$i"; done
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

tui_start one eve 100 30 TZ=Europe/Paris
tui_wait one "line 1"
wait_until 10 grep -qF "line 1" "$log" ||
    fail "not logged: $(cat "$log" 2>&1)"
kill -9 "$(tui_pid one)"
tui_wait one "CLIENT EXITED"

grep -qF "2026-10-25 02:50:00 <w> line 1" "$log" ||
    fail "not logged in Paris time: $(cat "$log")"
tui_start two eve 100 30 TZ=Europe/Paris
tui_wait two "second end"
wait_until 10 grep -qF "second end" "$log" ||
    fail "not logged: $(cat "$log" 2>&1)"
for i in 0 1 2; do
	n=$(grep -c "<w> line $i\$" "$log")
	[ "$n" = 1 ] || fail "line $i logged $n times: $(cat "$log")"
done
ok "the hour repeated when summer time ends logs each message once"
exit 0
