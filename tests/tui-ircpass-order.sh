#!/bin/bash
# SPDX-License-Identifier: ISC
# Requests run in the order typed: /release typed right after /ircpass
# waits for the password (hashed off the hub's loop) to be set, rather
# than releasing the claim first and failing /ircpass.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub -v
tui_start erin erin
tui_wait erin "you joined #lobby"
# Both lines in one go, as a fast typist (or a paste of two commands).
tui_keys erin "/ircpass in order please" Enter "/release" Enter
tui_wait erin "the claim on erin was released"
screen=$(tui_screen erin)
set_at=$(grep -n "IRC clients may now log in as erin" <<<"$screen" |
    cut -d: -f1)
released_at=$(grep -n "the claim on erin was released" <<<"$screen" |
    cut -d: -f1)
[ -n "$set_at" ] && [ "$set_at" -lt "$released_at" ] ||
    fail "/release overtook /ircpass: $screen"
grep -q "no longer hold a claim" <<<"$screen" &&
    fail "/ircpass answered after /release: $screen"
ok "/ircpass then /release run in that order"

# /ircpass with no claim any more says so truly (not "claimed by someone
# else": no one holds it) and how to get the claim back.
tui_type erin "/ircpass another one"
tui_keys erin Enter
tui_wait erin "you hold no claim on erin"
tui_lacks erin "claimed by someone else" ||
    fail "/ircpass after /release blames someone else"
ok "/ircpass after /release says there is no claim, and what to do"
