#!/bin/bash
# SPDX-License-Identifier: ISC
# Issue 19, item 3: sessions left waiting for a resume (ghosts).  Eight
# clients of 127.0.0.1 log in and drop the connection without quit, as
# fast as they can.  Without caps every one of them waits in the lobby;
# with them at most --max-ghosts-per-ip wait per address and
# --max-ghosts in all, the oldest going first, and 127.0.0.2 still logs
# in and keeps its own session for a resume.
. "$top_srcdir/tests/lib.sh"
perl -MIO::Socket::INET -MTime::HiRes -e 1 2>/dev/null || exit 77
LOAD="perl $top_srcdir/tests/addr-load.pl"

# The lobby as a new user of 127.0.0.2 sees it: lobby_from NICK.  Sets
# MEMBERS (in all), GHOSTS (the load tool's sessions) and NAMES.
lobby_from() {
	$LOAD lobby "$HUB_PORT" 127.0.0.2 1 1 1 "$1" >"$T/lobby-$1.txt" ||
	    fail "127.0.0.2 could not log in as $1: $(cat "$T/lobby-$1.txt")"
	MEMBERS=$(sed -n 's/^members=//p' "$T/lobby-$1.txt")
	GHOSTS=$(sed -n 's/^load=//p' "$T/lobby-$1.txt")
	NAMES=$(sed -n 's/^names=//p' "$T/lobby-$1.txt")
}

# Without caps (and without the login limit, which would hide them).
start_hub --login-rate 0 --max-clients-per-ip 0 --max-ghosts-per-ip 1000000 \
    --max-ghosts 10000000
$LOAD ghost "$HUB_PORT" 127.0.0.1 8 2 20000 >"$T/off.txt" ||
    fail "the load tool failed"
cat "$T/off.txt"
welcomed=$(sed -n 's/^welcome=//p' "$T/off.txt")
lobby_from first
[ "$GHOSTS" -ge 100 ] || fail "the attack did not run: $GHOSTS ghosts"
echo "caps off: $welcomed logins in 2 s left $GHOSTS sessions waiting"
stop_hub TERM

# The default caps: 20 per address.
rm -f "$T/history.json"
start_hub --login-rate 0 --max-clients-per-ip 0
start=$(date +%s%N)
$LOAD ghost "$HUB_PORT" 127.0.0.1 8 3 20000 >"$T/on.txt" &
load=$!
lobby_from during
wait "$load" || fail "the load tool failed"
cat "$T/on.txt"
welcomed=$(sed -n 's/^welcome=//p' "$T/on.txt")
lobby_from after
[ "$GHOSTS" -le 20 ] || fail "$GHOSTS sessions of 127.0.0.1 wait (cap 20)"
[ "$welcomed" -gt 40 ] || fail "the attack did not run: $welcomed logins"
gone=$(count_in "$HUB_LOG" "no longer waits for a resume: too many sessions wait (from its address)")
[ "$gone" -ge $(( welcomed - 20 )) ] ||
    fail "only $gone of $welcomed ghosts ended early"
ok "$welcomed ghosts made in $(( ($(date +%s%N) - start) / 1000000 )) ms," \
    "$GHOSTS still wait; 127.0.0.2 logged in during and after"

# The newest ghost of an address stays, the oldest goes: drop one of
# 127.0.0.1 last, then check that it is the one that waits.
$LOAD drop "$HUB_PORT" 127.0.0.1 1 1 1 z9n9 >"$T/z9n9.txt" ||
    fail "z9n9 could not log in: $(cat "$T/z9n9.txt")"
lobby_from later
grep -qw z9n9 <<<"$NAMES" || fail "the newest ghost did not stay: $NAMES"
ok "the newest session of the address waits, an older one ended"
stop_hub TERM

# The cap in all: two attacking addresses, 25 ghosts at most in all.
rm -f "$T/history.json"
start_hub --login-rate 0 --max-clients-per-ip 0 --max-ghosts 25
$LOAD ghost "$HUB_PORT" 127.0.0.1 4 2 20000 a >"$T/a.txt" &
a=$!
$LOAD ghost "$HUB_PORT" 127.0.0.3 4 2 20000 b >"$T/b.txt" &
b=$!
wait "$a" "$b" || fail "the load tool failed"
$LOAD drop "$HUB_PORT" 127.0.0.2 1 1 1 mine >/dev/null ||
    fail "127.0.0.2 could not log in"
lobby_from check
[ "$GHOSTS" -le 25 ] || fail "$GHOSTS sessions wait (cap 25 in all)"
grep -qw mine <<<"$NAMES" || fail "127.0.0.2's session did not wait"
grep -q "too many sessions wait (in all)" "$HUB_LOG" ||
    fail "the cap in all never applied"
ok "in all: $GHOSTS sessions wait; 127.0.0.2's own still waits"
stop_hub TERM
