#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: "/window status" is the status window, as the room list
# names it, even with a room #status; it then says how to reach the room,
# which "/window #status" shows.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start ann ann
tui_wait ann "you joined #lobby"
tui_type ann "/join status"
tui_keys ann Enter
tui_wait ann "you joined #status"
tui_wait_match ann "^ #status "
tui_type ann "/window status"
tui_keys ann Enter
tui_wait ann "/window #status goes to the room"
tui_wait_match ann "^ chatroom — "
ok "/window status shows the status window and tells of #status"

tui_type ann "/window #status"
tui_keys ann Enter
tui_wait_match ann "^ #status "
ok "/window #status shows the room"
exit 0
