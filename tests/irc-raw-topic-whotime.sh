#!/bin/bash
# SPDX-License-Identifier: ISC
# 332 is followed by 333 (who set the topic, when), on JOIN and on TOPIC,
# as IRC servers send it; who and when are kept in the history (and its
# journal), and a history from before they were kept sends no 333.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --flood-rate 0
irc_join_dev a ann
before=$(date +%s)
irc_send a "TOPIC #dev :the dev topic"
irc_wait a "TOPIC #dev :the dev topic"
irc_send a "TOPIC #dev"
irc_wait a " 332 ann #dev :the dev topic"
irc_wait a " 333 ann #dev ann " ||
    fail "no 333 after 332 on TOPIC: $(grep ' 33[23] ' "$T/a.irc")"
when=$(grep -o ' 333 ann #dev ann [0-9]*' "$T/a.irc" | head -1 | awk '{print $5}')
[ -n "$when" ] && [ "$when" -ge $((before - 5)) ] &&
    [ "$when" -le $(($(date +%s) + 5)) ] || fail "333 time $when"
irc_join_dev b bob
grep -q " 333 bob #dev ann $when" "$T/b.irc" ||
    fail "no 333 on JOIN: $(grep ' 33[23] ' "$T/b.irc")"
ok "332 then 333 with the setter and the time"

# Journalled: a hub killed at once keeps who set it.
irc_send a "TOPIC #dev :a newer topic"
irc_wait b "TOPIC #dev :a newer topic"
stop_hub KILL
start_irc_hub --flood-rate 0
irc_join_dev c cat
grep -q " 332 cat #dev :a newer topic" "$T/c.irc" ||
    fail "topic lost: $(grep ' 33[23] ' "$T/c.irc")"
grep -q " 333 cat #dev ann [0-9]" "$T/c.irc" ||
    fail "setter lost by a killed hub: $(grep ' 33[23] ' "$T/c.irc")"
ok "the setter outlives a killed hub (journal)"

# Saved in history.json.
irc_send c "QUIT :bye"
stop_hub TERM
grep -q '"topic_by":"ann"' "$T/history.json" ||
    fail "no topic_by in history.json"
start_irc_hub --flood-rate 0
irc_join_dev d dan
grep -q " 333 dan #dev ann [0-9]" "$T/d.irc" ||
    fail "setter lost by a restart: $(grep ' 33[23] ' "$T/d.irc")"
ok "and a restart"

# A history without them: 332 alone, no made-up 333.
irc_send d "QUIT :bye"
stop_hub TERM
# (and the checksum, which a file edited by hand goes without)
sed -i -e 's/"topic_by":"ann","topic_at":[0-9]*,//' \
    -e 's/"sha256":"[0-9a-f]*",//' "$T/history.json"
grep -q topic_by "$T/history.json" && fail "sed left topic_by"
start_irc_hub --flood-rate 0
irc_join_dev e eve
grep -q " 332 eve #dev :a newer topic" "$T/e.irc" ||
    fail "old history's topic lost: $(grep ' 33[23] ' "$T/e.irc")"
grep -q " 333 " "$T/e.irc" &&
    fail "a 333 without a setter: $(grep ' 333 ' "$T/e.irc")"
ok "no 333 when the setter is not known"
