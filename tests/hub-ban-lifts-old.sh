#!/bin/bash
# SPDX-License-Identifier: ISC
# The history file keeps no ban or mute that ended or was lifted; the
# only lifts it keeps are those a hub of a cluster made while apart from
# Redis, to send at the heal.  One older than a year and a day (the age
# at which the cluster forgets its own marks) is forgotten too, with a
# line in the log: a hub that never joins the cluster again would keep
# it for ever.  A recent one is kept.
. "$top_srcdir/tests/lib.sh"

now=$(now_ms)
recent=$((now - 3600 * 1000))
printf '%s\n' "{\"version\":1,\"next_id\":1,\"rooms\":[],\"bans\":[{\"kind\":\"nick\",\"target\":\"gone\",\"until\":2000,\"reason\":\"\",\"by\":\"x\"},{\"kind\":\"nick\",\"target\":\"still\",\"until\":0,\"reason\":\"\",\"by\":\"x\"}],\"lifts\":[{\"kind\":\"nick\",\"target\":\"ancient\",\"when\":1000},{\"kind\":\"mute\",\"target\":\"fresh\",\"when\":$recent}]}" \
    >"$T/history.json"
start_hub
wait_for "$HUB_LOG" "forgot the lifting of the ban on ancient"
grep -qF "fresh" "$HUB_LOG" && fail "a recent lift was forgotten"
stop_hub TERM
grep -qF '"target":"ancient"' "$T/history.json" &&
    fail "a lift older than a year is still in the file"
grep -qF '"target":"fresh","when":'"$recent" "$T/history.json" ||
    fail "a recent lift is no longer in the file"
grep -qF '"target":"gone"' "$T/history.json" &&
    fail "a ban that ended is still in the file"
grep -qF '"target":"still"' "$T/history.json" ||
    fail "a ban in force is no longer in the file"
ok "lifts older than a year and a day leave the file, recent ones stay"

# The journal says so at once: a hub killed before any save does not
# bring the old lift back at its next start.
rm -f "$T"/history.json*
printf '%s\n' '{"version":1,"next_id":1,"rooms":[],"lifts":[{"kind":"nick","target":"ancient","when":1000}]}' \
    >"$T/history.json"
start_hub
wait_until 10 [ "$(count_in "$HUB_LOG" "forgot the lifting")" -eq 2 ] ||
    fail "the old lift was not forgotten"
stop_hub KILL
start_hub
stop_hub TERM
[ "$(count_in "$HUB_LOG" "forgot the lifting")" -eq 2 ] ||
    fail "the old lift came back after a kill"
grep -qF ancient "$T/history.json" && fail "the old lift is in the file"
ok "the journal forgets it too"
