#!/bin/bash
# SPDX-License-Identifier: ISC
# A line shown as "(sending…)" when the connection went, that the resume
# replay then shows as stored, leaves the window at once: the pong that
# ends the replay redraws it, even when nothing else arrives after it.
# A fake hub makes the pong come well after the replay, as a hub just
# continued after a stop may.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
command -v socat >/dev/null || { echo "socat not found: skipped"; exit 77; }

# The first connection welcomes dan and takes his line without an answer,
# then drops; the second resumes, replays the line as stored, and answers
# the ping that asks for the end of the replay two seconds late.  Other
# requests get an ack.
cat >"$T/hub.sh" <<HUB
n=\$(cat "$T/conns" 2>/dev/null || echo 0)
n=\$((n + 1))
echo "\$n" >"$T/conns"
echo '{"type":"challenge","nonce":"$(printf '%064d' 7)"}'
IFS= read -r hello
printf '%s\n' "\$hello" >>"$T/sent"
if [ "\$n" -eq 1 ]; then
	echo '{"type":"welcome","version":2,"nick":"dan","token":"00112233445566778899aabbccddeeff","resumed":false,"hub":"fake","resume":120,"replay_exact":true}'
	echo '{"type":"joined","room":"lobby","nick":"dan","ts":1700000000000}'
	echo '{"type":"room","room":"lobby","topic":"","members":["dan","bob"],"history":1}'
	echo '{"type":"msg","id":1,"ts":1700000000000,"room":"lobby","nick":"bob","text":"hello dan"}'
	echo '{"type":"history_end","room":"lobby"}'
else
	echo '{"type":"welcome","version":2,"nick":"dan","token":"00112233445566778899aabbccddeeff","resumed":true,"hub":"fake","resume":120,"replay_exact":true}'
	echo '{"type":"room","room":"lobby","topic":"","members":["dan","bob"],"history":1,"resumed":true}'
	echo '{"type":"msg","id":2,"ts":1700000001000,"room":"lobby","nick":"dan","text":"stored while lost"}'
	echo '{"type":"history_end","room":"lobby"}'
fi
while IFS= read -r line; do
	printf '%s\n' "\$line" >>"$T/sent"
	seq=
	[[ \$line =~ \"seq\":([0-9]+) ]] && seq=,\"seq\":\${BASH_REMATCH[1]}
	case \$n:\$line in
	1:*'"type":"msg"'*)
		sleep 4
		exit 0 ;;
	*'"type":"ping"'*)
		sleep 2
		printf '{"type":"pong"%s}\n' "\$seq"
		echo pong >>"$T/sent" ;;
	*) [ -n "\$seq" ] && printf '{"type":"ack"%s}\n' "\$seq" ;;
	esac
done
exit 0
HUB
HUB_PORT=$(pick_port)
socat_start fakehub "TCP-LISTEN:$HUB_PORT,bind=127.0.0.1,reuseaddr,fork" \
    SYSTEM:"bash '$T/hub.sh'"

tui_start dan dan
tui_wait dan "<bob> hello dan"
tui_type dan "stored while lost"
tui_keys dan Enter
tui_wait dan "stored while lost  (sending…)"
tui_wait dan "disconnected" 20
wait_until 30 grep -qx pong "$T/sent" ||
    fail "the client did not ask for the end of the replay: $(cat "$T/sent")"
# The frame drawn after the pong must not keep the stored line pending.
wait_until 5 tui_lacks dan "(sending…)" || {
	tui_screen dan >"$T/dan.screen.out"
	fail "the stored line still shows as being sent"
}
n=$(tui_screen dan | grep -c "<dan> stored while lost")
[ "$n" -eq 1 ] || fail "the line shows $n times"
ok "the pong that ends the replay takes the stored line's pending row away"
exit 0
