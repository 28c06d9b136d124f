#!/bin/bash
# SPDX-License-Identifier: ISC
# A malicious hub cannot make --batch grow without bound or freeze it:
# 20,000 DMs from distinct nicks open at most 256 windows (the oldest
# conversations are closed, with a notice), a 60,000-member list is taken
# in well under a second, and the scrollback stays within
# SCROLLBACK_BYTES (issue 19, item 15).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/flood-lib.sh"

mkdir -p "$T/config/chatroom"
echo "SCROLLBACK_BYTES=4194304" >"$T/config/chatroom/config"

flood_hub_start
start=$(date +%s%N)
client_start eve eve
wait_for "$T/eve.out" "end of flood" 60
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "flood of $FLOOD_DMS DMs and $FLOOD_MEMBERS members taken in $ms ms"
grep -qF "closed the conversation with u1 and its 1 unread message: too many windows" \
    "$T/eve.out" || fail "no notice of the closed conversation"
[ "$(count_in "$T/eve.out" "closed the conversation with")" -eq \
    $((FLOOD_DMS + 1 - 253)) ] || fail "not as many windows closed as expected"
ok "$FLOOD_DMS conversations opened at most 256 windows, with notices"

# Still answering: /names brings back the whole list within a deadline.
start=$(date +%s%N)
client_say eve "/names lobby"
wait_for "$T/eve.out" "#lobby: $FLOOD_MEMBERS members: eve m1 m2" 5
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "/names answered in $ms ms"
grep -qF "m499 and $((FLOOD_MEMBERS - 500)) more" "$T/eve.out" ||
    fail "the member list is not cut short with a count"
ok "a $FLOOD_MEMBERS-member list is answered in time, cut at 500 names"

# A closed conversation has no window any more; a recent one has.
client_say eve "/window u1" "/window u$FLOOD_DMS" "/window nobody"
wait_for "$T/eve.err" "there is no window nobody" 5
grep -qF "there is no window u1" "$T/eve.err" || fail "u1 kept a window"
! grep -qF "there is no window u$FLOOD_DMS" "$T/eve.err" ||
    fail "the latest conversation has no window"
ok "the least recently active conversations are the ones closed"
rss_check "${CLIENT_PID[eve]}" 65536
ok "the client stays under 64 MiB"
client_stop eve
# Its two /window lines with no window were refused: exit 3.
[ "$CLIENT_RC" -eq 3 ] || fail "the client exited with $CLIENT_RC"
