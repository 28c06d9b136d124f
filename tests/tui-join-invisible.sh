#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: /join of a name with an invisible character, which only
# a new room may not have, is left to the hub (an older room may have
# it); its refusal comes with the cause in the user's language, not the
# hub's English.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)" ||
    { echo "no French catalogue: skipped"; exit 77; }

start_hub
tui_start bob bob 100 30 LANGUAGE=fr
tui_wait bob "vous avez rejoint #lobby"
tui_type bob "/join dev$(printf '\u2060')x"
tui_keys bob Enter
tui_wait bob "un nom de salon ne peut pas contenir de caractère invisible"
tui_has bob "(U+2060)" || fail "no code point: $(tui_screen bob)"
tui_has bob "may not" && fail "the hub's English cause: $(tui_screen bob)"
ok "/join with an invisible character: the cause in French"
exit 0
