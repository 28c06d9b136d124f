#!/bin/bash
# SPDX-License-Identifier: ISC
# CLUSTER_TTL in a hub's config file: the hub's key in Redis lives that
# long, --cluster-ttl on the command line beats it, and a value out of
# range stops the hub with the file, the line and the range.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

# The seconds Redis has left on the key of the hub whose log is $HUB_LOG.
hub_key_ttl() {
	local hub fd reply
	hub=$(sed -n 's/.*cluster: hub \([0-9a-f]*\), Redis at.*/\1/p' \
	    "$HUB_LOG" | tail -n 1)
	[ -n "$hub" ] || fail "no hub id in $HUB_LOG"
	exec {fd}<>"/dev/tcp/127.0.0.1/$REDIS_PORT" ||
	    fail "cannot reach Redis"
	printf 'TTL chatroom:hub:%s\r\n' "$hub" >&"$fd"
	IFS= read -r -t 10 reply <&"$fd"
	exec {fd}>&-
	reply=${reply%$'\r'}
	[ "${reply#:}" != "$reply" ] || fail "Redis answered '$reply'"
	echo "${reply#:}"
}

# Start a clustered hub with these options and wait for Redis.
start_ttl_hub() {
	start_hub --cluster "$CLUSTER" "$@"
	wait_for "$HUB_LOG" "cluster: in contact with Redis"
}

# CLUSTER_TTL from the file: the key is set for that long (less what
# passed since the last renewal, a fifth of it at most); the default
# (10) would be far below.
printf 'CLUSTER_TTL = 300\n' >"$T/hub.conf"
HUB_NAME=file start_ttl_hub --config "$T/hub.conf"
ttl=$(hub_key_ttl)
[ "$ttl" -gt 200 ] && [ "$ttl" -le 300 ] ||
    fail "CLUSTER_TTL=300: the hub's key has $ttl s left"
stop_hub
ok "CLUSTER_TTL in the config file: the hub's key lives $ttl s (of 300)"

# --cluster-ttl beats the file.
HUB_NAME=cmdline start_ttl_hub --config "$T/hub.conf" --cluster-ttl 900
ttl=$(hub_key_ttl)
[ "$ttl" -gt 700 ] && [ "$ttl" -le 900 ] ||
    fail "--cluster-ttl 900 over CLUSTER_TTL=300: $ttl s left"
stop_hub
ok "--cluster-ttl beats CLUSTER_TTL: the key lives $ttl s (of 900)"

# Out of range: a usage error naming the file, the line and the key.
printf '# a comment\ncluster-ttl = 1\n' >"$T/bad.conf"
"$CHATROOM" --serve $INSECURE --config "$T/bad.conf" \
    --history "$T/bad.json" </dev/null >"$T/bad.out" 2>"$T/bad.err"
rc=$?
[ "$rc" = 2 ] || fail "CLUSTER_TTL=1: exit status $rc"
grep -qF "$T/bad.conf:2: CLUSTER_TTL: invalid value '1' (expected an integer from 2 to 3600)" \
    "$T/bad.err" || fail "CLUSTER_TTL=1: $(cat "$T/bad.err")"
ok "CLUSTER_TTL out of range: exit 2, the file, line, key and range"
