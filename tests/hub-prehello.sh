#!/bin/bash
# SPDX-License-Identifier: ISC
# Unauthenticated memory: connections that never say hello, each sending
# the longest start of a frame the hub takes before hello, cost the hub
# little memory each; one that sends more is cut off.
. "$top_srcdir/tests/lib.sh"

N=${PREHELLO_CONNS:-500}
BOUND_KB=${PREHELLO_BOUND_KB:-16}	# documented in chatroom(1)
# AddressSanitizer keeps freed memory in quarantine, and valgrind's RSS
# is its own: the bound is looser there (the closing is checked alike).
if ldd "$CHATROOM" 2>/dev/null | grep -q libasan; then
	BOUND_KB=${PREHELLO_BOUND_KB:-64}
fi
if [ -n "$VG" ]; then
	N=${PREHELLO_CONNS:-50}
	BOUND_KB=${PREHELLO_BOUND_KB:-100000}
fi
[ "$(ulimit -n)" -gt $(( N + 64 )) ] || ulimit -n $(( N + 64 )) 2>/dev/null ||
    exit 77

rss_kb() {
	awk '$1 == "VmRSS:" { print $2 }' "/proc/$HUB_PID/status"
}

start_hub --max-clients-per-ip 0 --handshake-timeout 120
# One registered user first, so what registration costs once is paid.
raw_open first
raw_send first '{"type":"hello","version":1,"nick":"first"}'
raw_expect first '"type":"history_end"'
rss0=$(rss_kb)

# The start of a frame, without its end: the hub must keep it.
part=$(head -c 4000 /dev/zero | tr '\0' 'x')
part="{\"type\":\"hello\",\"version\":1,\"nick\":\"$part"
for i in $(seq 1 "$N"); do
	raw_open "c$i"
	printf '%s' "$part" >&"${RAW_FD[c$i]}"
done
# Every connection is open and its bytes read: the hub answered a
# registered user's ping after them all.
for i in $(seq 1 "$N"); do
	printf 'x' >&"${RAW_FD[c$i]}" 2>/dev/null
done
raw_send first '{"type":"ping","seq":7}'
raw_expect first '"seq":7' 30
rss1=$(rss_kb)
per=$(( (rss1 - rss0) * 1024 / N ))
echo "hub RSS ${rss0} KiB -> ${rss1} KiB for $N connections before hello:" \
    "$per bytes each"
[ "$per" -le $(( BOUND_KB * 1024 )) ] ||
    fail "$per bytes per connection before hello (bound $BOUND_KB KiB)"
ok "$N connections before hello cost $per bytes each (<= $BOUND_KB KiB)"

# Past the cap: told and closed.
printf '%s\n' "$(head -c 200 /dev/zero | tr '\0' 'y')" >&"${RAW_FD[c1]}"
raw_expect c1 '"code":"line_too_long"'
raw_closed c1 10 || fail "an overlong first frame did not close"
ok "a first frame longer than 4096 bytes is refused"
for i in $(seq 1 "$N"); do exec {RAW_FD[c$i]}>&-; done

# The attack: the start of a frame as long as a picture's, on many
# connections; each is closed at 4096 bytes, so memory stays small.
rss0=$(rss_kb)
big=$(head -c 65536 /dev/zero | tr '\0' 'x')
M=$(( N / 5 ))
for i in $(seq 1 "$M"); do
	raw_open "b$i"
	printf '{"type":"hello","version":1,"nick":"%s' "$big" \
	    >&"${RAW_FD[b$i]}" 2>/dev/null
done
for i in $(seq 1 "$M"); do
	raw_closed "b$i" 20 || fail "a 64 KiB first frame was kept open"
done
raw_send first '{"type":"ping","seq":8}'
raw_expect first '"seq":8' 30
rss1=$(rss_kb)
per=$(( (rss1 - rss0) * 1024 / M ))
[ "$per" -le $(( BOUND_KB * 1024 )) ] ||
    fail "$per bytes per connection after 64 KiB before hello"
ok "$M connections sending 64 KiB before hello were closed ($per bytes each)"

# The hub still works: one says hello after all.
raw_open late
raw_send late '{"type":"hello","version":1,"nick":"late"}'
raw_expect late '"type":"welcome"'
ok "a hello still works"
