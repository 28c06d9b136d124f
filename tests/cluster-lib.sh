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

# Start hub a or b; its port, pid and log are remembered by name.
declare -A PORT PID
start_member() {
	local name=$1
	shift
	HUB_NAME=$name start_hub --cluster "$CLUSTER" \
	    --cluster-ttl "$CLUSTER_TTL" \
	    --history "$T/$name.json" --resume-timeout 60 "$@"
	PORT[$name]=$HUB_PORT
	PID[$name]=$HUB_PID
	wait_for "$T/$name.log" "cluster: in contact with Redis"
}
# Point the helpers (clients, raw connections) at hub a or b.
on() {
	HUB_PORT=${PORT[$1]}
	HUB_PID=${PID[$1]}
	HUB_LOG="$T/$1.log"
}
