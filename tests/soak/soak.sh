#!/bin/bash
# SPDX-License-Identifier: ISC
# soak.sh: hundreds of good and bad clients against an ASan+UBSan hub.
#
# The hub runs under AddressSanitizer and UndefinedBehaviorSanitizer on a
# loopback port in a temporary directory while tests/soak/soak-driver plays
# users who join and leave rooms, chat at human and bot rates, flood, stall,
# vanish and resume, quit, and keep arriving.  Every few seconds the hub's
# resident memory is sampled.  The soak passes when:
#   - no client that behaved was cut off, and every abuser was (the driver);
#   - the hub is alive at the end and answers a fresh client;
#   - its memory is flat over the second half (see rss_check below);
#   - it exits 0 on SIGTERM, and the sanitizers, leak check included, have
#     reported nothing.
# Environment:
#   SOAK_SECONDS   how long the clients run (default 240)
#   SOAK_CLIENTS   how many at once (default 300)
#   SOAK_SAMPLE    seconds between memory samples (default 5)
#   SOAK_RSS_SLACK how far, in per cent, the second half may exceed the
#                  plateau before it (default 10)
#   SOAK_SEED      the driver's random seed (default: from the clock)
#   CHATROOM       a hub built with --enable-sanitizers; without it, an ASan
#                  copy of the source tree is built in a temporary directory
#   SOAK_ASAN_DIR  build that copy here instead, and keep it for next time
#   SOAK_DRIVER    the driver (default: tests/soak/soak-driver, or compiled)
#   KEEP_SOAK_DIR  keep the work directory (logs, samples) for inspection

set -u

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
SECS=${SOAK_SECONDS:-240}
CLIENTS=${SOAK_CLIENTS:-300}
SAMPLE=${SOAK_SAMPLE:-5}
SLACK=${SOAK_RSS_SLACK:-10}
NICE="nice -n 10"

work=$(mktemp -d "${TMPDIR:-/tmp}/chatroom-soak.XXXXXX") || exit 1
hub_pid= sampler_pid= driver_pid=
cleanup() {
	local p
	for p in $driver_pid $sampler_pid $hub_pid; do
		kill "$p" 2>/dev/null
	done
	for p in $driver_pid $sampler_pid $hub_pid; do
		wait "$p" 2>/dev/null
	done
	if [ -n "${KEEP_SOAK_DIR:-}" ]; then
		echo "soak directory kept: $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() {
	echo "soak: $*"
}

failures=0
fail() {
	echo "soak: FAIL: $*" >&2
	failures=$((failures + 1))
}

# Milliseconds since the epoch.
now_ms() {
	echo $(( $(date +%s%N) / 1000000 ))
}

# An ASan+UBSan hub: CHATROOM if given, else a copy of the tree built with
# --enable-sanitizers (the files git knows, committed or not, so work in
# progress is soaked too).
asan_hub() {
	local dir=${SOAK_ASAN_DIR:-$work/asan}

	if [ -n "${CHATROOM:-}" ]; then
		if ! grep -q __asan_init "$CHATROOM" 2>/dev/null; then
			echo "soak: $CHATROOM is not built with" \
			    "--enable-sanitizers" >&2
			return 1
		fi
		echo "$CHATROOM"
		return 0
	fi
	if [ -x "$dir/src/chatroom" ] && [ -n "${SOAK_ASAN_DIR:-}" ]; then
		echo "soak: refreshing the ASan build in $dir" >&2
	else
		command -v git >/dev/null &&
		    git -C "$top_srcdir" rev-parse --git-dir >/dev/null 2>&1 || {
			echo "soak: no git tree at $top_srcdir; set CHATROOM" \
			    "to a hub built with --enable-sanitizers" >&2
			return 1
		}
		echo "soak: building an ASan+UBSan hub in $dir" >&2
		mkdir -p "$dir" || return 1
	fi
	(cd "$top_srcdir" && git ls-files -z -co --exclude-standard |
	    tar --null -T - -cf -) | tar -C "$dir" -xf - || return 1
	(
		cd "$dir" &&
		if [ ! -f Makefile ]; then
			$NICE autoreconf -fi &&
			$NICE ./configure --enable-sanitizers
		fi &&
		$NICE make -j2 src/chatroom
	) >"$work/build.log" 2>&1 || {
		tail -20 "$work/build.log" >&2
		echo "soak: the ASan build failed" >&2
		return 1
	}
	echo "$dir/src/chatroom"
}

# The driver: the build tree's, or compiled here.
driver() {
	local d=${SOAK_DRIVER:-$top_builddir/tests/soak/soak-driver}

	if [ -x "$d" ]; then
		echo "$d"
		return 0
	fi
	${CC:-cc} -O2 -Wall -o "$work/soak-driver" "$here/soak-driver.c" ||
	    return 1
	echo "$work/soak-driver"
}

# A free loopback port.
free_port() {
	local p
	while :; do
		p=$((10000 + RANDOM % 22000))	# below the ephemeral range
		if ! ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then
			echo "$p"
			return
		fi
	done
}

# Sample the hub's VmRSS (KiB) every SAMPLE seconds: "SECONDS KIB" lines,
# seconds counted from $1 (milliseconds since the epoch).
sample_rss() {
	local start=$1 rss
	while kill -0 "$hub_pid" 2>/dev/null; do
		rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$hub_pid/status" \
		    2>/dev/null)
		[ -n "$rss" ] && echo "$(( ($(now_ms) - start) / 1000 )) $rss"
		sleep "$SAMPLE"
	done
}

# Is the memory flat over the second half?
#
# ASan's allocator keeps what the hub frees (in a quarantine capped below
# at 16 MiB, then in its free lists) and does not give it back to the
# system, so VmRSS follows the high-water mark of the heap: it climbs while
# rooms, history rings, sessions and the quarantine fill up, then stays
# level if the hub's memory is bounded, and keeps climbing if something
# leaks or grows without limit.  So the test compares peaks: the highest
# sample of the second half (T/2..T) against the highest of the last third
# of the first half (T/3..T/2), by then past the warm-up (the driver's bots
# fill every room's history within the first 30 s).  The slack allows for
# how many stalled clients happen to hold a full 256 KiB send queue at the
# same moment.  The slope over the second half is printed as well.
rss_check() {
	awk -v T="$SECS" -v slack="$SLACK" '
	$1 >= T / 3 && $1 < T / 2 && $2 > ref { ref = $2 }
	$1 >= T / 2 && $1 <= T {
		if ($2 > late) late = $2
		n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2
	}
	END {
		if (ref == 0 || n < 2) {
			print "too few samples"
			exit 1
		}
		slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
		printf "plateau (T/3..T/2) %d KiB, second half peak %d KiB " \
		    "(%+.1f%%, limit +%d%%), second half slope %+.0f KiB/min\n",
		    ref, late, (late - ref) * 100 / ref, slack, slope * 60
		exit !(late <= ref * (1 + slack / 100))
	}' "$work/rss.txt"
}

CHATROOM=$(asan_hub) || exit 1
DRIVER=$(driver) || exit 1
ulimit -n 4096 2>/dev/null

ASAN_OPTIONS="detect_leaks=1:log_path=$work/asan:quarantine_size_mb=16"
export ASAN_OPTIONS="$ASAN_OPTIONS:exitcode=99"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$work/ubsan"
export XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state"

port=$(free_port)
$NICE "$CHATROOM" --serve --insecure --listen "127.0.0.1:$port" \
    --history "$work/history.json" --log-file "$work/hub.log" \
    --max-clients-per-ip 0 --history-size 100 --resume-timeout 15 \
    --ping-timeout 40 --login-rate 0 --max-ghosts-per-ip 1000000 \
    --room-rate 0 --claims-per-ip 0 >"$work/hub.out" 2>&1 &
hub_pid=$!
for ((i = 0; i < 300; i++)); do
	grep -q "hub ready" "$work/hub.log" 2>/dev/null && break
	kill -0 "$hub_pid" 2>/dev/null || break
	sleep 0.1
done
if ! grep -q "hub ready" "$work/hub.log" 2>/dev/null; then
	cat "$work/hub.out" "$work/hub.log" 2>/dev/null | tail -20 >&2
	echo "soak: the hub did not start" >&2
	exit 1
fi
say "hub $CHATROOM (pid $hub_pid) on 127.0.0.1:$port; $CLIENTS clients" \
    "for $SECS s"

start=$(now_ms)
sample_rss "$start" >"$work/rss.txt" &
sampler_pid=$!
seed=()
[ -n "${SOAK_SEED:-}" ] && seed=(-s "$SOAK_SEED")
$NICE "$DRIVER" -P "$port" -n "$CLIENTS" -t "$SECS" -w "$hub_pid" \
    "${seed[@]}" >"$work/driver.out" 2>"$work/driver.err" &
driver_pid=$!
# Progress lines as they come, until the driver ends; a signal still
# interrupts the wait.
tail -f --pid="$driver_pid" "$work/driver.out" 2>/dev/null |
    grep --line-buffered '^soak: t=' &
wait "$driver_pid"
driver_rc=$?
driver_pid=
kill "$sampler_pid" 2>/dev/null
wait "$sampler_pid" 2>/dev/null
sampler_pid=

grep -v '^soak: t=\|^RESULT' "$work/driver.out"
if [ -s "$work/driver.err" ]; then
	say "driver complaints:"
	head -20 "$work/driver.err" | sed 's/^/  /'
fi
[ "$driver_rc" -eq 0 ] || fail "the driver reported problems (exit $driver_rc)"

# What the hub says it did.
say "hub log: $(grep -c 'connection from' "$work/hub.log") connections," \
    "$(grep -c ': registered as ' "$work/hub.log") registrations," \
    "$(grep -c ' resumed$' "$work/hub.log") resumes," \
    "$(grep -c 'resume window expired' "$work/hub.log") resume windows expired"
say "drops by reason (hub log):"
sed -n 's/.*: \(closing\|disconnected\): \(.*\)$/\1: \2/p' "$work/hub.log" |
    sort | uniq -c | sort -rn | sed 's/^/  /'
say "warnings in the hub log: $(grep -c ' warning: \| fatal: ' \
    "$work/hub.log" 2>/dev/null)"

if kill -0 "$hub_pid" 2>/dev/null; then
	say "hub alive after the run"
else
	fail "the hub died during the run"
fi

say "RSS samples (s:MiB): $(awk '{ printf "%s%d:%.1f", (NR > 1 ? " " : ""),
    $1, $2 / 1024 }' "$work/rss.txt")"
if verdict=$(rss_check); then
	say "RSS flat: $verdict"
else
	fail "RSS not flat: $verdict"
fi

# SIGTERM: an orderly exit, then the leak check, within a minute.
kill -TERM "$hub_pid" 2>/dev/null
for ((i = 0; i < 600; i++)); do
	kill -0 "$hub_pid" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$hub_pid" 2>/dev/null; then
	fail "the hub did not exit within 60 s of SIGTERM"
	kill -KILL "$hub_pid" 2>/dev/null
fi
wait "$hub_pid"
hub_rc=$?
hub_pid=
if [ "$hub_rc" -eq 0 ]; then
	say "hub exited 0 on SIGTERM"
else
	fail "the hub exited with status $hub_rc on SIGTERM"
fi
reports=$(ls "$work"/asan.* "$work"/ubsan.* 2>/dev/null)
if [ -n "$reports" ]; then
	for f in $reports; do
		echo "--- $f" >&2
		head -60 "$f" >&2
	done
	fail "the sanitizers reported errors"
elif grep -q "runtime error:\|AddressSanitizer\|LeakSanitizer" \
    "$work/hub.out" 2>/dev/null; then
	head -60 "$work/hub.out" >&2
	fail "the sanitizers reported errors"
else
	say "no ASan, LSan or UBSan report"
fi

if [ "$failures" -gt 0 ]; then
	KEEP_SOAK_DIR=${KEEP_SOAK_DIR:-1}
	say "FAILED ($failures)"
	exit 1
fi
say "PASSED"
exit 0
