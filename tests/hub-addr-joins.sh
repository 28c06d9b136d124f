#!/bin/bash
# SPDX-License-Identifier: ISC
# Joins (each replays history) have a bucket per connection, 40 at once
# then one every 6 s, and one per address, 120 at once with the same
# refill, so that several connections from one address do not multiply
# the first: 127.0.0.1 rejoins the lobby on connection after connection
# until its address is refused, and the refusal says so; the address
# still logs in (into the lobby), another address still joins, and
# /metrics counts the refusals.
. "$top_srcdir/tests/lib.sh"
command -v socat >/dev/null || { echo "no socat"; exit 77; }

# Leave and join the lobby again on raw connection NAME until a join is
# refused: how many were taken goes to JOINS, the refusal to REFUSED.
rejoin() {
	local name=$1 i
	JOINS=0
	for i in $(seq 1 100); do
		raw_send "$name" "{\"type\":\"leave\",\"room\":\"lobby\",\"seq\":$((i * 2))}"
		raw_expect "$name" "\"seq\":$((i * 2))"
		raw_send "$name" "{\"type\":\"join\",\"room\":\"lobby\",\"seq\":$((i * 2 + 1))}"
		raw_expect "$name" "\"seq\":$((i * 2 + 1))"
		case $RAW_LINE in
		*'"type":"ack"'*) JOINS=$((JOINS + 1)) ;;
		*) REFUSED=$RAW_LINE; return 0 ;;
		esac
	done
	fail "$name: 100 rejoins in a row were all taken"
}

MPORT=$(pick_port)
start_hub --flood-burst 1000 --flood-rate 1000 --metrics "127.0.0.1:$MPORT"
start=$SECONDS
total=0 n=0 by_addr=
while [ -z "$by_addr" ]; do
	n=$((n + 1))
	[ $n -le 6 ] || fail "6 connections of one address made $total joins"
	raw_login "c$n" "joiner$n"
	rejoin "c$n"
	total=$((total + JOINS))
	grep -qF '"code":"flood"' <<<"$REFUSED" ||
	    fail "c$n: not a flood refusal: $REFUSED"
	case $REFUSED in
	*'too many joins from your address: at most 120 at once, then one every 6 s; try again in '[0-9]*' s'*)
		by_addr=$n ;;
	*'too many joins: at most 40 at once'*) ;;
	*) fail "c$n: refused for what? $REFUSED" ;;
	esac
done
secs=$((SECONDS - start + 1))
# 120 at once (the lobby's join at each login is not counted: the
# logins are), plus one every 6 s the test took.
bound=$((120 + secs / 6 + 1))
[ "$by_addr" -ge 4 ] ||
    fail "the address was refused after $total joins on $n connections"
[ "$total" -le "$bound" ] ||
    fail "one address made $total joins in ${secs}s (at most $bound)"
[ "$total" -ge 117 ] || fail "one address made only $total joins"
ok "one address: $total joins on $n connections, then refused"
grep -q "error flood: too many joins from your address" "$HUB_LOG" ||
    fail "the refusal was not logged"

# The address still logs in, into the lobby.
raw_login late latecomer
wait_for "$HUB_LOG" "latecomer joined lobby"
ok "the address still logs in and is in the lobby"

# Another address joins meanwhile.
RELAY_PORT=$(pick_port)
socat_start relay "TCP-LISTEN:$RELAY_PORT,bind=127.0.0.1,reuseaddr,fork" \
    "TCP:127.0.0.1:$HUB_PORT,bind=127.0.0.2"
exec {fd}<>"/dev/tcp/127.0.0.1/$RELAY_PORT" || fail "cannot connect"
RAW_FD[o]=$fd
raw_send o '{"type":"hello","version":1,"nick":"neighbour"}'
raw_expect o '"type":"welcome"'
raw_send o '{"type":"leave","room":"lobby","seq":1}'
raw_expect o '"seq":1'
raw_send o '{"type":"join","room":"lobby","seq":2}'
raw_expect o '"seq":2'
[[ $RAW_LINE == *'"type":"ack"'* ]] ||
    fail "127.0.0.2 could not join: $RAW_LINE"
grep -q "127.0.0.2:[0-9]*: registered as neighbour" "$HUB_LOG" ||
    fail "neighbour did not come from 127.0.0.2"
ok "another address still joins"

counted=$(metric "$MPORT" 'chatroom_address_limits_total{limit="join"}')
[ "$counted" = 1 ] || fail "/metrics counts $counted refused joins, not 1"
ok "/metrics counts the refused join"
exit 0
