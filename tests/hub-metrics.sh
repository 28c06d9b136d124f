#!/bin/bash
# SPDX-License-Identifier: ISC
# --metrics: Debian's Prometheus scrapes the hub and sees a counter rise;
# promtool finds nothing wrong in the output; /healthz says 503 while the
# history cannot be saved; --stats-interval logs the figures.
. "$top_srcdir/tests/lib.sh"

command -v prometheus >/dev/null && command -v promtool >/dev/null || exit 77

# An HTTP/1.0 request over bash's /dev/tcp: http PORT METHOD PATH prints
# the whole response, status line and headers included.
http() {
	local fd
	exec {fd}<>"/dev/tcp/127.0.0.1/$1" || return 1
	printf '%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" "$3" >&"$fd"
	timeout 10 cat <&"$fd"
	exec {fd}>&-
}

# The body of a response: what follows the first empty line.
http_body() {
	http "$@" | tr -d '\r' | sed '1,/^$/d'
}

# Is the status of GET PATH on the metrics port this code?
status_is() {
	http "$MPORT" GET "$1" | head -n 1 | grep -q "^HTTP/1\.[01] $2 "
}

# One number from Prometheus: the value of an instant query (URL-encoded).
prom_value() {
	http_body "$PPORT" GET "/api/v1/query?query=$1" |
	    sed -n 's/.*"value":\[[^,]*,"\([0-9.e+]*\)"\].*/\1/p'
}

# Has Prometheus seen the value of a query go above a number?
prom_above() {
	local v
	v=$(prom_value "$1")
	[ -n "$v" ] && awk -v v="$v" -v n="$2" 'BEGIN { exit !(v > n) }'
}

# A bad address for the metrics stops the hub at start.
if "$CHATROOM" --serve --insecure --listen "127.0.0.1:$(pick_port)" \
    --history "$T/bad.json" --metrics "127.0.0.1:0" >"$T/bad.err" 2>&1; then
	fail "--metrics with port 0 was accepted"
fi
grep -q -- "--metrics: invalid port '0'" "$T/bad.err" ||
    fail "no error for a bad port"
ok "a bad --metrics port is an error"

# The hub, its metrics address and stats interval from a config file.
MPORT=$(pick_port)
printf 'METRICS=%s\nSTATS_INTERVAL=1\n' "$MPORT" >"$T/hub.conf"
mkdir "$T/hist"
IPORT=$(pick_port)
start_hub --config "$T/hub.conf" --history "$T/hist/history.json" \
    --irc-listen "127.0.0.1:$IPORT"
wait_for "$HUB_LOG" "metrics on http://127.0.0.1:$MPORT/metrics"

# Connections are labelled with their listener's protocol.
exec {ifd}<>"/dev/tcp/127.0.0.1/$IPORT" || fail "no IRC listener"
exec {ifd}>&-
accepted='^chatroom_connections_accepted_total{listener="127.0.0.1:%s",protocol="%s",transport="plain"} %s$'
wait_until 10 eval 'http_body "$MPORT" GET /metrics |
    grep -q "$(printf "$accepted" "$IPORT" irc 1)"' ||
    fail "the IRC listener's connections are not labelled irc: $(
    http_body "$MPORT" GET /metrics | grep "$IPORT")"
http_body "$MPORT" GET /metrics |
    grep -q "$(printf "$accepted" "$HUB_PORT" json 0)" ||
    fail "the native listener is not labelled json"
ok "connections are labelled by protocol: irc or json"

http_body "$MPORT" GET /metrics >"$T/metrics.txt"
grep -q '^chatroom_rooms 1$' "$T/metrics.txt" || fail "no chatroom_rooms"
promtool check metrics <"$T/metrics.txt" >"$T/promtool.out" 2>&1 ||
    fail "promtool: $(cat "$T/promtool.out")"
[ -s "$T/promtool.out" ] && fail "promtool: $(cat "$T/promtool.out")"
status_is /healthz 200 || fail "/healthz is not 200"
[ "$(http_body "$MPORT" GET /healthz)" = ok ] || fail "/healthz body"
status_is /nothing 404 || fail "/nothing is not 404"
http "$MPORT" POST /metrics | head -n 1 | grep -q " 405 " ||
    fail "POST is not refused with 405"
http "$MPORT" HEAD /metrics | head -n 1 | grep -q " 200 " || fail "HEAD"
ok "/metrics passes promtool; /healthz 200; 404 and 405 elsewhere"

# Debian's Prometheus, scraping every second, on a port of its own.
PPORT=$(pick_port)
cat >"$T/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: chatroom
    static_configs:
      - targets: ['127.0.0.1:$MPORT']
EOF
prometheus --config.file="$T/prometheus.yml" \
    --storage.tsdb.path="$T/tsdb" \
    --web.listen-address="127.0.0.1:$PPORT" >"$T/prometheus.log" 2>&1 &
PIDS="$PIDS $!"
wait_until 30 eval 'http_body "$PPORT" GET /api/v1/targets |
    grep -q "\"health\":\"up\""' || fail "the target never came up"
ok "Prometheus scrapes the hub: the target is up"

# Messages sent: the counter Prometheus stored rises.
q='chatroom_messages_received_total%7Bkind%3D%22text%22%7D'
wait_until 30 eval '[ -n "$(prom_value "$q")" ]' ||
    fail "Prometheus has no chatroom_messages_received_total"
before=$(prom_value "$q")
client_start alice alice
client_start bob bob
wait_for "$T/alice.out" "you joined #lobby" 30
wait_for "$T/bob.out" "you joined #lobby" 30
client_say alice "one for the scraper" "and another"
wait_for "$T/bob.out" "<alice> and another" 30
wait_until 30 prom_above "$q" "$before" ||
    fail "received messages did not rise past $before in Prometheus"
wait_until 30 prom_above 'chatroom_deliveries_total%7Bkind%3D%22text%22%7D' 3 ||
    fail "deliveries did not reach 4 in Prometheus"
ok "a counter rose in Prometheus after messages were sent"

# The log line every second says so too.
wait_until 30 grep -qE \
    'stats: 2 connections .* 2 users, .* [1-9][0-9]* received' "$HUB_LOG" ||
    fail "no stats line with the users and messages"
ok "--stats-interval logs the figures"

# The history cannot be saved: /healthz answers 503 until it can again.
wait_for "$HUB_LOG" "history saved to $T/hist/history.json" 30
status_is /healthz 200 || fail "/healthz is not 200 after a save"
rm -rf "$T/hist"
: >"$T/hist"
client_say alice "not saved yet"
wait_for "$T/bob.out" "<alice> not saved yet" 30
wait_for "$HUB_LOG" "history not saved (will retry)" 30
wait_until 30 status_is /healthz 503 || fail "/healthz is not 503"
[ "$(http_body "$MPORT" GET /healthz)" = "history not saved" ] ||
    fail "/healthz 503 body"
grep -q '^chatroom_history_saves_total{result="failed"} [1-9]' \
    <(http_body "$MPORT" GET /metrics) || fail "failed save not counted"
rm -f "$T/hist"
mkdir "$T/hist"
wait_until 30 status_is /healthz 200 || fail "/healthz did not recover"
ok "/healthz is 503 while the history cannot be saved, 200 after"

# A burst past the flood limit: refusals are counted.
raw_open flood
raw_send flood '{"type":"hello","version":1,"nick":"flooder"}'
raw_expect flood '"type":"welcome"'
burst=
for i in $(seq 1 40); do
	burst+="{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"f $i\"}"$'\n'
done
printf '%s' "$burst" >&"${RAW_FD[flood]}"
raw_expect flood '"code":"flood"'
grep -q '^chatroom_flood_refusals_total [1-9]' \
    <(http_body "$MPORT" GET /metrics) || fail "flood refusals not counted"
exec {RAW_FD[flood]}>&-
ok "flood refusals are counted"

client_stop alice
client_stop bob
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
grep -q "final stats: 0 connections" "$HUB_LOG" || fail "no final stats"
ok "the figures are logged once more at shutdown"

# A hub with a short handshake deadline: a connection that never says
# hello, and one refused at hello.
MPORT=$(pick_port)
HUB_NAME=handshake start_hub --metrics "$MPORT" --handshake-timeout 1
wait_for "$HUB_LOG" "metrics on http://127.0.0.1:$MPORT/metrics"
raw_open quiet
raw_closed quiet 10 || fail "the silent connection was not closed"
raw_open old
raw_send old '{"type":"hello","version":99,"nick":"future"}'
raw_closed old 10 || fail "the refused connection was not closed"
http_body "$MPORT" GET /metrics >"$T/metrics.txt"
grep -q '^chatroom_handshake_failures_total{reason="timeout"} 1$' \
    "$T/metrics.txt" || fail "handshake timeout not counted"
grep -q '^chatroom_handshake_failures_total{reason="refused"} 1$' \
    "$T/metrics.txt" || fail "refused hello not counted"
grep -q '^chatroom_handshake_failures_total{reason="tls"} 0$' \
    "$T/metrics.txt" || fail "a plain connection counted as TLS"
stop_hub TERM
ok "handshake failures are counted by reason"

# Over TLS: the transport label, and a client that cannot speak TLS.
INSECURE=
MPORT=$(pick_port)
HUB_NAME=tls start_hub --metrics "127.0.0.1:$MPORT"
wait_for "$HUB_LOG" "metrics on http://127.0.0.1:$MPORT/metrics"
raw_open plain
raw_send plain '{"type":"hello","version":1,"nick":"plain"}'
raw_closed plain 10 || fail "a plain client of a TLS hub was not closed"
wait_until 10 eval 'http_body "$MPORT" GET /metrics |
    grep -q "^chatroom_handshake_failures_total{reason=\"tls\"} 1\$"' ||
    fail "the failed TLS handshake was not counted"
http_body "$MPORT" GET /metrics |
    grep -q '^chatroom_connections_accepted_total{.*transport="tls"} 1$' ||
    fail "no transport=\"tls\" label"
ok "TLS: a failed handshake is counted, connections are labelled tls"
exit 0
