#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client on a narrow terminal: the trust prompt keeps its
# question mark (it was cut to a third of the width, "trust (yes/no)"),
# and the answer typed after it still shows.
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
exit 0
