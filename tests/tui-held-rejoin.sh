#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: after a reconnection to a hub that forgot the session,
# a line typed while the room in view is being joined again is not
# refused: it shows as not sent yet, and goes once the client is back in
# the room, after the lines held while disconnected, in order, once each.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# Flood control at a request a second: the joins again after the
# reconnection take seconds, one room after another.
FLOOD="--flood-burst 1 --flood-rate 1"
# shellcheck disable=SC2086
start_hub $FLOOD
tui_start alice alice
tui_wait alice "you joined #lobby"
for r in r1 r2 r3 r4 r5 dev; do
	tui_type alice "/join $r"
	tui_keys alice Enter
	tui_wait alice "you joined #$r" 20
done

# How many times the screen says #dev was joined.
joins() {
	tui_screen alice | grep -cF "you joined #dev"
}

joined_again() {
	[ "$(joins)" -ge 2 ]
}

# The hub dies; a line typed now waits for it.
stop_hub KILL
tui_wait alice "disconnected — retrying in"
tui_type alice "held while down"
tui_keys alice Enter
tui_wait alice "<alice> held while down  (not sent yet)"

# A new hub: the session is gone, and alice joins her rooms again, #dev
# last.  Lines typed meanwhile into #dev wait for it.
# shellcheck disable=SC2086
HUB_HISTORY="$T/other.json" FORCE_PORT=$HUB_PORT start_hub $FLOOD
tui_wait alice "reconnected as alice" 45
tui_type alice "typed while rejoining one"
tui_keys alice Enter
tui_type alice "typed while rejoining two"
tui_keys alice Enter
[ "$(joins)" -eq 1 ] ||
    fail "#dev was joined again before the lines were typed: too late"
tui_has alice "nothing was sent" &&
    fail "a line typed while rejoining was refused: $(tui_screen alice)"
tui_wait alice "<alice> typed while rejoining two  (not sent yet)"
tui_has alice "<alice> typed while rejoining one  (not sent yet)" ||
    fail "the first line typed while rejoining is not shown waiting"
ok "lines typed while the room is joined again wait, shown not sent yet"

wait_until 30 joined_again || fail "#dev was not joined again"
tui_wait_gone alice "(not sent yet)" 30
for l in "held while down" "typed while rejoining one" \
    "typed while rejoining two"; do
	[ "$(tui_screen alice | grep -cF "<alice> $l")" -eq 1 ] ||
	    fail "'$l' is not shown once: $(tui_screen alice)"
done
ok "once back in the room they show as any line"

# What #dev holds: each line once, in the order typed.
run_batch seer seer "/join dev"
[ "$BATCH_RC" -eq 0 ] || fail "seer could not read #dev"
got=$(grep -oE "held while down|typed while rejoining (one|two)" \
    "$T/seer.out" | tr '\n' ',')
want="held while down,typed while rejoining one,typed while rejoining two,"
[ "$got" = "$want" ] ||
    fail "#dev holds '$got': $(cat "$T/seer.out")"
ok "the room has them once each, in order"
exit 0
