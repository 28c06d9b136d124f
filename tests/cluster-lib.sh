# SPDX-License-Identifier: ISC
# tests/cluster-lib.sh: a redis-server and clustered hubs for tests (bash).
#
# Sourced after tests/lib.sh.  Skips the test (77) without redis-server.

REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server ||
    echo /usr/bin/redis-server)}
if [ ! -x "$REDIS_SERVER" ]; then
	echo "redis-server is not installed (apt-get install redis-server)"
	exit 77
fi

# Redis as operators should run it for a cluster: every write in the
# append-only file before it is acknowledged.
REDIS_PORT=$(pick_port)
mkdir -p "$T/redis"
start_redis() {
	(
		close_client_fds
		exec "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 \
		    --save '' --appendonly yes --appendfsync always \
		    --dir "$T/redis" --daemonize no >>"$T/redis.log" 2>&1
	) &
	REDIS_PID=$!
	PIDS="$PIDS $REDIS_PID"
	wait_until 10 grep -q "Ready to accept connections" "$T/redis.log" ||
	    fail "redis-server did not start"
}
start_redis
CLUSTER="redis://127.0.0.1:$REDIS_PORT"

# Hubs give a silent hub up for dead after CLUSTER_TTL seconds (and beat
# five times as often): shorter than the default 10, so that the tests
# that wait for a death or an expiry wait less.
CLUSTER_TTL=${CLUSTER_TTL:-4}

# Start hub a or b; its port, pid, log and options are remembered by name.
declare -A PORT PID OPTS CONTACTS
start_member() {
	local name=$1
	shift
	OPTS[$name]=
	[ $# -eq 0 ] || OPTS[$name]=$(printf '%q ' "$@")
	HUB_NAME=$name start_hub --cluster "$CLUSTER" \
	    --cluster-ttl "$CLUSTER_TTL" \
	    --history "$T/$name.json" --resume-timeout 60 "$@"
	PORT[$name]=$HUB_PORT
	PID[$name]=$HUB_PID
	wait_for "$T/$name.log" "cluster: in contact with Redis"
}

# Start members NAME... with an operator password (s3cret).
start_oper_members() {
	local name
	printf 's3cret\n' >"$T/admin.pw"
	for name in "$@"; do
		start_member "$name" --admin-password-file "$T/admin.pw"
	done
}

# Start members a and b, each with an IRC listener (tests/irc-raw-lib.sh),
# on ports IRC_A and IRC_B, with the server names a.test and b.test.
start_irc_members() {
	IRC_A=$(pick_port)
	start_member a --irc-listen "127.0.0.1:$IRC_A" --irc-server-name a.test
	IRC_B=$(pick_port)
	start_member b --irc-listen "127.0.0.1:$IRC_B" --irc-server-name b.test
}

# start_irc_members, then dave (connection d) on hub b and carol (c) on
# hub a in #dev, each hub knowing the other's server name (learnt at its
# next heartbeat): the two-hub set-up of the IRC host tests.
start_irc_dev_pair() {
	start_irc_members
	irc_on b
	irc_join_dev d dave
	irc_on a
	irc_join_dev c carol
	irc_names_until c carol '#dev' dave
	wait_until 10 irc_who_host c dave carol b.test ||
	    fail "hub a: no name for hub b"
	wait_until 10 irc_who_host d carol dave a.test ||
	    fail "hub b: no name for hub a"
}

# Point the helpers (clients, raw connections) at hub a or b.
on() {
	HUB_PORT=${PORT[$1]}
	HUB_PID=${PID[$1]}
	HUB_LOG="$T/$1.log"
}

# Log NICK in on member NAME (raw connection CONN) and wait until the
# member's file has the session, so that it survives a kill -9:
# member_login NAME CONN NICK; the token goes to TOKEN.
member_login() {
	on "$1"; raw_login "$2" "$3"
	wait_until 20 grep -qF "$TOKEN" "$T/$1.json" ||
	    fail "hub $1 did not save the session of $3"
}

# Point the helpers and the IRC connections opened next at member a or
# b of start_irc_members.
irc_on() {
	on "$1"
	case $1 in
	a) IRC_PORT=$IRC_A ;;
	b) IRC_PORT=$IRC_B ;;
	esac
}

# Ask NAMES CHAN on IRC connection NAME, of nick NICK, until it lists WHO,
# a user of another hub (known at that hub's next heartbeat):
# irc_names_until NAME NICK CHAN WHO.
irc_names_until() {
	wait_until 10 eval "grep -q ' 353 $2 = $3 :.*$4' '$T/$1.irc' ||
	    { irc_send $1 'NAMES $3'; false; }" ||
	    fail "NAMES $3 does not list $4 for $2"
}

# Does WHO NICK on IRC connection NAME, of nick ME, answer a 352 with
# HOST, the server name of NICK's hub (known at that hub's next
# heartbeat)?  irc_who_host NAME NICK ME HOST; the number of the PING
# that ended the answer is in IRC_PROBE.
IRC_PROBE=0
irc_who_host() {
	IRC_PROBE=$((IRC_PROBE + 1))
	irc_send "$1" "WHO $2" "PING :probe$IRC_PROBE"
	irc_wait "$1" "probe$IRC_PROBE"
	grep -q " 352 $3 \* $2 $4 $4 $2 " "$T/$1.irc"
}

# Start client NICK on member NAME and wait for it in #lobby.
member_client() {
	on "$1"
	client_start "$2" "$2"
	wait_for "$T/$2.out" "you joined #lobby"
}

# The same, and make it an operator (the password is s3cret).
member_oper() {
	member_client "$1" "$2"
	client_say "$2" "/oper s3cret"
	wait_for "$T/$2.out" "you are now a hub operator"
}

# Log NICK in on the member in use (raw connection CONN) and make it an
# operator (s3cret): member_raw_oper CONN NICK; its token goes to TOKEN.
member_raw_oper() {
	raw_login "$1" "$2"
	raw_send "$1" '{"type":"oper","password":"s3cret","seq":1}'
	raw_expect "$1" '"type":"ack","seq":1'
}

# The operator passwords of the operator tests: s3cret in admin.pw, and
# another in other.pw, for a hub the others do not share it with.
oper_password_files() {
	printf 's3cret\n' >"$T/admin.pw"
	printf 'other\n' >"$T/other.pw"
}

# The native client of NICK on member NAME sets an IRC password ("NICK's
# irc password") and dies (kill -9): its session waits for its resume
# there, which the hub has seen.  member_client_lost NAME NICK.
member_client_lost() {
	local lost
	member_client "$1" "$2"
	client_say "$2" "/ircpass $2's irc password"
	wait_for "$T/$2.out" "IRC clients may now log in as $2"
	lost=$(count_in "$T/$1.log" ": disconnected")
	{ kill -KILL "${CLIENT_PID[$2]}"; wait "${CLIENT_PID[$2]}"; } \
	    2>/dev/null
	wait_until 10 more_in "$T/$1.log" ": disconnected" "$lost" ||
	    fail "hub $1 did not see $2's client go"
}

# Start member NAME again, on its port and with its options.  With Redis
# up, wait for its contact (for SECS, 20 by default); with Redis down,
# member_in_contact NAME waits for it later.
restart_member() {
	local name=$1 secs=${2:-20}
	CONTACTS[$name]=$(count_in "$T/$name.log" "in contact with Redis")
	eval "set -- ${OPTS[$name]}"
	HUB_NAME=$name FORCE_PORT=${PORT[$name]} start_hub \
	    --cluster "$CLUSTER" --cluster-ttl "$CLUSTER_TTL" \
	    --history "$T/$name.json" --resume-timeout 60 "$@"
	PID[$name]=$HUB_PID
	if kill -0 "$REDIS_PID" 2>/dev/null; then
		member_in_contact "$name" "$secs" ||
		    fail "hub $name is not back in contact with Redis"
	fi
}

# Kill member NAME (kill -9), frozen (SIGSTOP) or not.
kill_member() {
	on "$1"
	kill -KILL "$HUB_PID" 2>/dev/null
	kill -CONT "$HUB_PID" 2>/dev/null
	stop_hub KILL
}

# Does Redis keep N copies of DMs to other hubs (dmwait)?
dmwait_count() {
	[ "$(rcli HLEN chatroom:dmwait)" = "$1" ]
}

# Has member NAME, restarted, been in contact with Redis (within SECS)?
member_in_contact() {
	wait_until "${2:-20}" more_in "$T/$1.log" "in contact with Redis" \
	    "${CONTACTS[$1]}"
}

# Does FILE have more than N lines with TEXT?
more_in() {
	[ "$(count_in "$1" "$2")" -gt "$3" ]
}

# Stop member NAME cleanly (SIGTERM); the members named after it must
# hear that it shut down (within 20 seconds).
stop_member() {
	local name=$1 other id
	declare -A seen
	shift
	id=$(member_id "$name")
	[ -n "$id" ] || fail "no hub id in $name.log"
	for other in "$@"; do
		seen[$other]=$(count_in "$T/$other.log" "cluster: hub $id shut down")
	done
	on "$name"
	stop_hub TERM
	for other in "$@"; do
		wait_until 20 more_in "$T/$other.log" \
		    "cluster: hub $id shut down" "${seen[$other]}" ||
		    fail "hub $other did not hear that hub $name shut down"
	done
}

# The hub id member NAME (or the hub whose log is $T/NAME.log) last had.
member_id() {
	sed -n 's/.*cluster: hub \([0-9a-f]*\), Redis at.*/\1/p' \
	    "$T/$1.log" | tail -n 1
}

# Stop Redis with signal SIG; the members named must log its loss
# within SECS: lose_redis SIG SECS NAME...
lose_redis() {
	local sig=$1 secs=$2 name
	shift 2
	kill -"$sig" "$REDIS_PID"
	wait "$REDIS_PID" 2>/dev/null
	for name in "$@"; do
		wait_for "$T/$name.log" "cluster: lost Redis" "$secs"
	done
}

# Start Redis again; the members named must log they are back in
# contact within SECS: heal_redis SECS NAME...
heal_redis() {
	local secs=$1 name
	shift
	start_redis
	for name in "$@"; do
		wait_for "$T/$name.log" "cluster: back in contact with Redis" \
		    "$secs"
	done
}

# redis-cli on the test's Redis; need_redis_cli skips a test without it.
need_redis_cli() {
	command -v redis-cli >/dev/null && return
	echo "redis-cli is not installed"
	exit 77
}
rcli() {
	redis-cli -p "$REDIS_PORT" "$@"
}

# Replies in the order of the commands (the irc-raw-cluster-*-order
# tests).  slow_redis makes Redis answer the next look-up late (it holds
# its clients' commands for a while), so that the command sent after it
# is surely read first.  The others read connection $ORDER_IRC's
# transcript from line $mark on.
slow_redis() {
	rcli CLIENT PAUSE 500 ALL >/dev/null || fail "CLIENT PAUSE"
}

# The line number of the first line from FROM on with fixed string WHAT.
line_of() {
	awk -v from="$1" -v what="$2" 'NR >= from && index($0, what) {
		print NR; exit }' "$T/$ORDER_IRC.irc"
}
both_came() {
	[ -n "$(line_of "$mark" "$1")" ] && [ -n "$(line_of "$mark" "$2")" ]
}

# in_order NAME FIRST SECOND: after the mark, both come, FIRST first.
in_order() {
	local a b
	wait_until 20 both_came "$2" "$3" ||
	    fail "$1: no '$2' or no '$3': $(tail -n 20 "$T/$ORDER_IRC.irc")"
	a=$(line_of "$mark" "$2")
	b=$(line_of "$mark" "$3")
	[ "$a" -lt "$b" ] || fail "$1: '$3' (line $b) before '$2' (line $a)"
}
