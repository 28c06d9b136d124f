#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a word too long for a row is cut, but never next to a
# no-break space (U+00A0 before '!', as French typography has it): no row
# ends with one, and none starts with one or with the '!' it holds on to.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --flood-rate 0
tui_start bob bob 40 40
tui_wait bob "you joined #lobby"
client_start al alice
wait_for "$T/al.out" "you joined #lobby"
# Words of 16 to 30 letters, then U+00A0 and '!': one of them meets the
# edge of the row at the no-break space, one at the '!'.
for n in $(seq 16 30); do
	client_say al "$(printf 'x%.0s' $(seq "$n"))"$'\u00a0'"! n$n"
done
tui_wait bob "n30"
tui_settle bob
nb=$'\u00a0'
if tui_screen bob | grep -qE "^ *($nb)?!"; then
	tui_screen bob
	fail "a row starts with the '!' a no-break space holds on to"
fi
if tui_screen bob | grep -q "$nb *\$"; then
	tui_screen bob
	fail "a row ends with a no-break space"
fi
[ "$(tui_screen bob | grep -o "$nb" | wc -l)" -eq 15 ] ||
    fail "not every no-break space is shown: $(tui_screen bob)"
ok "no row ends with a no-break space or starts with what it holds"
exit 0
