#!/bin/bash
# SPDX-License-Identifier: ISC
# A history file that cannot be saved for a long while (a read-only or
# full directory, here a directory in the file's place, which stops root
# too) is retried every flush interval but logged once, then once a
# minute, not twice a second; once a save succeeds again the log says
# after how many tries.  A read-only directory, where the hub's user is
# not root, logs its journal rotations once too.
. "$top_srcdir/tests/lib.sh"

start_hub --flush-interval 1
raw_open w
raw_send w '{"type":"hello","version":1,"nick":"writer"}'
raw_expect w '"type":"history_end"'
wait_for "$HUB_LOG" "history saved to" 20

rm "$T/history.json"
mkdir -p "$T/history.json/in-the-way"
raw_send w '{"type":"msg","room":"lobby","text":"one","seq":1}'
raw_expect w '"type":"ack"'
wait_for "$HUB_LOG" "history not saved (will retry)" 20
# Let it retry a few intervals.
sleep 5
n=$(grep -c "history not saved\|still not saved" "$HUB_LOG")
[ "$n" = 1 ] || fail "$n lines for one failing save"
kill -0 "$HUB_PID" || fail "hub died"
ok "a save that keeps failing is logged once"

rm -r "$T/history.json"
wait_for "$HUB_LOG" "failed tries" 20
grep -q '"text":"one"' "$T/history.json" || fail "message not saved"
ok "the save that succeeds again says after how many tries"

stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"

# A read-only directory, for a hub that is not root.
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null || { echo "no setpriv"; exit 0; }
	run_as="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	# A build under a directory only root may enter, as /root.
	$run_as "$CHATROOM" --version >/dev/null 2>&1 ||
	    { echo "nobody cannot run $CHATROOM: skipped"; exit 0; }
else
	run_as=
fi
D=$T/ro
mkdir "$D"
# The hub's user writes valgrind's report in $T too.
[ -n "$run_as" ] && { chmod 1777 "$T"; chown nobody "$D"; }
HUB_LOG=$T/ro.log
HUB_PORT=$(pick_port)
# shellcheck disable=SC2086
$run_as $VG "$CHATROOM" --serve --insecure --listen "127.0.0.1:$HUB_PORT" \
    --history "$D/history.json" --flush-interval 1 >>"$HUB_LOG" 2>&1 &
HUB_PID=$!
PIDS="$PIDS $HUB_PID"
wait_until 30 hub_ready_or_dead || fail "hub did not start"
wait_for "$HUB_LOG" "history saved to" 20
chmod 555 "$D"
raw_open r
raw_send r '{"type":"hello","version":1,"nick":"reader"}'
raw_expect r '"type":"history_end"'
wait_for "$HUB_LOG" "history not saved (will retry)" 20
sleep 5
chmod 755 "$D"
n=$(grep -c "journal not rotated" "$HUB_LOG")
[ "$n" = 1 ] || fail "$n lines for one journal that cannot rotate"
n=$(grep -c "history not saved\|still not saved" "$HUB_LOG")
[ "$n" = 1 ] || fail "$n lines for one failing save in a read-only directory"
wait_for "$HUB_LOG" "failed tries" 20
ok "a read-only directory is logged once"
