#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: each window keeps where it was scrolled to, as irssi's
# and weechat's do.  Scrolled up in one room, a look at another and back
# finds the same lines and the same "more below"; the other room, never
# scrolled, follows its newest lines.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# The scrollback rows of a screen (no title, no input line).
body() {
	tui_screen "$1" | sed '1d;$d'
}

# The title's count of lines below, or nothing.
below() {
	tui_screen "$1" | head -n 1 | grep -oE '[0-9]+ more below'
}

start_hub --flood-rate 0
tui_start alice alice
tui_wait alice "you joined #lobby"
tui_cmd alice "/join dev"
tui_wait alice "you joined #dev"
tui_keys alice M-1
wait_until 10 tui_title_has alice "#lobby" || fail "not in #lobby"

client_start bob bob
wait_for "$T/bob.out" "connected to"
for i in $(seq -w 1 60); do
	client_say bob "message number $i"
done
tui_wait alice "<bob> message number 60"

tui_keys alice PPage
tui_wait_gone alice "message number 60"
tui_keys alice PPage
tui_wait alice "more below"
tui_settle alice
before=$(body alice)
n=$(below alice)
[ -n "$n" ] || fail "no count of the lines below"

tui_keys alice M-2
wait_until 10 tui_title_has alice "#dev" || fail "not in #dev"
tui_settle alice
[ -z "$(below alice)" ] || fail "#dev was never scrolled: $(below alice)"
tui_has alice "you joined #dev" || fail "#dev does not show its end"

tui_keys alice M-1
wait_until 10 tui_title_has alice "#lobby" || fail "not back in #lobby"
tui_settle alice
[ "$(below alice)" = "$n" ] ||
    fail "back in #lobby: '$(below alice)', not '$n'"
[ "$(body alice)" = "$before" ] ||
    fail "back in #lobby, other lines: $(body alice)"
ok "a window scrolled up is where it was left, after a look at another"

tui_keys alice End
tui_wait_gone alice "more below"
tui_keys alice M-2
wait_until 10 tui_title_has alice "#dev" || fail "not in #dev"
tui_keys alice M-1
wait_until 10 tui_title_has alice "#lobby" || fail "not back in #lobby"
tui_settle alice
tui_has alice "more below" && fail "#lobby left at its end came back scrolled"
tui_has alice "<bob> message number 60" || fail "#lobby is not at its end"
ok "a window left at its end comes back at its end"

tui_quit alice
exit 0
