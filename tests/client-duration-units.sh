#!/bin/bash
# SPDX-License-Identifier: ISC
# Durations in the units the client shows and in parts: a Korean 7일 or
# 3분 mutes for that time, never for good with the duration as the
# reason; 2h30m, the French "7 j" and 1h30 (minutes after hours) are
# understood; a word that starts with a digit and is not a duration is
# refused, naming the forms; full-width digits (７일) are read as ASCII
# ones.
. "$top_srcdir/tests/lib.sh"

start_oper_pair start_hub
client_start cy cyd
wait_for "$T/cy.out" "you joined #lobby"

client_say alice "/mute bob 7일"
wait_for "$HUB_LOG" "alice muted bob for 7d"
wait_for "$T/alice.out" "bob is muted until"
wait_for "$T/bob.err" "alice muted you: you cannot speak until"
grep -q "bob is muted with no end" "$T/alice.out" &&
    fail "7일 muted bob for good"
grep -q "reason: 7일" "$T/alice.out" "$T/bob.err" &&
    fail "7일 was taken as the reason"
ok "a Korean 7일 mutes for 7 days, not for good"

client_say alice "/mute cyd 3분 stop"
wait_for "$HUB_LOG" "alice muted cyd for 3m: stop"
ok "a Korean 3분 then a reason"

client_say alice "/ban 10.1.1.1 2h30m test" "/ban 10.1.1.2 7 j robots" \
    "/ban 10.1.1.3 1 h 30 min"
wait_for "$HUB_LOG" "alice banned 10.1.1.1 for 150m: test"
wait_for "$HUB_LOG" "alice banned 10.1.1.2 for 7d: robots"
wait_for "$HUB_LOG" "alice banned 10.1.1.3 for 90m"
ok "2h30m, 7 j and 1 h 30 min are durations"

client_say alice "/ban 10.1.1.5 1h30 spam" "/ban 10.1.1.6 2h05" \
    "/ban 10.1.1.7 1 h 30 robots"
wait_for "$HUB_LOG" "alice banned 10.1.1.5 for 90m: spam"
wait_for "$HUB_LOG" "alice banned 10.1.1.6 for 125m"
wait_for "$HUB_LOG" "alice banned 10.1.1.7 for 90m: robots"
ok "1h30, 2h05 and 1 h 30: a bare number after hours is minutes"

client_say alice "/ban 10.1.1.8 1d12 spam"
wait_for "$T/alice.err" "1d12 is not a duration"
grep -q "10.1.1.8" "$HUB_LOG" && fail "1d12 banned 10.1.1.8"
ok "a bare number after days is still refused"

client_say alice "/ban 10.1.1.4 7jrs spam" "/mute cyd 1.5h x"
wait_for "$T/alice.err" "7jrs is not a duration"
wait_for "$T/alice.err" \
    "1.5h is not a duration: a duration is like 30m, 1h30m or 7d"
grep -q "10.1.1.4" "$HUB_LOG" && fail "a typo banned 10.1.1.4"
ok "a word that starts with a digit and is not a duration is refused"

# Months and years in words: "1 year" is the longest ban, not a ban of
# one second with the reason "year"; "2 years" is over the bound and
# refused, naming both words.
client_say alice "/ban 10.1.1.5 1 year spam" "/ban 10.1.1.6 2 months" \
    "/ban 10.1.1.7 1년" "/ban 10.1.1.8 2 years spam"
wait_for "$HUB_LOG" "alice banned 10.1.1.5 for 365d: spam"
wait_for "$HUB_LOG" "alice banned 10.1.1.6 for 60d"
wait_for "$HUB_LOG" "alice banned 10.1.1.7 for 365d"
wait_for "$T/alice.err" "2 years is not a duration"
grep -q "10.1.1.8" "$HUB_LOG" && fail "2 years banned 10.1.1.8"
grep -q "reason: year" "$T/alice.out" && fail "year was taken as the reason"
ok "1 year and 2 months are durations, 2 years is refused"

# Full-width digits, as a Korean input method types them: the duration
# they look like, never a mute for good; the reason's own digits kept.
client_say alice "/mute cyd ７일 경고 ２회" "/ban 10.1.1.9 １시간 ３０분" \
    "/ban 10.1.1.10 ７x spam"
wait_for "$HUB_LOG" "alice muted cyd for 7d: 경고 ２회"
wait_for "$HUB_LOG" "alice banned 10.1.1.9 for 90m"
wait_for "$T/alice.err" "７x is not a duration"
grep -q "10.1.1.10" "$HUB_LOG" && fail "７x banned 10.1.1.10"
ok "full-width digits: ７일 is 7 days, １시간 ３０분 90 minutes, ７x refused"
exit 0
