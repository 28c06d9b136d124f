#!/bin/bash
# SPDX-License-Identifier: ISC
# Durations as the client shows them: /whois idle time with its units in
# the user's language, and /bans with when a ban ends and how long is left
# (to the second for a short one).
. "$top_srcdir/tests/lib.sh"

start_oper_pair start_hub

client_say alice "/ban carol 90s spamming" "/ban dave 3h" "/bans"
wait_for "$T/alice.out" "nick dave until"
# Local time as the [hh:mm] of lines, the date only on another day.
when_re="([A-Z][a-z]{2} [0-9]{1,2} )?[0-9]{2}:[0-9]{2}"
grep -E "nick carol until $when_re \(in 1m [0-9]+s\) by alice: spamming" \
    "$T/alice.out" || fail "/bans: no time left to the second for a short ban"
grep -E "nick dave until $when_re \(in (2h 59m|3h)\) by alice" \
    "$T/alice.out" || fail "/bans: a long ban"
ok "/bans shows a ban's end in local time, and the time left"

client_say bob "/whois alice"
wait_for "$T/bob.out" "alice: connected since"
grep -E "alice: connected since .*, idle [0-9]+s$" "$T/bob.out" ||
    fail "idle time in English"
ok "/whois gives the idle time in seconds"

# In French and Korean where the catalogue and a locale for it are there
# (tests/po.sh checks that they are).
if LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)"; then
	LANGUAGE=fr run_batch fr eve "/whois alice"
	grep -E "alice : connecté depuis .*, inactif depuis [0-9]+ s$" \
	    "$T/fr.out" || fail "idle time in French"
	LANGUAGE=ko run_batch ko frank "/whois alice"
	grep -E "유휴 [0-9]+초$" "$T/ko.out" || fail "idle time in Korean"
	LANGUAGE=fr run_batch frbans oscar "/oper s3cret" "/bans"
	grep -E "du pseudo carol jusqu'à ([-0-9]+ )?[:0-9]+ \(dans 1 min [0-9]+ s\)" \
	    "$T/frbans.out" || fail "/bans in French"
	ok "the units of durations are translated"
fi
client_stop alice
client_stop bob
stop_hub TERM
