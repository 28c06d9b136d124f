#!/bin/bash
# SPDX-License-Identifier: ISC
# One sender may fill at most its share (5) of the 20 direct messages a
# lost session keeps: a stranger's flood does not shut out the others,
# and the refusal says the user lost the connection (not that it is away).
. "$top_srcdir/tests/lib.sh"

start_hub --flood-rate 0
raw_login v vic
TOKEN_V=$TOKEN
exec {RAW_FD[v]}>&-
raw_login j junk
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"
wait_until 20 grep -q "disconnected:" "$T/hub.log" ||
    fail "the hub did not see vic go"

for i in 1 2 3 4 5; do
	raw_dm j vic "junk $i" "$i"
done
raw_send j '{"type":"dm","to":"vic","text":"junk 6","seq":6}'
raw_expect j '"seq":6'
[[ $RAW_LINE == *'"code":"dm_full"'* ]] ||
    fail "the 6th from one sender was kept: $RAW_LINE"
[[ $RAW_LINE == *"vic lost the connection"* ]] ||
    fail "the refusal does not say vic lost the connection: $RAW_LINE"
ok "one sender keeps at most 5 messages for a lost user"

client_say bob "/msg vic hi, are you there? important"
wait_for "$T/bob.out" "vic lost the connection; the hub keeps your message"
grep -q "is away" "$T/bob.err" "$T/bob.out" && fail "bob told vic is away"
raw_resumed v2 "$TOKEN_V"
raw_expect v2 '"text":"hi, are you there? important"'
ok "another sender's message is kept and delivered on the resume"
exit 0
