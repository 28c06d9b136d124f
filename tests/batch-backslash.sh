#!/bin/bash
# SPDX-License-Identifier: ISC
# --batch: backslashes at the end of a line stand for half as many, and
# only an odd one left over continues the line (walk58 F1), so a bot can
# send text that ends in a backslash; a continued line that arrives in
# pieces is still one message; a last lone backslash is kept.
. "$top_srcdir/tests/lib.sh"

start_hub
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"
client_start carol carol
wait_for "$T/obs.out" "carol joined #lobby"

# Lines relayed by a bot that doubles the backslashes they end with.
client_say carol 'dir is C:\\' 'next one'
wait_for "$T/obs.out" "<carol> next one"
grep -qxE '.*<carol> dir is C:\\' "$T/obs.out" ||
    fail "C:\\\\ did not send C:\\: $(cat "$T/obs.out")"
ok "a doubled backslash at the end is one backslash, no continuation"

client_say carol 'ends with two \\\\' 'odd \\\' 'rest'
wait_for "$T/obs.out" "rest"
grep -qxE '.*<carol> ends with two \\\\' "$T/obs.out" ||
    fail "four backslashes did not send two: $(cat "$T/obs.out")"
grep -qxE '.*<carol> odd \\' "$T/obs.out" ||
    fail "three backslashes did not send one: $(cat "$T/obs.out")"
grep -A1 -F '<carol> odd \' "$T/obs.out" | tail -n 1 |
    grep -qE '^ +rest$' || fail "the odd backslash did not continue"
ok "an odd backslash left over continues the line"

# A continued line whose lines come one by one is one message.
client_say carol 'piece a \'
client_say carol 'piece b \'
client_say carol 'piece c'
wait_for "$T/obs.out" "piece c"
grep -qxE '.*<carol> piece a' "$T/obs.out" ||
    fail "the first piece is not a message's first line"
grep -A2 -F '<carol> piece a' "$T/obs.out" | tail -n 2 | tr -s ' ' |
    tr '\n' '|' | grep -qx ' piece b| piece c|' ||
    fail "the pieces are not one message: $(cat "$T/obs.out")"
ok "a continued line that arrives in pieces is one message"

# A continued command is refused: no room named after both lines.
client_say carol '/join #aa \' '/join #bb'
wait_for "$T/carol.err" "/join takes one line"
client_stop carol
grep -qF "#aa" "$T/obs.out" "$T/carol.out" && fail "a continued /join ran"
ok "a continued command is refused"

# At the end of input a lone backslash is kept, with a warning.
run_batch dave dave 'last words \'
[ "$BATCH_RC" = 0 ] || fail "dave exit status $BATCH_RC"
wait_for "$T/obs.out" "<dave> last words"
grep -qxE '.*<dave> last words \\' "$T/obs.out" ||
    fail "the last backslash was dropped: $(cat "$T/obs.out")"
grep -qF "ends with a backslash" "$T/dave.err" ||
    fail "no warning: $(cat "$T/dave.err")"
ok "a last lone backslash is kept"
exit 0
