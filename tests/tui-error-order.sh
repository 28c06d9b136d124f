#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a command's error waits for the hub's answers to the
# requests typed before it, so that errors show in the order the commands
# were typed: "/msg nobody" then "/frob" at once show "no such nick"
# before "unknown command".
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start alice alice
tui_wait alice "you joined #lobby"
# Both lines in one burst: the second is read before the hub answers.
tui_keys alice "/msg nobody hi" Enter "/frob" Enter
tui_wait alice "unknown command"
tui_wait alice "no such nick"
screen=$(tui_screen alice)
a=$(grep -n "no such nick" <<<"$screen" | head -n 1 | cut -d: -f1)
b=$(grep -n "unknown command" <<<"$screen" | head -n 1 | cut -d: -f1)
[ "$a" -lt "$b" ] || fail "the errors are in reverse order: $screen"
ok "errors show in the order the commands were typed"

# With nothing in flight, an error shows at once.
tui_type alice "/frob again"
tui_keys alice Enter
two_errors() {
	[ "$(tui_screen alice | grep -c "unknown command")" = 2 ]
}
wait_until 10 two_errors ||
    fail "the second error is missing: $(tui_screen alice)"
ok "an error with nothing in flight shows at once"
exit 0
