#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: continued after a stop it did not see (SIGSTOP, as a
# suspend test or a job-control shell gives), with the terminal left
# echoing line by line and written over meanwhile, it takes the terminal
# back and draws everything again.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# A stopped client must be continued before it can be stopped for good.
cont_cleanup() {
	local rc=$?
	[ -n "${pid:-}" ] && kill -CONT "$pid" 2>/dev/null
	(exit "$rc")
	tui_cleanup
}
trap cont_cleanup EXIT

start_hub
tui_start amy amy
tui_wait amy "you joined #lobby"
pid=$(tui_pid amy)
tty=$(tm display -p -t amy: '#{pane_tty}')
[ -n "$pid" ] && [ -c "$tty" ] || fail "no client or no terminal"
kill -STOP "$pid"
# What a shell does when it takes the terminal back: sane modes, its own
# output.
stty -F "$tty" sane || fail "cannot set the terminal's modes"
echo "SHELL WROTE THIS" >"$tty"
tui_wait amy "SHELL WROTE THIS"
kill -CONT "$pid"
tui_wait_gone amy "SHELL WROTE THIS"
tui_type amy "ab"
tui_keys amy Left
tui_type amy "X"
tui_wait amy "aXb"
tui_has amy "^[[D" && fail "a key was echoed by the terminal"
ok "continued after SIGSTOP, the client redraws and takes its keys again"
exit 0
