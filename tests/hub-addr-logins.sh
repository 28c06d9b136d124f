#!/bin/bash
# SPDX-License-Identifier: ISC
# Issue 19, item 2: reconnecting in a loop from one address.  Eight
# clients of 127.0.0.1 log in and quit with a 200-byte reason as fast as
# they can for a few seconds.  With the limits off this floods the lobby
# with joins and long signoffs; at the default limits the address gets 20
# logins and then 30 a minute, the signoffs carry no reason, and
# 127.0.0.2 still logs in meanwhile.
. "$top_srcdir/tests/lib.sh"
perl -MIO::Socket::INET -MTime::HiRes -e 1 2>/dev/null || exit 77
LOAD="perl $top_srcdir/tests/addr-load.pl"

# Count the lobby lines the attack made the watcher see: load_lines FILE.
load_lines() {
	JOINS=$(grep -c ' x[0-9]*n[0-9]* joined #lobby' "$1" || true)
	LONG=$(grep -c 'quit (rrrrrrrrrr' "$1" || true)
}

# The attack with every limit on logins and reasons off, to compare.
start_hub --login-rate 0 --churn-seconds 0 --max-clients-per-ip 0
client_start watcher watcher
wait_for "$T/watcher.out" "you joined #lobby"
$LOAD churn "$HUB_PORT" 127.0.0.1 8 2 20000 >"$T/off.txt" ||
    fail "the load tool failed"
cat "$T/off.txt"
welcomed=$(sed -n 's/^welcome=//p' "$T/off.txt")
[ "$welcomed" -ge 100 ] || fail "the attack did not run: $welcomed logins"
wait_until 10 grep -q "x[0-9]*n[0-9]* quit" "$T/watcher.out"
client_stop watcher
load_lines "$T/watcher.out"
echo "limits off: $welcomed logins in 2 s; the watcher saw $JOINS joins" \
    "and $LONG long signoffs"
stop_hub TERM

# The default limits.  The watcher's own login is the address's first.
# A user who quits at once from an address that does not churn keeps
# the reason.
rm -f "$T/history.json"
MPORT=$(pick_port)
start_hub --max-clients-per-ip 0 --metrics "127.0.0.1:$MPORT"
client_start watcher watcher
wait_for "$T/watcher.out" "you joined #lobby"
raw_open early
raw_send early '{"type":"hello","version":2,"nick":"early"}'
raw_expect early '"type":"welcome"'
raw_send early '{"type":"quit","reason":"wrong hub, sorry"}'
wait_for "$T/watcher.out" "early quit (wrong hub, sorry)"
ok "a young session of a quiet address signs off with its reason"
start=$(date +%s%N)
$LOAD churn "$HUB_PORT" 127.0.0.1 8 3 20000 >"$T/on.txt" &
load=$!
# Another address logs in while the attack goes on.
$LOAD login "$HUB_PORT" 127.0.0.2 1 1 1 neighbour >"$T/other.txt" ||
    fail "127.0.0.2 could not log in during the attack: $(cat "$T/other.txt")"
wait "$load" || fail "the load tool failed"
secs=$(( ($(date +%s%N) - start) / 1000000000 + 1 ))
cat "$T/on.txt"
welcomed=$(sed -n 's/^welcome=//p' "$T/on.txt")
refused=$(sed -n 's/^too_many_logins=//p' "$T/on.txt")
rounds=$(sed -n 's/^rounds=//p' "$T/on.txt")
# 20 at once, then 30 a minute (one every 2 s), less the watcher's.
bound=$(( 20 + secs / 2 + 1 ))
[ "$welcomed" -le "$bound" ] ||
    fail "$welcomed logins in ${secs}s from one address (at most $bound)"
[ "${refused:-0}" -gt 0 ] || fail "no login was refused"
grep -q "error too_many_logins: too many logins from your address: try again in [0-9]* seconds" \
    "$HUB_LOG" || fail "the refusal does not say when to come back"
ok "one address: $welcomed logins of $rounds tries in ${secs}s" \
    "($refused refused); 127.0.0.2 logged in meanwhile"
counted=$(metric "$MPORT" 'chatroom_address_limits_total{limit="login"}')
[ "$counted" = "$refused" ] ||
    fail "/metrics counts $counted refused logins, not $refused"
ok "/metrics counts the $refused refused logins"

# What the lobby saw: a bounded number of joins; once the address had
# used half its logins (10), no long reasons.
client_say watcher "/quit"
client_stop watcher
load_lines "$T/watcher.out"
short=$(grep -c ' x[0-9]*n[0-9]* quit$' "$T/watcher.out" || true)
[ "$JOINS" -le "$bound" ] || fail "the lobby saw $JOINS joins"
[ "$LONG" -le 10 ] || fail "$LONG signoffs carried the 200-byte reason"
[ "$short" -ge $(( JOINS - 10 )) ] ||
    fail "$short short signoffs of $JOINS sessions"
ok "the lobby saw $JOINS joins, $LONG signoffs with the 200-byte reason" \
    "and $short without"
stop_hub TERM

# The refused address is told so in plain words, the others are served.
# One login a minute, so that none comes back while the clients start.
rm -f "$T/history.json"
HUB_NAME=words start_hub --login-burst 1 --login-rate 1
$LOAD login "$HUB_PORT" 127.0.0.1 1 1 1 first >/dev/null ||
    fail "the first login was refused"
run_batch late late "/quit"
[ "$BATCH_RC" -ne 0 ] || fail "a login over the limit was let in"
grep -qF "too many logins from your address" "$T/late.err" ||
    fail "the client does not say why: $(cat "$T/late.err")"
if LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)"; then
	LANGUAGE=fr run_batch tard tard "/quit"
	grep -qF "trop de connexions depuis votre adresse" "$T/tard.err" ||
	    fail "the refusal is not in French: $(cat "$T/tard.err")"
fi
$LOAD login "$HUB_PORT" 127.0.0.2 1 1 1 neighbour2 >/dev/null ||
    fail "127.0.0.2 could not log in"
ok "the client says why, in its user's language; 127.0.0.2 still gets in"
stop_hub TERM

# A resume of a session the hub holds is not charged: after a hub
# restart, everyone behind one NAT comes back at once.  Two logins use
# the whole allowance; both sessions drop and resume by their tokens, and
# a third, new login is still refused.
rm -f "$T/history.json"
HUB_NAME=nat start_hub --login-burst 2 --login-rate 1 --resume-timeout 60
for n in n1 n2; do
	raw_open $n
	raw_send $n "{\"type\":\"hello\",\"version\":1,\"nick\":\"$n\"}"
	raw_expect $n '"type":"welcome"'
	tok[${n#n}]=$(sed 's/.*"token":"\([0-9a-f]*\)".*/\1/' <<<"$RAW_LINE")
	[ ${#tok[${n#n}]} -eq 32 ] || fail "no token in welcome: $RAW_LINE"
done
stop_hub TERM
HUB_NAME=nat start_hub --login-burst 2 --login-rate 1 --resume-timeout 60
for i in 1 2; do
	raw_open r$i
	raw_send r$i "{\"type\":\"hello\",\"version\":1,\"token\":\"${tok[$i]}\"}"
	raw_expect r$i '"type":"welcome"'
done
raw_open r3
raw_send r3 '{"type":"hello","version":1,"nick":"n3"}'
raw_expect r3 '"type":"welcome"'
raw_open r4
raw_send r4 '{"type":"hello","version":1,"nick":"n4"}'
raw_open r5
raw_send r5 '{"type":"hello","version":1,"nick":"n5"}'
raw_expect r5 '"code":"too_many_logins"'
ok "resumes after a restart cost no login; new logins still do"
stop_hub TERM
