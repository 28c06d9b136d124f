# SPDX-License-Identifier: ISC
# tests/lib.sh: helpers for black-box tests of the real binary (bash).
#
# Each test works in its own mktemp -d directory, on a loopback port it
# picks itself, waits on conditions with deadlines (never fixed sleeps),
# and stops everything it started on exit.

set -u
: "${CHATROOM:?CHATROOM must name the chatroom binary}"
: "${top_srcdir:=.}"

T=$(mktemp -d "${TMPDIR:-/tmp}/chatroom-test.XXXXXX")
export XDG_CONFIG_HOME="$T/config" XDG_STATE_HOME="$T/state" HOME="$T"
PIDS=
declare -A CLIENT_FD CLIENT_PID RAW_FD
# With CHATROOM_VALGRIND set, every chatroom process but the terminal
# clients runs under valgrind (VG_RUN; CHATROOM_VALGRIND_TUI wraps those,
# tests/tui-lib.sh); any error or definite leak fails the test, as
# cleanup finds it in a log.  VG_SLOW, set under either, lengthens waits.
VG_RUN="valgrind -q --error-exitcode=99 --leak-check=full
    --show-leak-kinds=definite --errors-for-leak-kinds=definite
    --log-file=$T/valgrind.%p.txt"
VG=
VG_SLOW=
if [ -n "${CHATROOM_VALGRIND:-}" ]; then
	command -v valgrind >/dev/null || exit 77
	VG=$VG_RUN VG_SLOW=1
fi

# Plain TCP unless a test clears this (tests/tls.sh): the raw protocol
# tests speak to the hub through bash's /dev/tcp.
INSECURE=--insecure
HUB_PID=
HUB_PORT=
HUB_LOG=

cleanup() {
	local p rc=$? f
	# The test's own shell cleans up, never a subshell of it (a sender
	# or a reader in the background): make check once saw one run this
	# and remove the directory of the test still running.
	[ "$BASHPID" = "$$" ] || exit "$rc"
	exec 3>&2 2>/dev/null	# no "Killed" notices from the shell
	for p in $PIDS; do
		kill -TERM "$p" 2>/dev/null
	done
	sleep 0.2
	for p in $PIDS; do
		kill -9 "$p" 2>/dev/null
	done
	wait 2>/dev/null
	for f in "$T"/valgrind.*.txt; do
		[ -s "$f" ] || continue
		echo "valgrind reported errors:" >&3
		cat "$f" >&3
		rc=1
	done
	# .ci/run lists the slowest tests from these lines.
	echo "# test took ${SECONDS}s" >&3
	if [ -n "${KEEP_TEST_DIR:-}" ]; then
		echo "test directory kept: $T" >&3
	else
		rm -rf "$T"
	fi
	exit $rc
}
trap cleanup EXIT
# A write to a connection the hub closed must fail, not kill the test.
trap "" PIPE

# Fail the test, showing the logs that explain why.
fail() {
	local f
	echo "FAIL: $*" >&2
	for f in "$T"/*.log "$T"/*.out "$T"/*.err; do
		[ -f "$f" ] || continue
		echo "--- $f" >&2
		tail -n 40 "$f" >&2
	done
	exit 1
}

# Note a passing check.
ok() {
	echo "ok: $*"
}

# Wait until a command succeeds, polling, for at most $1 seconds (three
# times as long under valgrind, which runs the programs ten times slower:
# a deadline is a bound on a hang, not a performance check).
wait_until() {
	local secs=${1%.*}
	[ -n "$VG_SLOW" ] && secs=$(( secs * 3 ))
	local deadline=$(( $(date +%s%N) / 1000000 + secs * 1000 ))
	shift
	while ! "$@" 2>/dev/null; do
		if [ $(( $(date +%s%N) / 1000000 )) -gt "$deadline" ]; then
			return 1
		fi
		sleep 0.05
	done
	return 0
}

# Wait for a fixed string in a file.
wait_for() {
	local file=$1 text=$2 secs=${3:-10}
	wait_until "$secs" grep -qF -- "$text" "$file" ||
		fail "timed out waiting for '$text' in $file"
}

# Wait until the hub's history file holds the message TEXT, so a hub
# killed now keeps it and everything before it. Counting "history saved"
# lines instead races: the save that covers the change can come before
# the count is taken, and with nothing new no save follows it.
wait_saved() {
	wait_until "${2:-20}" grep -qF -- "\"text\":\"$1\"" \
	    "${HUB_HISTORY:-$T/history.json}" ||
		fail "the hub did not save its history with '$1'"
}

# Is the session of a raw connection an operator: does /bans answer it?
is_oper() {
	RAWSEQ=${RAWSEQ:-100}
	RAWSEQ=$((RAWSEQ + 1))
	raw_send "$1" "{\"type\":\"bans\",\"seq\":$RAWSEQ}"
	raw_expect "$1" "\"seq\":$RAWSEQ"
	case "$RAW_LINE" in
	*'"type":"banlist"'*) return 0 ;;
	*'"code":"not_oper"'*) return 1 ;;
	esac
	fail "$1: what answer to bans is that: $RAW_LINE"
}

# Count lines of a file that contain a fixed string.
count_in() {
	grep -cF -- "$2" "$1" 2>/dev/null || true
}

# Pick a loopback port no socket uses, below the kernel's range for
# outgoing connections, so no client's connection can take it meanwhile.
pick_port() {
	local p lo=32768
	read -r lo _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null
	[ "$lo" -gt 12000 ] || lo=32768
	while :; do
		p=$(( 10000 + RANDOM % (lo - 10000) ))
		if ! ss -Htan "sport = :$p" 2>/dev/null | grep -q .; then
			echo "$p"
			return
		fi
	done
}

# Start a hub on a fresh port: start_hub [extra options].  Sets HUB_PID,
# HUB_PORT and HUB_LOG; the history file is $T/history.json unless given.
# Each %PORT% in an option is a fresh port too, picked again with
# HUB_PORT when a try finds a port taken; they are in HUB_PORTS, in order.
start_hub() {
	local try secs=10 a args
	# A TLS hub under valgrind on a busy machine needs more (OpenSSL's
	# start-up alone can take several seconds there).
	[ -n "$VG" ] && secs=30
	for try in 1 2 3 4 5; do
		HUB_PORT=${FORCE_PORT:-$(pick_port)}
		HUB_PORTS=() args=()
		for a in "$@"; do
			if [[ $a == *%PORT%* ]]; then
				HUB_PORTS+=("$(pick_port)")
				a=${a//%PORT%/${HUB_PORTS[-1]}}
			fi
			args+=("$a")
		done
		HUB_LOG="$T/${HUB_NAME:-hub}.log"
		# A restarted hub appends to the log: its own ready line counts.
		HUB_READY_SEEN=$(grep -c "hub ready" "$HUB_LOG" 2>/dev/null)
		# The hub must not hold clients' pipes open (see client_start).
		(
			close_client_fds
			exec $VG "$CHATROOM" --serve $INSECURE \
			    --listen "127.0.0.1:$HUB_PORT" \
			    --history "${HUB_HISTORY:-$T/history.json}" \
			    ${args[@]+"${args[@]}"} \
			    >>"$HUB_LOG" 2>&1
		) &
		HUB_PID=$!
		PIDS="$PIDS $HUB_PID"
		if wait_until "$secs" hub_ready_or_dead; then
			if kill -0 "$HUB_PID" 2>/dev/null; then
				return 0
			fi
		fi
		grep -q "Address already in use" "$HUB_LOG" || break
	done
	fail "hub did not start"
}

# Has the hub printed its ready line for this port, or exited?
hub_ready_or_dead() {
	[ "$(grep -c "hub ready" "$HUB_LOG")" -gt "${HUB_READY_SEEN:-0}" ] &&
	    ss -Hltn "sport = :$HUB_PORT" | grep -q . && return 0
	! kill -0 "$HUB_PID" 2>/dev/null
}

# Stop the hub with a signal and wait for it; sets HUB_RC.
stop_hub() {
	local sig=${1:-TERM}
	kill -"$sig" "$HUB_PID" 2>/dev/null
	wait "$HUB_PID" 2>/dev/null
	HUB_RC=$?
}

# In a child about to exec: close the clients' pipes and raw connections,
# or a client never sees the end of its input.
close_client_fds() {
	local fd
	for fd in "${CLIENT_FD[@]}" "${RAW_FD[@]}"; do
		exec {fd}>&-
	done
}

# Start a --batch client reading a pipe: client_start NAME NICK [options].
# Its output goes to $T/NAME.out and $T/NAME.err.
client_start() {
	local name=$1 nick=$2 fd
	shift 2
	rm -f "$T/$name.in"
	mkfifo "$T/$name.in"
	# The child must not hold other clients' pipes open.
	(
		close_client_fds
		XDG_STATE_HOME="$T/state/$nick" exec $VG "$CHATROOM" --batch \
		    $INSECURE "$@" \
		    "$nick@127.0.0.1:$HUB_PORT" \
		    <"$T/$name.in" >"$T/$name.out" 2>"$T/$name.err"
	) &
	CLIENT_PID[$name]=$!
	PIDS="$PIDS $!"
	exec {fd}>"$T/$name.in"
	CLIENT_FD[$name]=$fd
}

# Type lines into a client.
client_say() {
	local name=$1
	shift
	printf '%s\n' "$@" >&"${CLIENT_FD[$name]}"
}

# End a client's input and wait for it to exit; sets CLIENT_RC.
client_stop() {
	local name=$1 fd=${CLIENT_FD[$1]}
	exec {fd}>&-
	wait "${CLIENT_PID[$name]}"
	CLIENT_RC=$?
}

# Run a one-shot --batch client on the given input lines; sets BATCH_RC.
# Output: $T/NAME.out and $T/NAME.err.
run_batch() {
	local name=$1 nick=$2
	shift 2
	# Each nick has its own state: its own nick secret and known_hubs.
	printf '%s\n' "$@" | XDG_STATE_HOME="$T/state/$nick" \
	    $VG "$CHATROOM" --batch $INSECURE ${BATCH_OPTS:-} \
	    "$nick@127.0.0.1:$HUB_PORT" \
	    >"$T/$name.out" 2>"$T/$name.err"
	BATCH_RC=$?
}

# A fake hub: serve one connection on a fresh port with a command whose
# standard input and output are the socket (socat_serve COMMAND; sets
# HUB_PORT).
socat_serve() {
	HUB_PORT=$(pick_port)
	socat_start fakehub "TCP-LISTEN:$HUB_PORT,bind=127.0.0.1,reuseaddr" \
	    SYSTEM:"$1"
}

# Start socat with the options and addresses given, its log in
# $T/NAME.err and its pid in SOCAT_PID, and return once it listens:
# socat_start NAME [OPTION...] ADDRESS1 ADDRESS2.  Its own log says so:
# without "fork", socat closes its listening socket as soon as it takes
# its one connection, so a client that keeps trying can be taken before
# ss would show the socket listening.
socat_start() {
	local name=$1
	shift
	socat -d -d "$@" 2>"$T/$name.err" &
	SOCAT_PID=$!
	PIDS="$PIDS $SOCAT_PID"
	wait_until 10 grep -q " N listening on " "$T/$name.err" ||
	    fail "socat ($name) did not listen"
}

# A raw protocol connection on a file descriptor: raw_open NAME.
raw_open() {
	local fd
	exec {fd}<>"/dev/tcp/127.0.0.1/$HUB_PORT" || fail "cannot connect"
	RAW_FD[$1]=$fd
}

# The SHA-256 fingerprint of the certificate the hub serves now.
tls_served() {
	openssl s_client -connect "127.0.0.1:$HUB_PORT" </dev/null \
	    2>/dev/null | openssl x509 -noout -fingerprint -sha256 |
	    sed 's/.*=//'
}

# Send the hub SIGHUP and wait until it says it reloaded, still running.
hup_reload() {
	local n
	n=$(count_in "$HUB_LOG" "reloaded")
	kill -HUP "$HUB_PID"
	wait_until 10 eval "[ \$(count_in '$HUB_LOG' reloaded) -gt $n ]" ||
	    fail "the hub did not reload"
	kill -0 "$HUB_PID" 2>/dev/null || fail "the reload stopped the hub"
}

# Start a hub with an operator password (s3cret) by $1 (start_hub or
# start_irc_hub, with the rest as its options), then clients alice, an
# operator, and bob, both in #lobby.
start_oper_pair() {
	local start=$1

	shift
	printf 's3cret\n' >"$T/admin.pw"
	"$start" --admin-password-file "$T/admin.pw" "$@"
	client_start alice alice
	client_start bob bob
	wait_for "$T/alice.out" "you joined #lobby"
	wait_for "$T/bob.out" "you joined #lobby"
	client_say alice "/oper s3cret"
	wait_for "$T/alice.out" "you are now a hub operator"
}

# A 1 MiB tmpfs in $M, to fill: skip the test (77) where none can be
# mounted; unmounted once the test's processes are gone.
small_disk() {
	[ "$(id -u)" = 0 ] || { echo "not root: no tmpfs to fill"; exit 77; }
	M=$(mktemp -d "${TMPDIR:-/tmp}/chatroom-full.XXXXXX")
	if ! mount -t tmpfs -o size=1m,mode=0700 chatroom-test "$M" \
	    2>"$T/mount.err"; then
		echo "cannot mount a tmpfs: $(cat "$T/mount.err")"
		rmdir "$M"
		exit 77
	fi
	trap small_disk_cleanup EXIT
}

# Kill the processes, unmount $M, then the usual clean-up.
small_disk_cleanup() {
	local rc=$? p
	for p in $PIDS; do
		kill -9 "$p" 2>/dev/null
	done
	wait 2>/dev/null
	umount "$M" 2>/dev/null || umount -l "$M"
	rmdir "$M"
	(exit "$rc")
	cleanup
}

# The writer that fills a small disk: disk_writer opens raw connection w
# as nick writer (again: the seq goes on); disk_say TEXT sends TEXT and 3,900 characters more
# (about 4 KiB a journal record) to #lobby with the next seq; disk_answer
# waits for the answer to it, ack or error, in RAW_LINE.
disk_writer() {
	raw_open w
	raw_send w '{"type":"hello","version":1,"nick":"writer"}'
	raw_expect w '"type":"welcome"'
	raw_expect w '"type":"history_end"'
	DISK_SEQ=${DISK_SEQ:-0}
	DISK_BIG=$(printf "%03900d" 0)
}
disk_say() {
	DISK_SEQ=$(( DISK_SEQ + 1 ))
	raw_send w "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"$1 $DISK_BIG\",\"seq\":$DISK_SEQ}"
}
disk_answer() {
	local line
	while IFS= read -r -t 10 line <&"${RAW_FD[w]}"; do
		case "$line" in
		*"\"type\":\"ack\",\"seq\":$DISK_SEQ,"* | \
		*"\"type\":\"error\""*"\"seq\":$DISK_SEQ"[,}]*)
			RAW_LINE=$line
			return 0 ;;
		esac
	done
	fail "no answer to message $DISK_SEQ"
}

# Resume a session on a raw connection: raw_resume NAME TOKEN [LAST_ID].
# The hub's answer (welcome or error) goes to RAW_LINE.
raw_resume() {
	local last=${3:+,\"last_id\":$3}
	raw_open "$1"
	raw_send "$1" "{\"type\":\"hello\",\"version\":1,\"token\":\"$2\"$last}"
	while raw_expect "$1" '"type":"'; do
		case "$RAW_LINE" in
		*'"type":"welcome"'* | *'"type":"error"'*) return 0 ;;
		esac
	done
}

# Resume as raw_resume does, and fail unless the session was resumed.
raw_resumed() {
	raw_resume "$@"
	[[ $RAW_LINE == *'"type":"welcome"'* &&
	    $RAW_LINE == *'"resumed":true'* ]] ||
	    fail "$1 did not resume: $RAW_LINE"
}

# Log in on a raw connection (raw_login NAME NICK); the session's resume
# token goes to TOKEN.
raw_login() {
	raw_open "$1"
	raw_send "$1" "{\"type\":\"hello\",\"version\":1,\"nick\":\"$2\"}"
	raw_expect "$1" '"type":"welcome"'
	TOKEN=$(sed 's/.*"token":"\([0-9a-f]*\)".*/\1/' <<<"$RAW_LINE")
}

# Send one raw line.
raw_send() {
	printf '%s\n' "$2" >&"${RAW_FD[$1]}"
}

# Read raw connection NAME for SECS seconds (answering pings); how many
# lines had TEXT goes to GOT: raw_count_for NAME TEXT SECS.
raw_count_for() {
	local name=$1 text=$2 secs=$3 end line
	[ -n "$VG" ] && secs=$((secs * 3))
	GOT=0
	end=$((SECONDS + secs))
	while [ "$SECONDS" -lt "$end" ]; do
		IFS= read -r -t 1 line <&"${RAW_FD[$name]}" || continue
		case "$line" in
		*'"type":"ping"'*) raw_send "$name" '{"type":"pong"}' ;;
		*"$text"*) GOT=$((GOT + 1)) ;;
		esac
	done
}

# A direct message on raw connection NAME, acknowledged by the hub:
# raw_dm NAME TO TEXT SEQ.
raw_dm() {
	raw_send "$1" "{\"type\":\"dm\",\"to\":\"$2\",\"text\":\"$3\",\"seq\":$4}"
	raw_expect "$1" "\"type\":\"ack\",\"seq\":$4"
}

# Read raw lines until one contains a string (at most $3 seconds, three
# times as long under valgrind, as in wait_until: a hub that hashes a
# password there takes seconds); the line is left in RAW_LINE.
raw_expect() {
	local name=$1 text=$2 secs=${3:-10} line
	[ -n "$VG" ] && [[ $secs != *.* ]] && secs=$(( secs * 3 ))
	while IFS= read -r -t "$secs" line <&"${RAW_FD[$name]}"; do
		case "$line" in
		*"$text"*)
			RAW_LINE=$line
			return 0
			;;
		esac
	done
	fail "raw connection $name: no line with '$text'"
}

# Is the raw connection closed by the hub (EOF within $2 seconds, three
# times as long under valgrind)?  Then it is closed here too, as a client
# does: the hub keeps a connection it closed until then (or a while),
# and counts it against the limit on connections from an address.
raw_closed() {
	local name=$1 secs=${2:-10} line rc
	[ -n "$VG" ] && [[ $secs != *.* ]] && secs=$(( secs * 3 ))
	while :; do
		IFS= read -r -t "$secs" line <&"${RAW_FD[$name]}" 2>/dev/null
		rc=$?
		[ "$rc" -eq 0 ] || break
	done
	# read returns 1 at end of file, more than 128 on a timeout
	[ "$rc" -eq 1 ] || return 1
	exec {RAW_FD[$name]}>&-
	unset "RAW_FD[$name]"
}

# Draw a 64x32 picture in four coloured quadrants as a binary PPM.
make_quadrants_ppm() {
	local x y
	{
		printf 'P6\n64 32\n255\n'
		for y in $(seq 0 31); do
			for x in $(seq 0 63); do
				if [ "$y" -lt 16 ]; then
					[ "$x" -lt 32 ] && printf '\377\0\0' ||
					    printf '\0\377\0'
				else
					[ "$x" -lt 32 ] && printf '\0\0\377' ||
					    printf '\377\377\377'
				fi
			done
		done
	} >"$1"
}

# A counter of the hub's /metrics, fetched over bash's /dev/tcp:
# metric PORT NAME (NAME with its labels, as the page writes it).
metric() {
	local fd
	exec {fd}<>"/dev/tcp/127.0.0.1/$1" || return 1
	printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&"$fd"
	timeout 10 cat <&"$fd" | tr -d '\r' | awk -v n="$2" '$1 == n { print $2 }'
	exec {fd}>&-
}

# Milliseconds since the epoch.
now_ms() {
	echo $(( $(date +%s%N) / 1000000 ))
}

# The end of a ban or a mute set at NOW (ms) for SECS, as the terminal
# client says it, in local time (TZ) with the date only on another day:
# a regex of the two minutes it can fall in.  local_end_re NOW SECS
local_end_re() {
	local now=$1 secs=$2 s a b

	for s in "$secs" $((secs + 60)); do
		if [ "$(date -d "@$((now / 1000 + s))" +%F)" = "$(date +%F)" ]
		then
			b=$(date -d "@$((now / 1000 + s))" '+%H:%M')
		elif [ "$(date -d "@$((now / 1000 + s))" +%Y)" = "$(date +%Y)" ]
		then
			b=$(date -d "@$((now / 1000 + s))" '+%b %-d %H:%M')
		else
			b=$(date -d "@$((now / 1000 + s))" '+%b %-d %Y %H:%M')
		fi
		a=${a:+$a|}$b
	done
	echo "($a)"
}

# Kill -9 the hub at a random moment while a raw client sends to the lobby
# (hub-crash.sh, hub-journal.sh): hub_kill_under_load ROUND PACE FROM.
# The client logs in as wROUND (its welcome is left in RAW_LINE), sends
# rROUND-1, rROUND-2, ... one every PACE seconds, and notes "MS TEXT ID" in
# $T/acked as each is acknowledged; the kill comes FROM to FROM + 1.1
# seconds in (FROM as 1.5: a digit is added), at KILLED_AT (ms).
hub_kill_under_load() {
	local round=$1 pace=$2 from=$3 sender
	raw_open w
	raw_send w "{\"type\":\"hello\",\"version\":1,\"nick\":\"w$round\"}"
	raw_expect w '"type":"welcome"'
	: >"$T/acked"
	(
		i=0
		while :; do
			i=$(( i + 1 ))
			printf '{"type":"msg","room":"lobby","text":"r%d-%d","seq":%d}\n' \
			    "$round" "$i" "$i" >&"${RAW_FD[w]}" || exit 0
			while IFS= read -r -t 5 line <&"${RAW_FD[w]}"; do
				case "$line" in
				*'"type":"ack"'*)
					id=${line##*\"id\":}
					id=${id%%[!0-9]*}
					echo "$(now_ms) r$round-$i $id" >>"$T/acked"
					break ;;
				esac
			done || exit 0
			sleep "$pace"
		done
	) 2>/dev/null &
	sender=$!
	sleep "$from$(( RANDOM % 10 ))"
	sleep "0.$(( RANDOM % 10 ))$(( RANDOM % 10 ))"
	KILLED_AT=$(now_ms)
	kill -9 "$HUB_PID"
	wait "$HUB_PID" 2>/dev/null
	wait "$sender" 2>/dev/null
	exec {RAW_FD[w]}>&-
}

# Slow readers (tests/irc-pace.pl), for lists the hub makes as a client
# reads: pace NAME NICK CAPS END COUNT REQUEST... starts one that logs in
# as NICK (over IRC, asking for the capabilities CAPS, "-" for none; or
# with CAPS "native", over the native protocol on $HUB_PORT), sends the
# requests and reads nothing until pace_read NAME.  Its pid is
# PACE_PID[NAME]; what it read goes to $T/NAME.irc.
declare -A PACE_FD PACE_PORT PACE_TO PACE_PID
pace() {
	local name=$1 nick=$2 caps=$3 end=$4 count=$5 fd to
	shift 5
	if [ "$caps" = native ]; then to=$HUB_PORT; else to=$IRC_PORT; fi
	mkfifo "$T/$name.ctl"
	(
		close_client_fds
		exec perl "$top_srcdir/tests/irc-pace.pl" "$to" "$nick" \
		    "$caps" "$T/$name.irc" "$end" "$count" <"$T/$name.ctl" \
		    >"$T/$name.st" 2>"$T/$name.err"
	) &
	PIDS="$PIDS $!"
	PACE_PID[$name]=$!
	PACE_TO[$name]=$to
	exec {fd}>"$T/$name.ctl"
	PACE_FD[$name]=$fd
	printf '%s\n' "$@" . >&"$fd"
	wait_for "$T/$name.st" "sent" 10
	PACE_PORT[$name]=$(awk '/^sent/ { print $2 }' "$T/$name.st")
}

# Let a pace client read its answers, and wait until it has them all.
pace_read() {
	printf 'read\n' >&"${PACE_FD[$1]}"
	wait_for "$T/$1.st" "done" 30
}

# Wait until the hub has stopped writing to a pace client: its socket
# holds unsent bytes, the same number three looks in a row.
wait_stalled() {
	local port=${PACE_PORT[$1]} q last=-1 same=0 i
	for i in $(seq 1 150); do
		q=$(ss -Htn "sport = :${PACE_TO[$1]} and dport = :$port" |
		    awk '{ print $3; exit }')
		if [ "${q:-0}" -gt 0 ] && [ "$q" = "$last" ]; then
			same=$(( same + 1 ))
			[ "$same" -ge 3 ] && return 0
		else
			same=0
		fi
		last=${q:-0}
		sleep 0.1
	done
	fail "the hub never stopped writing to $1 (${q:-0} bytes queued)"
}

# A list left unread while rooms go: gone_listing GONE KEEP TOPIC START
# [OPTION...] starts a hub with START (start_hub, start_irc_hub) and its
# options on a gone_history of GONE and KEEP rooms (TOPIC may be ""), then
# has the caller's gone_ask NAME ask for the list through pace, and waits
# until the hub has stopped writing it and the g rooms went.  The rooms go
# some seconds after the hub starts and the list must have stopped before:
# on a machine too slow for that, again with more time.  Sets GONE_NAME,
# the pace's name.
gone_listing() {
	local gone=$1 keep=$2 topic=$3 start=$4 delay
	shift 4
	for delay in 6 15 40; do
		gone_history "$delay" "$gone" "$keep" $topic >"$T/history.json"
		HUB_NAME=hub$delay "$start" "$@" --history-size 10 \
		    --room-expire 1 --flood-rate 0 --flush-interval 1
		gone_ask "lis$delay"
		wait_stalled "lis$delay"
		if ! grep -q "room g-.* expired" "$HUB_LOG"; then
			GONE_NAME=lis$delay
			wait_until 60 eval "[ \$(count_in '$HUB_LOG' \
			    ' expired: empty') -ge $gone ]" ||
			    fail "the g rooms did not all go"
			return
		fi
		echo "the rooms went before the list stopped; again, slower"
		stop_hub
		kill "${PACE_PID[lis$delay]}" 2>/dev/null
	done
	fail "the list never stopped before the rooms went"
}

# A history of rooms, some of which go while a list is on its way:
# gone_history DELAY GONE KEEP [TOPIC] writes rooms k-00001 to k-00005, then
# g-00001 to g-GONE, then k-00006 to k-(KEEP + 5), in that order (the
# lists' order), after the lobby.  The g rooms last spoke DELAY seconds
# from now, so that with --room-expire 1 they go a second after that (at
# the next flush); the k rooms spoke an hour ahead and stay.  Each topic
# is 300 times the character numbered TOPIC (default 116, "t").
gone_history() {
	perl - "$@" <<'PERL'
use strict; use warnings;
my ($delay, $gone, $keep, $c) = @ARGV;
binmode(STDOUT, ':utf8');
my $now = int(time * 1000);
my $topic = chr($c // 116) x 300;
my $id = 0;
sub room {
	my ($name, $ts) = @_;
	$id++;
	printf qq(,{"name":"%s","topic":"%s","created":%d,"messages":) .
	    qq([{"id":%d,"ts":%d,"nick":"old","text":"x"}]}), $name, $topic,
	    $now, $id, $ts;
}
print qq({"version":1,"next_id":), $gone + $keep + 6, qq(,"rooms":[);
print qq({"name":"lobby","topic":"","created":$now,"messages":[]});
room(sprintf("k-%05d", $_), $now + 3600000) for 1 .. 5;
room(sprintf("g-%05d", $_), $now + $delay * 1000) for 1 .. $gone;
room(sprintf("k-%05d", $_), $now + 3600000) for 6 .. $keep + 5;
print qq(],"claims":[],"bans":[],"sessions":[]}\n);
PERL
}

# join NAME ROOM SEQ: join by name (a string) or number; must succeed.
# Reads up to both the acknowledgement and the end of the replay, which
# may come in either order; the lines read are left in JOIN_LINES.
join_ok() {
	local room=$2 line acked= ended=
	case "$room" in
	[0-9]*) ;;
	*) room="\"$room\"" ;;
	esac
	raw_send "$1" "{\"type\":\"join\",\"room\":$room,\"seq\":$3}"
	JOIN_LINES=
	while [ -z "$acked" ] || [ -z "$ended" ]; do
		IFS= read -r -t 10 line <&"${RAW_FD[$1]}" ||
		    fail "join $2: no answer"
		JOIN_LINES+="$line"$'\n'
		case "$line" in
		*'"type":"history_end"'*) ended=1 ;;
		*'"type":"ack"'*"\"seq\":$3"[,}]*) acked=1 ;;
		*"\"seq\":$3"[,}]*) fail "join $2: $line" ;;
		esac
	done
}

# Did the last join_ok replay a message with this text?  replayed TEXT
# [WHAT]: WHAT names the check in the failure.
replayed() {
	case "$JOIN_LINES" in
	*"\"text\":\"$1\""*) ;;
	*) fail "${2:-join}: no message \"$1\" replayed" ;;
	esac
}

# Take the checksum off a history file the hub wrote, so that a test can
# edit it as an older hub's file (one without it still loads).
history_unseal() {
	sed -i 's/^{"sha256":"[0-9a-f]*",/{/' "$1"
}
