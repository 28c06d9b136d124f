#!/bin/bash
# SPDX-License-Identifier: ISC
# Long IRC answers made as the client reads: LISTs of 9,000 rooms, a JOIN
# replay and CHATHISTORYs of 5,000 messages, NAMES and WHOs of 5,000
# members, asked by clients that do not read, far more than the kernel's
# socket buffers take (4 MiB each here).  The hub's memory stays bounded
# meanwhile; read later, each answer is whole, in order, ends with its
# numeric or batch end, and is followed by what was said meanwhile.  Members leaving, rooms going and clients vanishing during
# an answer are safe; a client that never reads is still cut off.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

command -v perl >/dev/null || exit 77

# Write a history file: gen ROOMS TOPIC MSGS TEXT GHOSTS QUIET; rooms
# room-N with topics of TOPIC bytes, MSGS messages of TEXT bytes in #big,
# GHOSTS sessions (long nicks) in #crowd; with QUIET, a message now in
# each room-N (they go at once with --room-expire) and #big's dated a
# minute ahead (it goes only once left).
gen() {
	perl - "$@" >"$T/history.json" <<'EOF'
use strict; use warnings;
my ($rooms, $tlen, $msgs, $xlen, $ghosts, $quiet) = @ARGV;
my $now = int(time * 1000);
my ($topic, $text) = ('t' x $tlen, 'x' x $xlen);
print qq({"version":1,"next_id":), $msgs + $rooms + 1, qq(,"rooms":[);
print qq({"name":"lobby","topic":"","created":$now,"messages":[]});
print qq(,{"name":"tiny","topic":"","created":$now,"messages":[]});
print qq(,{"name":"crowd","topic":"","created":$now,"messages":[]});
print qq(,{"name":"big","topic":"","created":$now,"messages":[);
my $ts = $now - $msgs + ($quiet ? 60000 : 0);
print join(',', map { qq({"id":$_,"ts":) . ($ts + $_) .
    qq(,"nick":"old","text":"m$_ $text"}) } 1 .. $msgs), "]}";
for my $i (1 .. $rooms) {
	my $m = $quiet ? qq({"id":) . ($msgs + $i) .
	    qq(,"ts":$now,"nick":"old","text":"q"}) : '';
	printf qq(,{"name":"room-%05d","topic":"%s","created":%d,) .
	    qq("messages":[%s]}), $i, $topic, $now, $m;
}
print qq(],"claims":[],"bans":[],"sessions":[);
print join(',', map { sprintf(qq({"nick":"ghost-with-a-long-nick-%05d",) .
    qq("token":"%032x","rooms":[{"name":"crowd","last_id":0}]}), $_, $_) }
    1 .. $ghosts);
print "]}\n";
EOF
}

# pace, pace_read and wait_stalled: see tests/lib.sh.

# The hub's resident memory, in KiB.  Under valgrind or a sanitizer (which
# keeps freed memory aside) it says nothing: 0 then.
rss() {
	if [ -n "$VG" ] || grep -q __asan_init "$CHATROOM"; then
		echo 0
		return
	fi
	awk '/^VmRSS/ { print $2 }' "/proc/$HUB_PID/status"
}

# The number of the first line of a file with a fixed string (with
# "last", the last such line), 0 if none.
line_of() {
	local n
	if [ "${3:-}" = last ]; then
		n=$(grep -nF -- "$2" "$1" | tail -n 1 | cut -d: -f1)
	else
		n=$(grep -nF -m 1 -- "$2" "$1" | cut -d: -f1)
	fi
	echo "${n:-0}"
}

# Check the messages an answer carried: mN for N from 1 to 5000, in order.
check_msgs() {
	grep -o "PRIVMSG #big :\(\[[0-9:]*\] \)\?m[0-9]* " "$1" |
	    grep -o "m[0-9]* $" | tr -d 'm ' >"$1.ids"
	seq 1 5000 | cmp -s - "$1.ids" ||
	    fail "$2: $(wc -l <"$1.ids") messages, not 1..5000 in order"
}

# --- 4 LISTs of 9,000 rooms with 300-byte topics (12 MB) ---
gen 9000 300 0 0 0 0
# No history writes meanwhile: their buffers would blur the figures.
start_irc_hub --irc-server-name irc.test --history-size 10 \
    --room-expire 0 --flood-rate 0 --flush-interval 600
irc_open b
irc_register b bob
irc_send b "JOIN #tiny"
irc_wait b " 366 bob #tiny :"
rss0=$(rss)
pace lister lis - "live after list" 1 "JOIN #tiny" LIST LIST LIST LIST
wait_stalled lister
rss1=$(rss)
[ $(( rss1 - rss0 )) -lt 2048 ] ||
    fail "LISTs of 12 MB unread: the hub grew from $rss0 to $rss1 KiB"
irc_send b "PRIVMSG #tiny :live after list" "PING :b1"
irc_wait b ":b1"
pace_read lister
f=$T/lister.irc
grep -e " 32[123] lis " -e "live after list" "$f" |
    awk '/ 321 / { if (open) bad = 1; open = 1; n++; k = 0 }
	/ 322 / { if (!open) bad = 1; if ($4 ~ /^#room-/) k++ }
	/ 323 / { if (!open || k != 9000) bad = 1; open = 0 }
	/live/ { if (open || n != 4) bad = 1; live = 1 }
	END { exit (bad || !live) }' ||
    fail "LISTs not 4 x (321, 9,000 rooms, 323), then live"
[ "$(line_of "$f" " 366 lis #tiny")" -lt "$(line_of "$f" " 321 lis ")" ] ||
    fail "LIST before the JOIN's names"
ok "4 LISTs of 9,000 rooms unread: +$(( rss1 - rss0 )) KiB, then whole, live"

# A QUIT waits for the answers before it, as when they were queued whole.
pace quitter qui - "^ERROR " 1 "JOIN #tiny" LIST "QUIT :done listing" \
    "PRIVMSG #tiny :after quit"
wait_stalled quitter
irc_send b "PING :b3"
irc_wait b ":b3"
grep -q "qui.*QUIT" "$T/b.irc" && fail "QUIT carried out before LIST ended"
pace_read quitter
f=$T/quitter.irc
[ "$(grep -c " 322 qui #room-" "$f")" -eq 9000 ] || fail "LIST cut by QUIT"
[ "$(line_of "$f" " 323 qui ")" -gt 0 ] &&
    [ "$(line_of "$f" " 323 qui ")" -lt "$(line_of "$f" "ERROR :")" ] ||
    fail "no 323 before ERROR"
irc_wait b ":qui!qui@irc.test QUIT"
irc_send b "PING :b4"
irc_wait b ":b4"
grep -q "after quit" "$T/b.irc" && fail "a line after QUIT was carried out"
ok "QUIT after LIST: the whole list, 323, then ERROR; the others see QUIT"

# Clients that go away with answers pending, and one that never reads
# while the room it is in is busy: cut off at its send queue.
pace gone1 gon1 - x 1 "LIST" "LIST" "WHO #tiny"
pace gone2 gon2 - x 1 "JOIN #tiny" "LIST" "QUIT :bye"
wait_stalled gone1
kill "${PACE_PID[gone1]}"
pace sleepy slp - x 1 "JOIN #tiny" "LIST"
wait_stalled sleepy
text=$(head -c 400 /dev/zero | tr '\0' 'z')
lines=()
for j in $(seq 1 50); do
	lines+=("PRIVMSG #tiny :$j $text")
done
for i in $(seq 1 20); do
	irc_send b "${lines[@]}" "PING :s$i"
	irc_wait b ":s$i"
	grep -q "send queue exceeded" "$HUB_LOG" && break
done
wait_for "$HUB_LOG" "send queue exceeded" 5
irc_send b "PING :b2"
irc_wait b ":b2"
kill -0 "$HUB_PID" || fail "the hub died"
ok "a client that never reads is cut off; clients gone mid-answer are safe"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
kill "${IRC_PID[b]}"

# --- A JOIN replay and 50 CHATHISTORYs of 5,000 messages of 1,000 bytes,
# NAMES and 8 WHOs of 5,000 members, unread at once (6.7, 6.7, 7 MB) ---
gen 0 0 5000 1000 5000 0
start_irc_hub --irc-server-name irc.test --history-size 5000 \
    --replay 5000 --max-ghosts 5000 --room-expire 0 --flood-rate 0 \
    --login-burst 100 --flush-interval 600 --room-history-bytes 33554432
irc_open b
irc_register b bob
irc_send b "CAP REQ :draft/chathistory" "JOIN #big,#crowd"
irc_wait b " 366 bob #crowd :"
rss0=$(rss)
pace joiner jo - "live in big" 1 "JOIN #big"
reqs=()
for i in $(seq 0 49); do
	reqs+=("CHATHISTORY BEFORE #big msgid=$(( i * 100 + 101 )) 100")
done
pace asker ask "batch message-tags draft/chathistory" "live in big" 1 \
    "JOIN #big" "${reqs[@]}"
reqs=("JOIN #big" "NAMES #crowd")
for i in $(seq 1 8); do
	reqs+=("WHO #crowd")
done
pace crowd cro draft/chathistory "live in big" 1 "${reqs[@]}"
wait_stalled joiner
wait_stalled asker
wait_stalled crowd
rss1=$(rss)
[ $(( rss1 - rss0 )) -lt 3072 ] ||
    fail "20 MB of answers unread: the hub grew from $rss0 to $rss1 KiB"

# Members leave #crowd while NAMES and WHO are on their way.
for i in 1 2 3 4 5 4996 4997 4998 4999 5000; do
	raw_open "g$i"
	raw_send "g$i" "$(printf '{"type":"hello","version":1,"token":"%032x"}' "$i")"
	raw_expect "g$i" '"type":"welcome"'
	raw_send "g$i" '{"type":"quit"}'
	# Closed here too: until then it counts against the address's limit.
	raw_closed "g$i" || fail "g$i: the hub kept a connection that quit"
done
irc_send b "PRIVMSG #big :live in big" "PING :b1"
irc_wait b ":b1"
wait_until 10 eval "[ \$(count_in '$T/b.irc' ' QUIT :') -ge 10 ]" ||
    fail "the ghosts did not quit"
pace_read joiner
pace_read asker
pace_read crowd

f=$T/joiner.irc
check_msgs "$f" "the JOIN replay"
[ "$(line_of "$f" " 366 jo #big")" -lt "$(line_of "$f" "] m1 ")" ] &&
    [ "$(line_of "$f" "] m5000 ")" -lt "$(line_of "$f" "live in big")" ] ||
    fail "JOIN replay out of order"
ok "a JOIN replay of 5,000 messages unread: whole, in order, then live"

f=$T/asker.irc
check_msgs "$f" "CHATHISTORY"
grep -E "^(BATCH|@batch|:irc.test BATCH)" "$f" | sed 's/^@batch=\([a-z0-9]*\).*/in \1/;
    s/.*BATCH +\([a-z0-9]*\) .*/+\1/; s/.*BATCH -\([a-z0-9]*\)$/-\1/' |
    awk '/^\+/ { if (open != "") bad = 1; open = substr($0, 2); n++ }
	/^in / { if ($2 != open) bad = 1 }
	/^-/ { if (substr($0, 2) != open) bad = 1; open = "" }
	END { exit (bad || open != "" || n != 50) }' ||
    fail "CHATHISTORY batches not 50, or not nested right"
[ "$(line_of "$f" "BATCH -" last)" -lt "$(line_of "$f" "live in big")" ] ||
    fail "live message inside the CHATHISTORY answers"
ok "50 CHATHISTORY answers unread: 50 whole batches in order, then live"

f=$T/crowd.irc
# One file of nick numbers per answer: names.1, who.1 to who.8.
awk -v d="$T" '/ 353 cro = #crowd / { for (i = 6; i <= NF; i++) {
		n = $i; sub(/^:/, "", n); sub(/.*-0*/, "", n); print n >d "/names.1" } }
	/ 366 cro #crowd / { names++ }
	/ 352 cro #crowd / { n = $5; sub(/.*-0*/, "", n); print n >d "/who." w + 1 }
	/ 315 cro #crowd / { if (names != 1) bad = 1; w++ }
	/live in big/ { if (w != 8) bad = 1; live = 1 }
	END { exit (bad || !live) }' "$f" ||
    fail "NAMES and WHOs not each ended, in order, then live"
for l in names.1 who.1 who.2 who.3 who.4 who.5 who.6 who.7 who.8; do
	comm -23 <(seq 6 4995 | sort) <(sort -u "$T/$l") | grep -q . &&
	    fail "$l: a member who stayed is missing"
	[ "$(sort "$T/$l" | uniq -d)" = "" ] || fail "$l: duplicates"
done
# The last WHO started long after they left (4 MB of answers before it).
grep -qx "4999" "$T/who.8" && fail "WHO lists a member who left"
ok "NAMES and 8 WHOs of 5,000 members unread, 10 leaving: whole, in order"
ok "3 clients leaving 20 MB of answers unread: +$(( rss1 - rss0 )) KiB"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
kill "${IRC_PID[b]}"

# --- Rooms go during a LIST, a room's history outlives it ---
gen 3000 300 2000 400 0 1
start_irc_hub --irc-server-name irc.test --history-size 2000 \
    --room-expire 2 --flood-rate 0
pace lost los "batch message-tags draft/chathistory" " 323 los " 1 \
    "JOIN #big" "CHATHISTORY LATEST #big * 100" \
    "CHATHISTORY BEFORE #big msgid=1901 100" "PART #big" "LIST"
wait_stalled lost
wait_for "$HUB_LOG" "room big expired" 15
wait_for "$HUB_LOG" "room room-03000 expired" 15
pace_read lost
f=$T/lost.irc
[ "$(count_in "$f" "BATCH -")" -eq 2 ] || fail "history batches cut"
[ "$(grep -c "PRIVMSG #big :m" "$f")" -eq 200 ] ||
    fail "history of a room gone: $(grep -c "PRIVMSG #big :m" "$f") of 200"
grep -q " 323 los :End of /LIST" "$f" || fail "no 323 after rooms went"
kill -0 "$HUB_PID" || fail "the hub died"
ok "rooms gone during LIST and CHATHISTORY: answers end, hub fine"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
