#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client on a narrow terminal: the trust prompt keeps its
# question mark (it was cut to a third of the width, "trust (yes/no)"),
# and the answer typed after it still shows.  In French it asks for
# "confiance", as the line above it does, not whether the hub is
# "fiable" (reliable).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
command -v openssl >/dev/null || exit 77
INSECURE=

start_hub
tui_start narrow bob 42 20
tui_wait narrow "trust this hub?"
tui_type narrow "ye"
wait_until 20 eval 'tui_screen narrow | tail -n 1 | grep -qF "trust (yes/no)? ye"' || {
	tui_screen narrow >"$T/narrow.screen.out"
	fail "the prompt at 42 columns: '$(tui_screen narrow | tail -n 1)'"
}
ok "at 42 columns the trust prompt keeps its question mark"
tui_keys narrow C-u
tui_type narrow "no"
tui_keys narrow Enter
tui_wait narrow "CLIENT EXITED rc=1"

tui_start fr bob 60 20 LANGUAGE=fr
tui_wait fr "faire confiance"
tui_type fr "ou"
wait_until 20 eval 'tui_screen fr | tail -n 1 | grep -qF "confiance (oui/non) ? ou"' || {
	tui_screen fr >"$T/fr.screen.out"
	fail "the French prompt: '$(tui_screen fr | tail -n 1)'"
}
ok "the French trust prompt asks for confiance"
tui_keys fr C-u
tui_type fr "non"
tui_keys fr Enter
tui_wait fr "CLIENT EXITED rc=1"
exit 0
