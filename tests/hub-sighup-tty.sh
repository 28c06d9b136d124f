#!/bin/bash
# SPDX-License-Identifier: ISC
# A hub run by hand on a terminal (README's quick start): closing the
# terminal hangs it up, and it saves and exits instead of reloading and
# living on unseen; the next hub on the same history file starts.  While
# the terminal is there, SIGHUP from another shell still reloads, and a
# hub started with nohup outlives its terminal.
. "$top_srcdir/tests/lib.sh"

command -v script >/dev/null || { echo "no script(1): skipped"; exit 77; }

# Start the hub on a pseudo-terminal of script(1), in a shell as in a
# terminal window, after the words given (nohup); its log goes to a file
# since the terminal will be gone.  Sets HUB_PID, HUB_LOG and TTY_PID.
tty_hub() {
	local vg out=
	vg=$(echo $VG)		# one line, for the command string
	# nohup would write nohup.out here: its output goes to a file.
	[ $# -gt 0 ] && out=">$T/nohup.out 2>&1"
	HUB_PORT=$(pick_port)
	HUB_LOG="$T/tty-hub$#.log"
	rm -f "$T/hub.pid"
	script -qfec "bash -c '$* $vg $CHATROOM --serve $INSECURE \
	    --listen 127.0.0.1:$HUB_PORT --history $T/history.json \
	    --log-file $HUB_LOG $out & echo \$! >$T/hub.pid; \
	    wait \$!'" /dev/null </dev/null >"$T/script.out" 2>&1 &
	TTY_PID=$!
	PIDS="$PIDS $TTY_PID"
	disown "$TTY_PID"	# no "Killed" notice when it is killed
	wait_until 30 eval "[ -s '$T/hub.pid' ] &&
	    grep -q 'hub ready' '$HUB_LOG'" ||
	    fail "the hub on a terminal did not start"
	HUB_PID=$(cat "$T/hub.pid")
	PIDS="$PIDS $HUB_PID"
	wait_until 10 eval "ss -Hltn 'sport = :$HUB_PORT' | grep -q ." ||
	    fail "the hub on a terminal does not listen"
}

tty_hub
client_start watcher watcher
wait_for "$T/watcher.out" "you joined #lobby"

# SIGHUP from another shell, the terminal still open: a reload.
kill -HUP "$HUB_PID"
wait_for "$HUB_LOG" "reloaded"
kill -0 "$HUB_PID" 2>/dev/null || fail "SIGHUP stopped a hub whose terminal is there"
ok "SIGHUP with the terminal there reloads"

# The terminal goes away (its emulator is killed): the hub saves and exits.
kill -9 "$TTY_PID"
wait_until 20 eval "! kill -0 $HUB_PID" ||
    fail "the hub lives on after its terminal was closed"
grep -q "the terminal is gone" "$HUB_LOG" || fail "no reason in the log"
grep -q "hub stopped" "$HUB_LOG" || fail "the hub did not stop cleanly"
wait_for "$T/watcher.err" "the hub is shutting down"
ok "closing the terminal stops the hub"

# Under nohup, the hub outlives its terminal (and reloads on SIGHUP).
tty_hub nohup
kill -9 "$TTY_PID"
wait_for "$HUB_LOG" "received SIGHUP: reloading"
kill -0 "$HUB_PID" 2>/dev/null || fail "a hub under nohup died with its terminal"
stop_hub TERM
ok "a hub under nohup outlives its terminal"

# The next hub on the same file starts (the lock is free).
start_hub
ok "the next hub starts on the same history file"
