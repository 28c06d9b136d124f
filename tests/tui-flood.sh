#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a malicious hub's 20,000 DMs and 60,000-member lobby
# leave it responsive and bounded: the conversation in view stays open
# while the others are closed, the nick list counts everyone, commands
# are answered in time and the memory stays small (issue 19, item 15).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/flood-lib.sh"

mkdir -p "$T/config/chatroom"
echo "SCROLLBACK_BYTES=4194304" >"$T/config/chatroom/config"

flood_hub_start trigger
tui_start eve eve 100 30
tui_wait eve "$FLOOD_MEMBERS members"
tui_keys eve F3
tui_wait_match eve "\\+$((FLOOD_MEMBERS / 1000 - 1))[0-9]{3} more"
ok "the title and the nick list count $FLOOD_MEMBERS members"

# In the conversation with first, set the flood off and wait for its end.
tui_type eve "/msg first"
tui_keys eve Enter
tui_wait eve "@first"
tui_type eve "flood-now"
start=$(date +%s%N)
tui_keys eve Enter
tui_wait eve "end of flood" 60
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "flood of $FLOOD_DMS DMs taken in $ms ms"
tui_has eve "[@first]" || fail "the conversation in view was closed"
ok "the conversation in view stays open through the flood"

# The status window tells of the conversations closed.
tui_type eve "/window 0"
tui_keys eve Enter
tui_wait eve "closed the conversation with u$((FLOOD_DMS - 253)) and its 1"
ok "closed conversations are told of in the status window"

# Still answering: /names brings the list within a deadline.
tui_type eve "/window lobby"
tui_keys eve Enter
tui_wait eve "#lobby"
start=$(date +%s%N)
tui_type eve "/names lobby"
tui_keys eve Enter
tui_wait eve "and $((FLOOD_MEMBERS - 500)) more" 5
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "/names answered in $ms ms"
pid=$(tui_pid eve)
[ -n "$pid" ] || fail "no client process"
rss_check "$pid" 65536
ok "/names answered in time, the client under 64 MiB"
