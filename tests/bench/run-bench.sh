#!/bin/bash
# SPDX-License-Identifier: ISC
# run-bench.sh: run the load scenarios against the hub, the copy loop and any installed IRC servers.
#
# Each scenario gets a fresh server in a temporary directory, pinned to CPU 0
# while the generator runs on CPU 1 (when there are two CPUs and taskset).
# Environment:
#   BENCH_SECONDS    measured seconds per scenario (default 10)
#   BENCH_RUNS       runs of each fan-out scenario; the table shows medians (1)
#   BENCH_SERVERS    which of "hub copy inspircd ngircd" to run (all found)
#   BENCH_BASE       another chatroom binary (an older build), run as the
#                    server "base" with the hub's options, taking turns with
#                    the others: a before-and-after within one session
#   BENCH_SCENARIOS  which of "f1 f128 o128 m100 om100 m100k1 r100 slow1
#                    slow128 idle irc128 irco128 tls1 tls128 tlso128
#                    tlsm100 tlsom100 tlsidle stall startup tui cluster"
#                    to run (all)
#   BENCH_IDLE       connections in the idle scenario (10000)
#   BENCH_CLUSTER_MEMBERS  members of the room in the cluster scenario (1000)
#   CHATROOM, BENCH_LOAD, BENCH_COPYLOOP  the programs (from the build tree)
#   REDIS_SERVER     redis-server for the cluster scenario
#   BENCH_HUB_OPTS   more options for every hub, e.g. "--metrics 19777"
#   BENCH_TEXT       bytes of message text, the same for every server (92)
# Every server gets the same message text, so each pays for its own framing.
# Two traffic shapes: the members of a room take turns to send (f*, m*), or
# one member sends everything and the window is paced by the last member of
# the room (o*, om*).  The tls* scenarios run the hub (TLS by default, on
# a self-signed certificate) and InspIRCd with m_ssl_gnutls over TLS.
# The IRC servers are configured for throughput (no fake lag, no penalty,
# send and receive queues of 1 GiB), and a row whose server stayed below
# 90 % of a core while the generator was below 90 % of its own says
# "paced, not saturated": it compares nothing.
# The irc* scenarios are f128 and o128 on the hub with half the members of
# the room (every other one) on its IRC listener (--irc-listen), to compare
# with the all-native rows; they need a hub that knows --irc-listen.
# The tui scenario runs the real terminal client in a private tmux server
# and floods its room; it needs tmux and is skipped without it.
# The cluster scenario runs two hubs sharing one Redis (--cluster) with the
# members of one room split between them, and compares each hub's
# deliveries a second with one hub alone; it needs redis-server and a hub
# that knows --cluster, and is skipped without them.

set -u

here=$(cd "$(dirname "$0")" && pwd)
top_builddir=${top_builddir:-$(cd "$here/../.." && pwd)}
CHATROOM=${CHATROOM:-$top_builddir/src/chatroom}
LOAD=${BENCH_LOAD:-$top_builddir/tests/bench/chatroom-load}
COPYLOOP=${BENCH_COPYLOOP:-$top_builddir/tests/bench/copyloop}
SECS=${BENCH_SECONDS:-10}
RUNS=${BENCH_RUNS:-1}
IDLE=${BENCH_IDLE:-10000}
CLUSTER_MEMBERS=${BENCH_CLUSTER_MEMBERS:-1000}
ALL_SCENARIOS="f1 f128 o128 m100 om100 m100k1 r100 slow1 slow128 idle"
ALL_SCENARIOS="$ALL_SCENARIOS irc128 irco128"
ALL_SCENARIOS="$ALL_SCENARIOS tls1 tls128 tlso128 tlsm100 tlsom100 tlsidle"
ALL_SCENARIOS="$ALL_SCENARIOS stall startup tui cluster"
TEXT=${BENCH_TEXT:-92}
SCENARIOS=${BENCH_SCENARIOS:-$ALL_SCENARIOS}
SERVERS=${BENCH_SERVERS:-"hub copy inspircd ngircd"}
BASE=${BENCH_BASE:-}
[ -n "$BASE" ] && SERVERS="$SERVERS base"
INSPIRCD=${INSPIRCD:-$(command -v inspircd || echo /usr/sbin/inspircd)}
NGIRCD=${NGIRCD:-$(command -v ngircd || echo /usr/sbin/ngircd)}
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server ||
    echo /usr/bin/redis-server)}

for p in "$CHATROOM" "$LOAD"; do
	if [ ! -x "$p" ]; then
		echo "run-bench.sh: $p is missing (run make bench)" >&2
		exit 1
	fi
done

# The hub inherits this limit; the generator raises its own to the maximum.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d "${TMPDIR:-/tmp}/chatroom-bench.XXXXXX")
srv_pid=
cl_pids=	# the cluster scenario's hubs and Redis
TMUX_SOCK="bench$$"
unset TMUX
cluster_stop() {
	local p
	for p in $cl_pids; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	cl_pids=
}
cleanup() {
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	if [ -n "$srv_pid" ]; then
		kill "$srv_pid" 2>/dev/null
		wait "$srv_pid" 2>/dev/null
	fi
	cluster_stop
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SRV_PIN= GEN_PIN=
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
	SRV_PIN="taskset -c 0"
	GEN_PIN="taskset -c 1"
fi

# Which servers can run here.
have=
for s in $SERVERS; do
	case $s in
	hub) have="$have hub" ;;
	base)
		if [ -x "$BASE" ]; then have="$have base"
		else echo "skip base: $BASE is missing" >&2; fi ;;
	copy)
		if [ -x "$COPYLOOP" ]; then have="$have copy"
		else echo "skip copy: $COPYLOOP not built" >&2; fi ;;
	inspircd)
		if [ -x "$INSPIRCD" ]; then have="$have inspircd"
		else echo "skip inspircd: $INSPIRCD is missing" \
		    "(Debian: apt-get install inspircd)" >&2; fi ;;
	ngircd)
		if [ -x "$NGIRCD" ]; then have="$have ngircd"
		else echo "skip ngircd: $NGIRCD is missing" \
		    "(Debian: apt-get install ngircd)" >&2; fi ;;
	esac
done

# InspIRCd's TLS module and a tool to make its certificate.
INSPIRCD_MODULES=${INSPIRCD_MODULES:-/usr/lib/inspircd/modules}
inspircd_tls=
if [[ " $have " == *" inspircd "* ]]; then
	if [ ! -f "$INSPIRCD_MODULES/m_ssl_gnutls.so" ]; then
		echo "skip inspircd over TLS: no m_ssl_gnutls.so in" \
		    "$INSPIRCD_MODULES (Debian: apt-get install inspircd)" >&2
	elif ! command -v openssl >/dev/null; then
		echo "skip inspircd over TLS: no openssl command" \
		    "(Debian: apt-get install openssl)" >&2
	else
		inspircd_tls=yes
	fi
fi

# Options that only newer hubs know; without --insecure the hub is TLS.
hub_help=$("$CHATROOM" --help 2>&1)
hub_opts=
case $hub_help in *--flood-rate*) hub_opts="$hub_opts --flood-rate 0" ;; esac
case $hub_help in *--max-clients-per-ip*)
	hub_opts="$hub_opts --max-clients-per-ip 0" ;; esac
case $hub_help in *--max-clients\ *)
	hub_opts="$hub_opts --max-clients $((IDLE + 100))" ;; esac
# Every generated client comes from 127.0.0.1: no limits per address.
case $hub_help in *--login-rate*)
	hub_opts="$hub_opts --login-rate 0 --max-ghosts-per-ip 1000000"
	hub_opts="$hub_opts --room-rate 0 --claims-per-ip 0" ;; esac
hub_opts="$hub_opts ${BENCH_HUB_OPTS:-}"
hub_tls_opts=$hub_opts
hub_irc=
case $hub_help in *--irc-listen*) hub_irc=yes ;; esac
case $hub_help in *--insecure*) hub_opts="$hub_opts --insecure" ;; esac

# A free loopback port (bash's /dev/tcp fails to connect when it is free).
free_port() {
	local p
	while :; do
		p=$((10000 + RANDOM % 22000))	# below the ephemeral range
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
}

# Wait until the port accepts connections (or the server, $2 or srv_pid,
# died).
wait_port() {
	local i
	for ((i = 0; i < 200; i++)); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
			return 0
		fi
		kill -0 "${2:-$srv_pid}" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# InspIRCd for throughput: no fake lag, a penalty threshold and command
# rate no client reaches, and send and receive queues of 1 GiB (softsendq
# too: past it InspIRCd stops reading the client).  $1 port, $2 "tls" for
# a TLS listener (m_ssl_gnutls, a P-256 certificate made here, records of
# up to 16 KiB and AES-128-GCM first, as the hub sends).
inspircd_conf() {
	local bind="<bind address=\"127.0.0.1\" port=\"$1\" type=\"clients\">"

	if [ "${2:-}" = tls ]; then
		if [ ! -f "$work/ircd-cert.pem" ]; then
			openssl req -x509 -newkey ec \
			    -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
			    -subj /CN=localhost -keyout "$work/ircd-key.pem" \
			    -out "$work/ircd-cert.pem" >/dev/null 2>&1 ||
			    return 1
		fi
		bind="<module name=\"ssl_gnutls\">
<sslprofile name=\"bench\" provider=\"gnutls\"
	certfile=\"$work/ircd-cert.pem\" keyfile=\"$work/ircd-key.pem\"
	requestclientcert=\"no\" outrecsize=\"16384\"
	priority=\"NORMAL:-CIPHER-ALL:+AES-128-GCM:+CHACHA20-POLY1305:+AES-256-GCM:%SERVER_PRECEDENCE\">
<bind address=\"127.0.0.1\" port=\"$1\" type=\"clients\"
	sslprofile=\"bench\">"
	fi
	cat >"$work/inspircd.conf" <<EOF
<server name="bench.local" description="bench" network="bench">
<admin name="bench" nick="bench" email="bench@localhost">
$bind
<connect name="bench" allow="*" timeout="60" pingfreq="120"
	threshold="1000000000" commandrate="1000000000" fakelag="no"
	hardsendq="1073741824" softsendq="1073741824" recvq="1073741824"
	localmax="20000" globalmax="20000" limit="20000" maxchans="32"
	useident="no" resolvehostnames="no">
<performance somaxconn="1024" softlimit="20000" clonesonconnect="no"
	quietbursts="yes" nouserdns="yes">
<channels users="32" opers="60">
<dns server="127.0.0.1" timeout="1">
<pid file="$work/inspircd.pid">
<files motd="$work/motd">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default"
	target="$work/inspircd.log">
EOF
	echo bench >"$work/motd"
}

# ngircd for throughput: no connection limits, penalties off.  Its send and
# receive buffers are compiled in, not configured.
ngircd_conf() {
	cat >"$work/ngircd.conf" <<EOF
[Global]
	Name = bench.local
	Info = bench
	Listen = 127.0.0.1
	Ports = $1
	PidFile = $work/ngircd.pid
	MotdPhrase = bench
	ServerUID = $(id -u)
	ServerGID = $(id -g)
[Limits]
	MaxConnections = 0
	MaxConnectionsIP = 0
	MaxJoins = 32
	MaxPenaltyTime = 0
	PingTimeout = 120
	PongTimeout = 60
[Options]
	DNS = no
	Ident = no
	PAM = no
	ConnectIPv6 = no
EOF
}

# Start a server: $1 name, $2 port, $3 "tls" for TLS, else extra hub
# options.
start_server() {
	local log="$work/$1.out" extra=$3

	case $1 in
	hub|base)
		# TLS: the hub makes a self-signed certificate beside its
		# history file.
		local opts=$hub_opts bin=$CHATROOM
		[ "$1" = base ] && bin=$BASE
		if [ "$extra" = tls ]; then opts=$hub_tls_opts extra=; fi
		$SRV_PIN "$bin" --serve --listen "127.0.0.1:$2" \
		    --history "$work/history-$2.json" --log-file "$work/hub.log" \
		    $opts $extra >"$log" 2>&1 &
		;;
	copy)
		$SRV_PIN "$COPYLOOP" "$2" >"$log" 2>&1 &
		;;
	inspircd)
		inspircd_conf "$2" "$3" || return 1
		# In the temporary directory: InspIRCd 3.15 can crash on
		# exit after many TLS clients, and leave a core file there.
		(cd "$work" && exec $SRV_PIN "$INSPIRCD" \
		    --config "$work/inspircd.conf" --nofork --nopid \
		    --runasroot >"$log" 2>&1) &
		;;
	ngircd)
		ngircd_conf "$2"
		$SRV_PIN "$NGIRCD" -n -f "$work/ngircd.conf" >"$log" 2>&1 &
		;;
	esac
	srv_pid=$!
	if ! wait_port "$2"; then
		echo "run-bench.sh: $1 did not start:" >&2
		tail -5 "$log" >&2
		stop_server
		return 1
	fi
}

stop_server() {
	if [ -n "$srv_pid" ]; then
		kill "$srv_pid" 2>/dev/null
		wait "$srv_pid" 2>/dev/null
		srv_pid=
	fi
}

proto_of() {
	case $1 in
	hub|base) echo json ;;
	copy) echo raw ;;
	*) echo irc ;;
	esac
}

results="$work/results"
: >"$results"

# One generator run against a fresh server: $1 server, $2 scenario label,
# then the generator's arguments (-T: over TLS; -I alone: half the members
# on an IRC listener the hub gets on a port of its own).
run() {
	local srv=$1 sc=$2 port tls= extra= a args=()
	shift 2
	case " $* " in *" -T "*) tls=tls ;; esac
	port=$(free_port)
	for a in "$@"; do
		if [ "$a" = -I ]; then
			local iport
			iport=$(free_port)
			[ "$iport" = "$port" ] && iport=$(free_port)
			extra="--irc-listen 127.0.0.1:$iport"
			args+=(-I "$iport")
		else
			args+=("$a")
		fi
	done
	start_server "$srv" "$port" "${tls:-$extra}" || return
	$GEN_PIN "$LOAD" -p "$(proto_of "$srv")" -P "$port" -w "$srv_pid" \
	    -t "$SECS" -l "$TEXT" -L "$srv/$sc" "${args[@]}" 2>"$work/load.err" |
	    tee -a "$results" | sed 's/^RESULT /  /'
	if grep -q "chatroom-load: [^0-9]" "$work/load.err"; then
		grep -v "connections ready" "$work/load.err" >&2
	fi
	stop_server
}

echo "chatroom benchmark: $(nproc) CPUs, ${SECS}s per scenario, $RUNS run(s);" \
    "servers:$have"
echo "hub: $("$CHATROOM" --version 2>&1 | head -1)"

for sc in $SCENARIOS; do
	case $sc in
	f1) args="-r 1 -m 1000 -k 1" ;;
	f128) args="-r 1 -m 1000 -k 128" ;;
	o128) args="-r 1 -m 1000 -k 128 -o" ;;
	m100) args="-r 1 -m 100 -k 128" ;;
	om100) args="-r 1 -m 100 -k 128 -o" ;;
	m100k1) args="-r 1 -m 100 -k 1" ;;
	r100) args="-r 100 -m 10 -k 4" ;;
	slow1) args="-r 1 -m 1000 -k 1 -S" ;;
	slow128) args="-r 1 -m 1000 -k 128 -S" ;;
	idle) args="-s idle -i $IDLE" ;;
	irc128) args="-r 1 -m 1000 -k 128 -I" ;;
	irco128) args="-r 1 -m 1000 -k 128 -o -I" ;;
	tls1) args="-r 1 -m 1000 -k 1 -T" ;;
	tls128) args="-r 1 -m 1000 -k 128 -T" ;;
	tlso128) args="-r 1 -m 1000 -k 128 -o -T" ;;
	tlsm100) args="-r 1 -m 100 -k 128 -T" ;;
	tlsom100) args="-r 1 -m 100 -k 128 -o -T" ;;
	tlsidle) args="-s idle -i $IDLE -T" ;;
	*) continue ;;
	esac
	for ((i = 0; i < RUNS; i++)); do
		for srv in $have; do
			case $sc:$srv in
			# The copy loop has no send queue cap to test.
			slow*:copy) continue ;;
			# Only the hub has an IRC listener beside its own.
			irc*:hub|irc*:base) [ -n "$hub_irc" ] || continue ;;
			irc*:*) continue ;;
			# Over TLS: the hub, and InspIRCd with its TLS module.
			tls*:hub|tls*:base) ;;
			tls*:inspircd) [ -n "$inspircd_tls" ] || continue ;;
			tls*:*) continue ;;
			esac
			echo "$srv $sc run $((i + 1)):"
			run "$srv" "$sc" $args
		done
		case $sc in *idle) break ;; esac
	done
done

# History: 100,000 stored messages, a flush under a 1 ms pinger, start-up.
case " $SCENARIOS " in *" stall "* | *" startup "*)
	"$LOAD" -s genhist -i 100000 "$work/big.json"
	echo "history file: $(wc -c <"$work/big.json") bytes, 100000 messages"
	;;
esac
case " $SCENARIOS " in *" stall "*)
	cp "$work/big.json" "$work/stall.json"
	port=$(free_port)
	$SRV_PIN "$CHATROOM" --serve --listen "127.0.0.1:$port" \
	    --history "$work/stall.json" --history-size 100000 -v \
	    --log-file "$work/stall.log" $hub_opts >"$work/stall.out" 2>&1 &
	srv_pid=$!
	if wait_port "$port"; then
		echo "hub stall:"
		$GEN_PIN "$LOAD" -s stall -P "$port" -w "$srv_pid" -t "$SECS" \
		    -L hub/stall 2>"$work/load.err" | tee -a "$results" |
		    sed 's/^RESULT /  /'
		grep -h "history saved" "$work/stall.log" | tail -3 |
		    sed 's/^/  log: /'
	else
		echo "run-bench.sh: hub did not start on the big history:" >&2
		tail -5 "$work/stall.out" "$work/stall.log" >&2
	fi
	stop_server
	;;
esac
case " $SCENARIOS " in *" startup "*)
	for ((i = 0; i < 3; i++)); do
		cp "$work/big.json" "$work/start.json"
		$SRV_PIN "$LOAD" -s startup -L hub/startup -- "$CHATROOM" \
		    --serve --listen "127.0.0.1:$(free_port)" \
		    --history "$work/start.json" --history-size 100000 \
		    2>/dev/null | tee -a "$results" | sed 's/^RESULT /  /'
	done
	;;
esac

# The TUI ingesting a flood (issue 7): the real client, 120x40, in a
# private tmux server, sitting in the lobby while one sender floods it.
# Measured: the time from the start of the flood until its last line is on
# the screen (tmux capture-pane, polled), the client's CPU time and memory
# (/proc), and input lag: while the flood runs, a marker is typed with
# send-keys every so often, and the time until it shows is taken (then
# C-u clears the line).  The hub runs on CPU 0; the client, tmux and the
# sender share CPU 1.  Each run is bounded to about a minute.

# Microseconds now, without a fork, in NOW.
now_us() {
	NOW=${EPOCHREALTIME/./}
}

# CPU time (clock ticks) and resident memory (KiB) of a process.
proc_ticks() {
	local line
	read -r line <"/proc/$1/stat" 2>/dev/null || { echo 0; return; }
	set -- ${line##*) }
	echo $(( ${12} + ${13} ))
}
proc_kb() {
	awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null
}

# Type a marker into the idle client and time it to the screen: LAG (us).
tui_probe_idle() {
	local t
	now_us
	t=$NOW
	tmux -L "$TMUX_SOCK" send-keys -t tui: -l "idleprobe$1z"
	while now_us && [ $((NOW - t)) -lt 5000000 ]; do
		if tmux -L "$TMUX_SOCK" capture-pane -p -t tui: |
		    grep -q "idleprobe$1z"; then
			now_us
			LAG=$((NOW - t))
			tmux -L "$TMUX_SOCK" send-keys -t tui: C-u
			return 0
		fi
		sleep 0.005
	done
	LAG=-1
}

# One run: $1 name, $2 messages, $3 rate (0: as fast as possible), $4
# milliseconds between input-lag probes (0: none).
tui_run() {
	local name=$1 count=$2 rate=$3 every=$4 port tpid i term=tmux-256color
	local t0 deadline screen t_vis=-1 cpu0 cpu1 rss0 k=0 probe= probe_t
	local next_probe next_rss lags= series= tk=$(getconf CLK_TCK) dropped=

	infocmp "$term" >/dev/null 2>&1 || term=screen
	port=$(free_port)
	start_server hub "$port" "" || return
	rm -f "$work/tui.pid"
	$GEN_PIN tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -s tui \
	    -x 120 -y 40 "echo \$\$ >'$work/tui.pid'; exec env TERM=$term \
	    XDG_CONFIG_HOME='$work/tui-config' XDG_STATE_HOME='$work/tui-state' \
	    '$CHATROOM' --insecure 'viewer@127.0.0.1:$port' 2>'$work/tui.err'"
	for ((i = 0; i < 200; i++)); do
		[ -s "$work/tui.pid" ] &&
		    tmux -L "$TMUX_SOCK" capture-pane -p -t tui: 2>/dev/null |
		    grep -q "#lobby" && break
		sleep 0.05
	done
	tpid=$(cat "$work/tui.pid" 2>/dev/null)
	if [ -z "$tpid" ] || ! kill -0 "$tpid" 2>/dev/null || [ "$i" -ge 200 ]
	then
		echo "run-bench.sh: the TUI did not start:" >&2
		cat "$work/tui.err" >&2
		tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
		stop_server
		return
	fi
	sleep 0.5	# let it settle after the join
	# The same probe with no flood: what the measurement itself costs.
	local idle=
	for i in 1 2 3; do
		tui_probe_idle "$i"
		idle="$idle $LAG"
		sleep 0.1
	done
	idle=$(echo $idle | tr ' ' '\n' | sort -n | sed -n 2p)
	sleep 0.2
	cpu0=$(proc_ticks "$tpid")
	rss0=$(proc_kb "$tpid" VmRSS)

	now_us
	t0=$NOW
	deadline=$((t0 + 55000000))
	next_probe=$((t0 + 50000))
	next_rss=$((t0 + 1000000))
	$GEN_PIN "$LOAD" -s send -P "$port" -n "$count" -R "$rate" -t 50 \
	    -L "$name" >"$work/send.out" 2>"$work/load.err" &
	local gen=$!
	while now_us && [ "$NOW" -lt "$deadline" ]; do
		kill -0 "$tpid" 2>/dev/null || break
		screen=$(tmux -L "$TMUX_SOCK" capture-pane -p -t tui: 2>/dev/null)
		now_us
		if [ -n "$probe" ] && [[ $screen == *"$probe"* ]]; then
			lags="$lags $((NOW - probe_t))"
			probe=
			tmux -L "$TMUX_SOCK" send-keys -t tui: C-u
		fi
		if [ "$t_vis" -lt 0 ] &&
		    [[ $screen == *"END-OF-FLOOD $name"* ]]; then
			t_vis=$((NOW - t0))
		fi
		# Done when the flood is on screen and no probe is out.
		[ "$t_vis" -ge 0 ] && [ -z "$probe" ] && break
		if [ "$every" -gt 0 ] && [ -z "$probe" ] && [ "$t_vis" -lt 0 ] &&
		    [ "$NOW" -ge "$next_probe" ]; then
			k=$((k + 1))
			probe="lagprobe${k}z"
			now_us
			probe_t=$NOW
			tmux -L "$TMUX_SOCK" send-keys -t tui: -l "$probe"
			next_probe=$((probe_t + every * 1000))
		fi
		if [ "$NOW" -ge "$next_rss" ]; then
			series="$series $(( (NOW - t0) / 1000000 ))s:$(proc_kb \
			    "$tpid" VmRSS)"
			next_rss=$((next_rss + 1000000))
		fi
		sleep 0.005
	done
	wait "$gen"
	cpu1=$(proc_ticks "$tpid")
	if ! kill -0 "$tpid" 2>/dev/null; then
		dropped=" client_exited=1"
	elif grep -q "send queue exceeded" "$work/hub.log"; then
		dropped=" dropped_by_hub=1"
	fi
	echo "$lags" | tr ' ' '\n' | sed '/^$/d' | sort -n >"$work/lags"
	printf 'RESULT label=hub/tui-%s scenario=tui msgs=%s rate=%s ' \
	    "$name" "$count" "$( [ "$rate" = 0 ] && echo max || echo "$rate")"
	printf 'visible_ms=%s cpu_ms=%s rss0_kb=%s rss_kb=%s hwm_kb=%s ' \
	    "$([ "$t_vis" -ge 0 ] && echo $((t_vis / 1000)) || echo never)" \
	    "$(( (cpu1 - cpu0) * 1000 / tk ))" "$rss0" \
	    "$(proc_kb "$tpid" VmRSS)" "$(proc_kb "$tpid" VmHWM)"
	printf 'idle_lag_ms=%s ' "$(awk -v l="$idle" \
	    'BEGIN { printf "%.1f", l / 1000 }')"
	awk '{ v[NR] = $1 } END {
		if (NR == 0) { printf "lag_probes=0"; exit }
		printf "lag_probes=%d lag_p50_ms=%.1f lag_max_ms=%.1f", NR,
		    v[int((NR + 1) / 2)] / 1000, v[NR] / 1000 }' "$work/lags"
	printf '%s\n' "$dropped"
	[ -n "$series" ] && echo "  client RSS KiB during the flood:$series"
	grep -h "^RESULT" "$work/send.out" | sed 's/^RESULT /  sender: /'
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	stop_server
}

case " $SCENARIOS " in *" tui "*)
	if ! command -v tmux >/dev/null; then
		echo "skip tui: tmux not installed" >&2
	else
		echo "hub tui: 10,000 messages as fast as possible"
		tui_run burst10k 10000 0 100 | tee -a "$results" |
		    sed 's/^RESULT /  /'
		echo "hub tui: 10,000 messages at 10,000/s"
		tui_run paced10k 10000 10000 200 | tee -a "$results" |
		    sed 's/^RESULT /  /'
		echo "hub tui: 100,000 messages at 10,000/s (scrollback 10,000)"
		tui_run paced100k 100000 10000 500 | tee -a "$results" |
		    sed 's/^RESULT /  /'
	fi
	;;
esac

# The cluster scenario: one room of CLUSTER_MEMBERS members split between
# two hubs that share a Redis (--cluster, member i on hub i % 2), 128
# messages in flight, against one hub alone with the whole room; then one
# message in flight, for the latency of a delivery whose sender is on the
# other hub.  Every process starts fresh for each run (Redis too), so no
# nick or session is left over from the run before.
#
# Pinning: with four CPUs or more, each hub, Redis and the generator get a
# CPU of their own.  With two or three, the hubs and Redis share CPU 0,
# where the hub alone runs by itself, and the generator keeps CPU 1, so
# that the generator is never what is measured; each of the two hubs then
# has at most half a CPU, and its deliveries a second can be at most about
# half the hub alone's.  The table therefore also gives deliveries per
# second of hub CPU time, cluster against alone, which does not depend on
# how the CPUs are shared out.
CL_HUB0_PIN= CL_HUB1_PIN= CL_REDIS_PIN= CL_GEN_PIN=
if command -v taskset >/dev/null; then
	if [ "$(nproc)" -ge 4 ]; then
		CL_HUB0_PIN="taskset -c 0" CL_HUB1_PIN="taskset -c 1"
		CL_REDIS_PIN="taskset -c 2" CL_GEN_PIN="taskset -c 3"
	elif [ "$(nproc)" -ge 2 ]; then
		CL_HUB0_PIN="taskset -c 0" CL_HUB1_PIN="taskset -c 0"
		CL_REDIS_PIN="taskset -c 0" CL_GEN_PIN="taskset -c 1"
	fi
fi

# Start a hub for the cluster scenario: $1 pinning, $2 port, $3 name, then
# more hub options.  Its pid is in CL_PID.
cluster_hub() {
	local pin=$1 port=$2 name=$3

	shift 3
	$pin "$CHATROOM" --serve --listen "127.0.0.1:$port" \
	    --history "$work/history-$port.json" --log-file "$work/$name.log" \
	    $hub_opts "$@" >"$work/$name.out" 2>&1 &
	CL_PID=$!
	cl_pids="$cl_pids $CL_PID"
	if ! wait_port "$port" "$CL_PID"; then
		echo "run-bench.sh: $name did not start:" >&2
		tail -5 "$work/$name.out" "$work/$name.log" >&2
		return 1
	fi
}

# Start Redis and two hubs on it: the hubs' ports and pids (comma-separated,
# for the generator) in CL_PORTS and CL_HUBPIDS, Redis's pid in CL_REDIS.
cluster_start() {
	local rport p0 pid0

	rport=$(free_port)
	rm -rf "$work/redis"
	mkdir "$work/redis"
	$CL_REDIS_PIN "$REDIS_SERVER" --port "$rport" --bind 127.0.0.1 \
	    --save '' --appendonly no --dir "$work/redis" --daemonize no \
	    >"$work/redis.out" 2>&1 &
	CL_REDIS=$!
	cl_pids="$cl_pids $CL_REDIS"
	if ! wait_port "$rport" "$CL_REDIS"; then
		echo "run-bench.sh: redis-server did not start:" >&2
		tail -5 "$work/redis.out" >&2
		return 1
	fi
	p0=$(free_port)
	cluster_hub "$CL_HUB0_PIN" "$p0" cluster-hub0 \
	    --cluster "redis://127.0.0.1:$rport" || return 1
	pid0=$CL_PID
	CL_PORTS=$(free_port)
	cluster_hub "$CL_HUB1_PIN" "$CL_PORTS" cluster-hub1 \
	    --cluster "redis://127.0.0.1:$rport" || return 1
	CL_PORTS="$p0,$CL_PORTS"
	CL_HUBPIDS="$pid0,$CL_PID"
}

# One generator run for the cluster scenario: $1 label, then its arguments.
cluster_load() {
	local lab=$1

	shift
	$CL_GEN_PIN "$LOAD" -t "$SECS" -L "hub/$lab" "$@" \
	    2>"$work/load.err" | tee -a "$work/cluster.results" |
	    sed 's/^RESULT /  /'
	if grep -q "chatroom-load: [^0-9]" "$work/load.err"; then
		grep -v "connections ready" "$work/load.err" >&2
	fi
}

# Functions both awk programs below use: a key's value in a RESULT line,
# and the median of a space-separated list.
AWK_LIB='
function val(s, k,   i, n, a) {
	n = split(s, a, " ")
	for (i = 1; i <= n; i++)
		if (index(a[i], k "=") == 1)
			return substr(a[i], length(k) + 2)
	return ""
}
function median(list,   n, a, i, j, t) {
	n = split(list, a, " ")
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n ? a[int((n + 1) / 2)] : ""
}
function lowest(list,   n, a, i, m) {
	n = split(list, a, " ")
	for (i = 1; i <= n; i++)
		if (i == 1 || a[i] + 0 < m + 0)
			m = a[i]
	return m
}
function highest(list,   n, a, i, m) {
	n = split(list, a, " ")
	for (i = 1; i <= n; i++)
		if (i == 1 || a[i] + 0 > m + 0)
			m = a[i]
	return m
}
'

# The medians of the cluster runs, as one RESULT line for the table.
cluster_summary() {
	awk -v m="$1" -v runs="$RUNS" "$AWK_LIB"'
	function add(k, v) {
		l[k] = l[k] " " v
	}
	/^RESULT/ {
		lab = val($0, "label")
		sc = val($0, "scenario")
	}
	lab == "hub/cluster-alone" && sc == "fanout" {
		add("alone_dps", val($0, "dps"))
		add("alone_cpu", val($0, "hub_cpu_pct"))
	}
	lab == "hub/cluster-2hubs" && sc == "fanout" {
		add("lost", val($0, "lost"))
	}
	lab == "hub/cluster-2hubs" && sc == "hubs" {
		d0 = val($0, "dps_h0")
		d1 = val($0, "dps_h1")
		add("hub_dps", (d0 + d1) / 2)
		add("hub0_dps", d0)
		add("hub1_dps", d1)
		add("hub_cpu", (val($0, "cpu_h0") + val($0, "cpu_h1")) / 2)
		add("redis_cpu", val($0, "aux_cpu_pct"))
		add("stray", val($0, "stray"))
	}
	lab == "hub/cluster-latency" && sc == "fanout" {
		add("last_p99", val($0, "p99_ms"))
		add("lat_lost", val($0, "lost"))
	}
	lab == "hub/cluster-latency" && sc == "hubs" {
		add("x_p50", val($0, "x_p50_ms"))
		add("x_p99", val($0, "x_p99_ms"))
		add("l_p50", val($0, "l_p50_ms"))
		add("l_p99", val($0, "l_p99_ms"))
		add("lat_stray", val($0, "stray"))
	}
	END {
		a = median(l["alone_dps"])
		h = median(l["hub_dps"])
		ac = median(l["alone_cpu"])
		hc = median(l["hub_cpu"])
		printf "RESULT label=hub/cluster scenario=cluster"
		printf " hubs=2 members=%d runs=%d", m, runs
		printf " alone_dps=%s hub_dps=%.0f", a, h
		printf " hub0_dps=%s", median(l["hub0_dps"])
		printf " hub1_dps=%s", median(l["hub1_dps"])
		printf " ratio=%.2f", (a > 0 ? h / a : 0)
		printf " alone_cpu_pct=%s hub_cpu_pct=%.1f", ac, hc
		printf " redis_cpu_pct=%s", median(l["redis_cpu"])
		printf " cpu_ratio=%.2f",
		    (a > 0 && ac > 0 && hc > 0 ? (h / hc) / (a / ac) : 0)
		printf " x_p50_ms=%s", median(l["x_p50"])
		printf " x_p99_ms=%s", median(l["x_p99"])
		printf " l_p50_ms=%s", median(l["l_p50"])
		printf " l_p99_ms=%s", median(l["l_p99"])
		printf " last_p99_ms=%s", median(l["last_p99"])
		printf " lost=%d", median(l["lost"]) + median(l["lat_lost"])
		printf " stray=%d\n",
		    median(l["stray"]) + median(l["lat_stray"])
	}' "$work/cluster.results"
}

# All runs of the cluster scenario.
cluster_scenario() {
	local m=$CLUSTER_MEMBERS port i

	: >"$work/cluster.results"
	for ((i = 1; i <= RUNS; i++)); do
		echo "hub cluster run $i: one hub alone, $m members," \
		    "128 in flight:"
		port=$(free_port)
		cluster_hub "$CL_HUB0_PIN" "$port" cluster-alone &&
		    cluster_load cluster-alone -P "$port" -w "$CL_PID" \
		    -r 1 -m "$m" -k 128
		cluster_stop
		echo "hub cluster run $i: two hubs on Redis, $m members," \
		    "128 in flight:"
		cluster_start &&
		    cluster_load cluster-2hubs -P "$CL_PORTS" -w "$CL_HUBPIDS" \
		    -W "$CL_REDIS" -r 1 -m "$m" -k 128
		cluster_stop
		echo "hub cluster run $i: two hubs on Redis, $m members," \
		    "1 in flight:"
		cluster_start &&
		    cluster_load cluster-latency -P "$CL_PORTS" \
		    -w "$CL_HUBPIDS" -W "$CL_REDIS" -r 1 -m "$m" -k 1
		cluster_stop
	done
	if [ -s "$work/cluster.results" ]; then
		cluster_summary "$m" | tee -a "$results" | sed 's/^RESULT /  /'
	fi
}

case " $SCENARIOS " in *" cluster "*)
	if [[ " $have " != *" hub "* ]]; then
		:
	elif [ ! -x "$REDIS_SERVER" ]; then
		echo "skip cluster: redis-server not installed" >&2
	elif [[ $hub_help != *--cluster* ]]; then
		echo "skip cluster: this hub has no --cluster option" >&2
	else
		cluster_scenario
	fi
	;;
esac

# The table: medians per server and scenario, then ratios to the hub.
echo
awk "$AWK_LIB"'
/^RESULT/ && val($0, "scenario") == "cluster" {
	cluster = $0
	next
}
/^RESULT/ {
	lab = val($0, "label")
	split(lab, p, "/")
	srv = p[1]; sc = p[2]
	key = sc SUBSEP srv
	if (!(sc in seen_sc)) { seen_sc[sc] = 1; scs[++nsc] = sc }
	if (!(srv in seen_srv)) { seen_srv[srv] = 1; srvs[++nsrv] = srv }
	if (val($0, "scenario") == "fanout") {
		dps[key] = dps[key] " " val($0, "dps")
		p50[key] = p50[key] " " val($0, "p50_ms")
		p99[key] = p99[key] " " val($0, "p99_ms")
		mx[key] = mx[key] " " val($0, "max_ms")
		cpu[key] = cpu[key] " " val($0, "hub_cpu_pct")
		# Deliveries per second of server CPU: what the CPUs shared
		# with other work change least.
		if (val($0, "hub_cpu_pct") > 0)
			dpc[key] = dpc[key] " " val($0, "dps") / \
			    val($0, "hub_cpu_pct") * 100
		gcpu[key] = gcpu[key] " " val($0, "gen_cpu_pct")
		hwait[key] = hwait[key] " " val($0, "hub_wait_pct")
		gwait[key] = gwait[key] " " val($0, "gen_wait_pct")
		lineb[key] = lineb[key] " " val($0, "line_b")
		sysd[key] = sysd[key] " " val($0, "sys_per_d")
		recd[key] = recd[key] " " val($0, "rec_per_d")
		rss[key] = rss[key] " " val($0, "rss_kb")
		# CPU a delivery of the hub, user and system (newer
		# generators only).
		if (val($0, "hub_usr_ns_d") != "" && \
		    val($0, "hub_usr_ns_d") >= 0) {
			usr[key] = usr[key] " " val($0, "hub_usr_ns_d")
			sys[key] = sys[key] " " val($0, "hub_sys_ns_d")
		}
		drop[key] = val($0, "slow_dropped_s")
		lost[key] = val($0, "lost")
		ciph[key] = val($0, "cipher")
		n[key]++
	} else
	{
		rest = substr($0, 8)
		gsub(/(label|scenario)=[^ ]* */, "", rest)
		other[key] = other[key] (other[key] == "" ? "" : "\n" \
		    sprintf("%-20s", "")) rest
	}
}
END {
	printf "%-9s %-9s %8s %11s %6s %7s %7s %7s %4s %4s %4s %4s %4s %5s " \
	    "%5s %7s %s\n", "scenario", "server", "deliv/s", "range",
	    "/cpu-s", "p50 ms", "p99 ms", "max ms", "cpu%", "wt%", "gen%",
	    "gwt%", "B", "sys/d", "rec/d", "rss KiB", "notes"
	for (i = 1; i <= nsc; i++) {
		sc = scs[i]
		for (j = 1; j <= nsrv; j++) {
			key = sc SUBSEP srvs[j]
			if (key in n) {
				d = median(dps[key])
				note = n[key] > 1 ? "median of " n[key] : ""
				# Neither side running nor waiting to run:
				# something paced the server.
				if (median(cpu[key]) + median(hwait[key]) < 90 &&
				    median(gcpu[key]) + median(gwait[key]) < 90)
					note = note (note == "" ? "" : "; ") \
					    "paced, not saturated"
				# The generator used its core while the server
				# had time to spare: the row gives the rate
				# of the generator, not of the server.
				else if (median(cpu[key]) < 90 &&
				    median(gcpu[key]) + median(gwait[key]) >= 90) {
					note = note (note == "" ? "" : "; ") \
					    "generator-bound"
					gbound[key] = 1
				}
				if (drop[key] != "" && sc ~ /^slow/)
					note = note (drop[key] >= 0 ? \
					    " slow member dropped at " drop[key] "s" : \
					    " slow member not dropped")
				if (lost[key] > 0)
					note = note " " lost[key] " msgs lost"
				# The cipher the server chose, over TLS.
				if (ciph[key] != "" && ciph[key] != "none")
					note = note (note == "" ? "" : "; ") \
					    ciph[key]
				printf "%-9s %-9s %8.0f %11s %5.2fM %7s %7s %7s " \
				    "%4.0f %4.0f %4.0f %4.0f %4.0f %5s %5s %7s " \
				    "%s\n",
				    sc, srvs[j], d, sprintf("%.2f-%.2fM",
				    lowest(dps[key]) / 1e6, highest(dps[key]) / 1e6),
				    median(dpc[key]) / 1e6, median(p50[key]),
				    median(p99[key]), median(mx[key]),
				    median(cpu[key]), median(hwait[key]),
				    median(gcpu[key]), median(gwait[key]),
				    median(lineb[key]), median(sysd[key]),
				    median(recd[key]), median(rss[key]), note
				med[key] = d
			} else if (key in other)
				printf "%-9s %-9s %s\n", sc, srvs[j], other[key]
		}
	}
	print ""
	for (i = 1; i <= nsc; i++) {
		sc = scs[i]
		h = med[sc SUBSEP "hub"]
		if (h == "")
			continue
		line = ""
		for (j = 1; j <= nsrv; j++) {
			s = srvs[j]
			if (s == "hub" || med[sc SUBSEP s] == "" || med[sc SUBSEP s] == 0)
				continue
			line = line sprintf("  hub/%s %.2f", s, h / med[sc SUBSEP s])
		}
		if (line != "")
			printf "%-9s deliveries ratio:%s\n", sc, line
	}
	# Half the room on the IRC listener against the all-native room.
	split("irc128 f128 irco128 o128", pair, " ")
	for (i = 1; i <= 3; i += 2) {
		m = med[pair[i] SUBSEP "hub"]
		a = med[pair[i + 1] SUBSEP "hub"]
		if (m != "" && a != "" && a > 0)
			printf "%-9s half the members on IRC: %.2f of %s " \
			    "(%.2fM against %.2fM deliveries/s)\n", pair[i],
			    m / a, pair[i + 1], m / 1e6, a / 1e6
	}
	# Each server over TLS against its own rate over plain TCP.
	split("tlsm100 m100 tlsom100 om100 tls128 f128 tlso128 o128", pair, " ")
	for (i = 1; i <= 7; i += 2)
		for (j = 1; j <= nsrv; j++) {
			t = med[pair[i] SUBSEP srvs[j]]
			a = med[pair[i + 1] SUBSEP srvs[j]]
			if (t == "" || a == "" || a <= 0)
				continue
			printf "%-9s %s over TLS: %.0f%% of its %s", pair[i],
			    srvs[j], t * 100 / a, pair[i + 1]
			# Where the difference goes: CPU a delivery of the
			# server in user space and in the kernel.
			kt = pair[i] SUBSEP srvs[j]
			ka = pair[i + 1] SUBSEP srvs[j]
			if (usr[kt] != "" && usr[ka] != "")
				printf "; CPU a delivery %.0f ns user + " \
				    "%.0f system against %.0f + %.0f",
				    median(usr[kt]), median(sys[kt]),
				    median(usr[ka]), median(sys[ka])
			# The rate of a generator-bound row is not the
			# rate of the server; its CPU a delivery is.
			ct = median(usr[kt]) + median(sys[kt])
			ca = median(usr[ka]) + median(sys[ka])
			gb = ""
			if (gbound[kt] || gbound[ka])
				gb = " (rates bound by the generator)"
			if (usr[kt] != "" && usr[ka] != "" && ct > 0)
				printf "; by CPU a delivery %.0f%%%s", ca * 100 / ct, gb
			printf "\n"
		}
	if (cluster == "")
		exit
	# Per hub: 2 hubs on one Redis, each with half the room, against one
	# hub with all of it; latency of deliveries from the other hub.
	c = cluster
	print ""
	printf "%-9s %10s %10s %6s %6s %6s %6s %6s %8s %8s %s\n",
	    "scenario", "alone/s", "per-hub/s", "ratio", "cpu%", "cpu%",
	    "redis", "cpu", "x-hub", "x-hub", "notes"
	printf "%-9s %10s %10s %6s %6s %6s %6s %6s %8s %8s\n", "", "", "",
	    "", "alone", "hub", "cpu%", "ratio", "p50 ms", "p99 ms"
	note = sprintf("hubs %.0f and %.0f/s; same-hub p99 %s ms",
	    val(c, "hub0_dps"), val(c, "hub1_dps"), val(c, "l_p99_ms"))
	if (val(c, "runs") > 1)
		note = note "; median of " val(c, "runs")
	if (val(c, "lost") > 0)
		note = note "; " val(c, "lost") " msgs lost"
	if (val(c, "stray") > 0)
		note = note "; " val(c, "stray") " stray deliveries"
	printf "%-9s %10.0f %10.0f %6s %6s %6s %6s %6s %8s %8s %s\n",
	    "cluster", val(c, "alone_dps"), val(c, "hub_dps"),
	    val(c, "ratio"), val(c, "alone_cpu_pct"), val(c, "hub_cpu_pct"),
	    val(c, "redis_cpu_pct"), val(c, "cpu_ratio"), val(c, "x_p50_ms"),
	    val(c, "x_p99_ms"), note
	printf "cluster   target: per-hub ratio >= 0.80 (cpu ratio: the same" \
	    " per second of hub CPU)\n"
}' "$results"
