#!/bin/bash
# SPDX-License-Identifier: ISC
# Bans and mutes saved by an older hub, which took any duration, with an
# end more than a year away are brought to the 365d limit at the load,
# with one log line each (and not again at the next start); those within
# it and those with no end are kept as they are.
. "$top_srcdir/tests/lib.sh"

now=$(date +%s)
far=$(( $(date -u -d "2300-01-01 00:00" +%s) * 1000 ))
near=$(( (now + 10 * 86400) * 1000 ))
ban() {
	printf '{"kind":"%s","target":"%s","until":%s,"reason":"%s",' "$@"
	printf '"by":"old"}'
}
printf '{"version":1,"next_id":1,"rooms":[],"claims":[],"bans":[%s]}\n' \
    "$(ban nick zed "$far" flood),$(ban mute mo "$far" ""),$(ban ip \
    192.0.2.0/24 "$far" spam),$(ban nick near "$near" x),$(ban nick ever 0 y)" \
    >"$T/history.json"

start_hub
year=$(( (now + 365 * 86400) * 1000 ))
for w in "ban on zed" "mute on mo" "ban on 192.0.2.0/24"; do
	grep -q "the $w ran to 2300-01-01 00:00 UTC, past the 365d limit: \
it ends 20.* UTC (set by old)" "$HUB_LOG" ||
	    fail "no clamp line for the $w: $(cat "$HUB_LOG")"
done
grep -q "on near ran to\|on ever ran to" "$HUB_LOG" &&
    fail "a ban within the limit was changed"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"

# What the hub saved: a year at most, the others as they were.
until_of() {
	sed -n "s|.*\"target\":\"$1\",\"until\":\([0-9]*\).*|\1|p" \
	    "$T/history.json"
}
for t in zed mo 192.0.2.0/24; do
	u=$(until_of "$t")
	[ -n "$u" ] || fail "the ban on $t was not kept: $(cat \
	    "$T/history.json")"
	[ "$u" -le $((year + 600000)) ] && [ "$u" -ge $((year - 600000)) ] ||
	    fail "the ban on $t ends at $u, not a year from now ($year)"
done
[ "$(until_of near)" = "$near" ] || fail "the ban on near changed"
[ "$(until_of ever)" = 0 ] || fail "the ban for good on ever changed"
ok "bans and mutes past a year are brought to 365d, with a log line each"

start_hub
n=$(count_in "$HUB_LOG" "past the 365d limit")
[ "$n" -eq 3 ] || fail "$n clamp lines after a restart, not 3"
stop_hub TERM
ok "and only once"
