#!/bin/bash
# SPDX-License-Identifier: ISC
# CHATHISTORY gives as many messages as a room keeps (--history-size), the
# figure ISUPPORT's CHATHISTORY token says: a request above the old cap of
# 100 gets what it asks for, one above the room's size is clamped to it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

command -v perl >/dev/null || exit 77

# A history file with 400 messages "mN" (N its id) in #big.
perl - >"$T/history.json" <<'EOF'
use strict; use warnings;
my $now = int(time * 1000) - 400;
print qq({"version":1,"next_id":401,"rooms":[);
print qq({"name":"lobby","topic":"","created":$now,"messages":[]},);
print qq({"name":"big","topic":"","created":$now,"messages":[);
print join(',', map { qq({"id":$_,"ts":) . ($now + $_) .
    qq(,"nick":"old","text":"m$_"}) } 1 .. 400), "]}";
print qq(],"claims":[],"bans":[],"sessions":[]}\n);
EOF

# The ids of the messages in batch REF of connection NAME, one a line.
batch_ids() {
	grep "^@batch=$2[; ].* PRIVMSG #big :m" "$T/$1.irc" |
	    sed 's/.*PRIVMSG #big :m//' | tr -d '\r'
}

# Ask for history and check the ids that come: ask NAME REF FIRST LAST
# REQUEST.  The answer is batch REF; FIRST to LAST the ids it must hold.
ask() {
	local name=$1 ref=$2 first=$3 last=$4
	shift 4
	irc_send "$name" "$*"
	irc_wait "$name" "BATCH -$ref"
	batch_ids "$name" "$ref" >"$T/$ref.ids"
	seq "$first" "$last" | cmp -s - "$T/$ref.ids" ||
	    fail "$*: $(wc -l <"$T/$ref.ids") messages" \
	    "($(head -n 1 "$T/$ref.ids")..$(tail -n 1 "$T/$ref.ids")), not" \
	    "$first..$last"
}

# The ring keeps the last 300 of the 400.
start_irc_hub --irc-server-name irc.test --history-size 300 \
    --room-history-bytes 1048576 --flood-rate 0
irc_open h
irc_send h "CAP REQ :batch message-tags draft/chathistory" "CAP END"
irc_register h hist
irc_wait h " 005 hist "
grep -q " 005 hist .* CHATHISTORY=300 " "$T/h.irc" ||
    fail "ISUPPORT: $(grep -o 'CHATHISTORY=[0-9]*' "$T/h.irc")"
irc_send h "JOIN #big"
irc_wait h " 366 hist #big "
ok "ISUPPORT says CHATHISTORY=300, the room's --history-size"

# Above the old cap of 100: all that was asked for.
ask h h1 151 400 "CHATHISTORY LATEST #big * 250"
ask h h2 121 320 "CHATHISTORY AFTER #big msgid=120 200"
ask h h3 199 398 "CHATHISTORY BEFORE #big msgid=399 200"
ok "LATEST, AFTER and BEFORE of 200 and 250 give 200 and 250 messages"

# Above the new cap: clamped to it (all the room keeps), not refused.
ask h h4 101 400 "CHATHISTORY LATEST #big * 1000"
ask h h5 101 400 "CHATHISTORY AFTER #big msgid=1 1000000"
ask h h6 101 300 "CHATHISTORY BEFORE #big msgid=301 301"
grep -q "FAIL CHATHISTORY" "$T/h.irc" && fail "a request was refused"
ok "requests of 301 to 1,000,000 get the 300 the room keeps"

# A bad limit is still refused.
irc_send h "CHATHISTORY LATEST #big * 0"
irc_wait h "FAIL CHATHISTORY INVALID_PARAMS 0 :Invalid limit"
ok "a limit of 0 is refused"

# A subcommand the hub lacks gets the same answer, whatever its other
# parameters (BETWEEN and AROUND: tests/irc-raw-history-range.sh).
irc_send h "CHATHISTORY TARGETS * * 10"
irc_wait h "FAIL CHATHISTORY INVALID_PARAMS TARGETS :Unknown subcommand (LATEST, BEFORE, AFTER, AROUND, BETWEEN)"
irc_send h "CHATHISTORY FIRST #big *"
irc_wait h "FAIL CHATHISTORY INVALID_PARAMS FIRST :Unknown subcommand"
ok "TARGETS and FIRST: unknown subcommands"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
