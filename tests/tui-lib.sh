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

# With CHATROOM_VALGRIND_TUI set, terminal clients run under valgrind as
# the hubs do under CHATROOM_VALGRIND (lib.sh's VG_RUN, whose logs its
# cleanup checks), and every wait is three times as long.  Not part of
# CI's valgrind run, which it would make too slow.
TUI_VG=
if [ -n "${CHATROOM_VALGRIND_TUI:-}" ]; then
	command -v valgrind >/dev/null || exit 77
	TUI_VG=$(echo $VG_RUN)	# one line, for the wrapper script
	VG_SLOW=1
fi

# Run tmux on the private server.
tm() {
	tmux -L "$TMUX_SOCK" -f /dev/null "$@"
}

# Stop the tmux server before lib.sh removes the test directory, keeping
# the test's exit status for cleanup to pass on.  Clients under valgrind
# leave on the hangup and write their leak report: cleanup waits for them
# (at most a minute) so that it reads the whole report.
tui_cleanup() {
	local rc=$? s pids=
	if [ -n "$TUI_VG" ]; then
		for s in $(tm list-sessions -F '#{session_name}' 2>/dev/null); do
			pids="$pids $(tui_pid "$s")"
		done
	fi
	tm kill-server 2>/dev/null
	for s in $pids; do
		wait_until 20 eval "[ ! -d /proc/$s ]"
	done
	(exit "$rc")
	cleanup
}
trap tui_cleanup EXIT

# Start a client in a session: tui_start NAME NICK [WIDTH HEIGHT [ENV...]].
# NICK may be NICK/#ROOM, for a target that names a room.
tui_start() {
	local name=$1 nick=${2%%/*} room= w=${3:-100} h=${4:-30}
	local term=tmux-256color
	case $2 in */*) room=/${2#*/} ;; esac
	shift 2
	[ $# -ge 2 ] && shift 2
	infocmp "$term" >/dev/null 2>&1 || term=screen
	cat >"$T/$name.sh" <<EOF
trap : INT
before=\$(stty -g)
TERM=$term env $* $TUI_VG "$CHATROOM" ${INSECURE:-} \\
    "$nick@127.0.0.1:\$1$room" 2>"$T/$name.tui.err"
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

# Kill a session's client with SIGKILL and wait until the hub has seen
# its connection go (one more "disconnected" in $HUB_LOG).
tui_crash() {
	local pid n
	pid=$(tui_pid "$1")
	[ -n "$pid" ] || fail "no client pid for $1"
	n=$(count_in "$HUB_LOG" "disconnected")
	kill -9 "$pid"
	tui_more_gone() {
		[ "$(count_in "$HUB_LOG" "disconnected")" -gt "$n" ]
	}
	wait_until 10 tui_more_gone || fail "the hub did not see $1 go"
}

# Print how often a client has been switched out, summed over its
# threads, if every thread sleeps (waits for an event), else "busy" (one
# runs, waits for a CPU or is stopped).  The same count before and after
# means the client did nothing in between.  Without a client process
# (PID empty: it exited), print "-".
tui_quiet_mark() {
	local f k v n=0
	[ -n "$1" ] || { echo -; return; }
	for f in /proc/"$1"/task/*/status; do
		while read -r k v _; do
			case $k in
			State:)
				[ "$v" = S ] || { echo busy; return; } ;;
			voluntary_ctxt_switches:|nonvoluntary_ctxt_switches:)
				n=$((n + v)) ;;
			esac
		done <"$f" 2>/dev/null || { echo busy; return; }
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
# without waking: a client held up mid-redraw under load is runnable (or
# stopped), not asleep, and a redraw it has yet to make (a frame's wait of
# TUI_FRAME_MS, a key not read) wakes it.  Without the client (it exited),
# the screen alone decides.
tui_settled() {
	local pid m1 m2 a b
	pid=$(tui_pid "$1")
	m1=$(tui_quiet_mark "$pid")
	a=$(tui_snapshot "$1")
	sleep 0.05
	b=$(tui_snapshot "$1")
	m2=$(tui_quiet_mark "$pid")
	[ "$m1" != busy ] && [ "$m1" = "$m2" ] && [ "$a" = "$b" ]
}

# Wait until a client is done drawing, as tui_settled checks, for at most
# SECS (10) seconds: tui_settle NAME [SECS].  Each capture is compared
# with the one before, so a wake-up of the client's once-a-second timers
# costs one more capture, not a new pair.
tui_settle() {
	local name=$1 secs=${2:-10} pid end m1 m2 m3 a b
	[ -n "$VG_SLOW" ] && secs=$(( secs * 3 ))
	end=$(( $(date +%s%N) / 1000000 + secs * 1000 ))
	pid=$(tui_pid "$name")
	m1=$(tui_quiet_mark "$pid")
	a=$(tui_snapshot "$name")
	m2=$(tui_quiet_mark "$pid")
	while :; do
		sleep 0.05
		b=$(tui_snapshot "$name")
		m3=$(tui_quiet_mark "$pid")
		if [ "$m1" != busy ] && [ "$m1" = "$m3" ] && [ "$a" = "$b" ]
		then
			return 0
		fi
		[ $(( $(date +%s%N) / 1000000 )) -le "$end" ] ||
		    fail "$name's screen never settled"
		if [ "$m3" = busy ] && [ -n "$pid" ] &&
		    [ ! -d "/proc/$pid" ]; then
			pid=$(tui_pid "$name")	# the client exited
			m3=$(tui_quiet_mark "$pid")
		fi
		a=$b m1=$m2 m2=$m3
	done
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

# For a test that stops the hub (SIGSTOP): continue it at the end, so
# that it can be stopped for good; call tui_stall_trap once.
tui_stall_cleanup() {
	local rc=$?
	[ -n "$HUB_PID" ] && kill -CONT "$HUB_PID" 2>/dev/null
	(exit "$rc")
	tui_cleanup
}
tui_stall_trap() {
	trap tui_stall_cleanup EXIT
}

# Is a process stopped (state T in /proc), not merely sleeping?
pid_stopped() {
	[ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" = T ]
}

# Freeze a process that runs in a tmux pane (SIGSTOP), and check that it
# stays frozen.  tmux continues the pane's own process (SIGCONT to its
# process group) as soon as that one stops, so a pane's first process
# cannot be frozen this way: the pid must be a child of the pane's shell
# (tui_pid, or a command run as "CMD; exec sleep"), or the "frozen"
# client goes on answering pings.  The caller continues or kills it.
tui_freeze() {
	local pid=$1 pane
	for pane in $(tm list-panes -a -F '#{pane_pid}' 2>/dev/null); do
		[ "$pane" = "$pid" ] &&
		    fail "cannot freeze $pid: tmux continues a pane's own process"
	done
	kill -STOP "$pid" || fail "cannot stop $pid"
	wait_until 5 pid_stopped "$pid" || fail "$pid did not stop"
}

# The room list of client NAME as "N #ROOM COUNT" lines (COUNT empty when
# nothing is unread), the status window and conversations left out.
tui_room_counts() {
	tui_screen "$1" | cut -c1-16 |
	    sed -n 's/^ *\([0-9][0-9]*\) \(#[^ ]*\) *\([0-9!]*\) *$/\1 \2 \3/p'
}

# Is the room list of client NAME, as one line, LIST?
tui_room_counts_are() {
	[ "$(tui_room_counts "$1" | tr '\n' ' ')" = "$2" ]
}

# Does the title bar of client NAME have TEXT?
tui_title_has() {
	tui_screen "$1" | head -n 1 | grep -qF -- "$2"
}

# Type a command (or a line) into client NAME and press Enter.
tui_cmd() {
	tui_type "$1" "$2"
	tui_keys "$1" Enter
}

# /quit client NAME and wait until the hub saw the connection go.
tui_quit() {
	local n
	n=$(count_in "$HUB_LOG" "disconnected")
	tui_cmd "$1" "/quit"
	tui_wait "$1" "CLIENT EXITED"
	wait_until 10 eval '[ "$(count_in "$HUB_LOG" disconnected)" -gt '"$n"' ]' ||
	    fail "the hub did not see $1 go"
}

# Has the state file FILE a read line for NICK's #ROOM on this hub?
tui_read_kept() {
	grep -q "^$2@127.0.0.1:$HUB_PORT read #$3 [0-9]* [0-9]*\$" "$1" \
	    2>/dev/null
}

# Is #ROOM in view in client NAME?
tui_in_view() {
	tui_screen "$1" | grep -qF "[#$2]"
}
