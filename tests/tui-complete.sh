#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: Tab offers the nicks of the room's members only, the
# recent speakers first; someone who spoke and then quit or changed nick
# is not offered under the old name.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start alice alice
tui_wait alice "you joined #lobby"
tui_start bob bob
tui_wait alice "bob joined #lobby"

# bot speaks and quits; bob, who never spoke, is the only "b" left.
run_batch bot bot "beep from bot"
[ "$BATCH_RC" = 0 ] || fail "bot could not speak"
tui_wait alice "<bot> beep from bot"
tui_wait alice "bot quit"
tui_type alice "b"
tui_keys alice Tab
tui_wait alice "[#lobby] bob:"
tui_keys alice Tab
tui_wait alice "[#lobby] bob:"
tui_has alice "[#lobby] bot" && fail "Tab offered bot, who quit"
tui_keys alice C-u
ok "a speaker who quit is not offered"

# carol speaks, then becomes carla: Tab gives the new nick, not the old.
client_start carol carol
wait_for "$T/carol.out" "joined #lobby"
client_say carol "hello from carol"
tui_wait alice "<carol> hello from carol"
client_say carol "/nick carla"
tui_wait alice "carol is now known as carla"
tui_type alice "car"
tui_keys alice Tab
tui_wait alice "[#lobby] carla:"
tui_keys alice Tab
tui_wait alice "[#lobby] carla:"
tui_keys alice C-u
ok "a speaker who changed nick is offered under the new nick only"

# Recent speakers still come first among the members.
tui_type bob "bob speaks"
tui_keys bob Enter
tui_wait alice "<bob> bob speaks"
tui_type alice "@"
tui_keys alice Tab
tui_wait alice "[#lobby] @bob"
tui_keys alice C-u
ok "the members who spoke last come first"
exit 0
