# SPDX-License-Identifier: ISC
# tests/tui-lib.sh: drive terminal clients in a private tmux server (bash).
#
# Sourced after tests/lib.sh.  Each client runs in its own detached
# session of fixed size inside a wrapper shell that, when the client ends,
# prints whether the terminal modes came back and the exit status, so a
# test can see both a crash and a terminal left in raw mode.

command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }

TMUX_SOCK="chatroom-test-$$"
unset TMUX

# Run tmux on the private server.
tm() {
	tmux -L "$TMUX_SOCK" -f /dev/null "$@"
}

# Stop the tmux server before lib.sh removes the test directory, keeping
# the test's exit status for cleanup to pass on.
tui_cleanup() {
	local rc=$?
	tm kill-server 2>/dev/null
	(exit "$rc")
	cleanup
}
trap tui_cleanup EXIT

# Start a client in a session: tui_start NAME NICK [WIDTH HEIGHT [ENV...]].
tui_start() {
	local name=$1 nick=$2 w=${3:-100} h=${4:-30} term=tmux-256color
	shift 2
	[ $# -ge 2 ] && shift 2
	infocmp "$term" >/dev/null 2>&1 || term=screen
	cat >"$T/$name.sh" <<EOF
trap : INT
before=\$(stty -g)
TERM=$term env $* "$CHATROOM" ${INSECURE:-} "$nick@127.0.0.1:\$1" \\
    2>"$T/$name.tui.err"
rc=\$?
after=\$(stty -g)
[ "\$before" = "\$after" ] && echo "TERMINAL RESTORED"
echo "CLIENT EXITED rc=\$rc"
exec sleep 600
EOF
	# The tmux server must not hold --batch clients' pipes open.
	(close_client_fds; tm new-session -d -s "$name" -x "$w" -y "$h" \
	    "sh '$T/$name.sh' $HUB_PORT") || fail "cannot start a tmux session"
	tm set -t "$name" window-size manual >/dev/null 2>&1
}

# The visible text of a client's screen.
tui_screen() {
	tm capture-pane -p -t "$1:"
}

# The screen with colours and attributes as escape sequences.
tui_screen_e() {
	tm capture-pane -p -e -t "$1:"
}

# Does the screen show a fixed string?
tui_has() {
	tui_screen "$1" | grep -qF -- "$2"
}

# Does the screen match an extended regular expression?
tui_matches() {
	tui_screen "$1" | grep -qE -- "$2"
}

# Wait for text on a client's screen.
tui_wait() {
	local name=$1 text=$2 secs=${3:-10}
	wait_until "$secs" tui_has "$name" "$text" || {
		tui_screen "$name" >"$T/$name.screen.out"
		fail "timed out waiting for '$text' on $name's screen"
	}
}

# Wait until text has gone from a client's screen.
tui_wait_gone() {
	local name=$1 text=$2 secs=${3:-10}
	wait_until "$secs" tui_lacks "$name" "$text" || {
		tui_screen "$name" >"$T/$name.screen.out"
		fail "'$text' stayed on $name's screen"
	}
}

# Is the text absent?
tui_lacks() {
	! tui_has "$1" "$2"
}

# Send keys (tmux key names) to a client.
tui_keys() {
	local name=$1
	shift
	tm send-keys -t "$name:" "$@"
}

# Type literal text.
tui_type() {
	tm send-keys -t "$1:" -l -- "$2"
}

# Where the cursor is: "x y".
tui_cursor() {
	tm display -p -t "$1:" '#{cursor_x} #{cursor_y}'
}

# The process id of a session's client while it runs (the child of the
# wrapper shell), or nothing.
tui_pid() {
	local sh
	sh=$(tm display -p -t "$1:" '#{pane_pid}' 2>/dev/null) || return 0
	[ -n "$sh" ] && pgrep -P "$sh" 2>/dev/null | head -n 1
}

# Print how often a process has been switched out, summed over its threads,
# if every thread sleeps (waits for an event); fail if one runs, waits for
# a CPU or is stopped.  The same count twice with sleeps at both ends means
# it did nothing in between.
tui_quiet_mark() {
	local f k v n=0
	for f in /proc/"$1"/task/*/status; do
		while read -r k v _; do
			case $k in
			State:)
				[ "$v" = S ] || return 1 ;;
			voluntary_ctxt_switches:|nonvoluntary_ctxt_switches:)
				n=$((n + v)) ;;
			esac
		done <"$f" || return 1
	done
	echo "$n"
}

# The screen with its attributes and the cursor.
tui_snapshot() {
	tm capture-pane -p -e -t "$1:" && tm display -p -t "$1:" \
	    '#{cursor_x} #{cursor_y}'
}

# Is the drawing done?  Two captures a moment apart must be the same, and
# the client must have slept from before the first to after the second,
# without waking: a client held up mid-redraw under load is runnable, not
# asleep, and a redraw it has yet to make (a frame's wait, a key not read)
# wakes it.  Without the client (it exited), the screen alone decides.
tui_settled() {
	local pid a b m1= m2=
	pid=$(tui_pid "$1")
	if [ -n "$pid" ] && [ -d "/proc/$pid/task" ]; then
		m1=$(tui_quiet_mark "$pid") || return 1
	fi
	a=$(tui_snapshot "$1")
	sleep 0.1
	b=$(tui_snapshot "$1")
	if [ -n "$m1" ]; then
		m2=$(tui_quiet_mark "$pid") || return 1
	fi
	[ "$a" = "$b" ] && [ "$m1" = "$m2" ]
}

# Wait until a client's screen stops changing and the client is idle.
tui_settle() {
	wait_until 10 tui_settled "$1" || fail "$1's screen never settled"
}

# Wait for a line matching an extended regular expression.
tui_wait_match() {
	local name=$1 re=$2 secs=${3:-10}
	wait_until "$secs" tui_matches "$name" "$re" || {
		tui_screen "$name" >"$T/$name.screen.out"
		fail "timed out waiting for /$re/ on $name's screen"
	}
}

# Is the cursor in a given column?
tui_cursor_x_is() {
	[ "$(tm display -p -t "$1:" '#{cursor_x}')" = "$2" ]
}

# Has the client rung the terminal bell?
tui_bell() {
	[ "$(tm display -p -t "$1:" '#{window_bell_flag}')" = 1 ]
}
