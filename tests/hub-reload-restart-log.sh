#!/bin/bash
# SPDX-License-Identifier: ISC
# A reload where only a setting that needs a restart changed says so
# consistently: the warning names it, no "no setting changed" follows,
# and the closing line says a setting waits for the restart.  A reload
# of an unchanged file still says "no setting changed" and "reloaded".
. "$top_srcdir/tests/lib.sh"

conf=$T/hub.conf
printf 'IRC_SERVER_NAME=one.test\n' >"$conf"
start_hub --config "$conf"

# Only what this reload logged: the lines after the signal.
since_hup() {
	tail -n +"$((mark + 1))" "$HUB_LOG"
}

mark=$(wc -l <"$HUB_LOG")
printf 'IRC_SERVER_NAME=two.test\n' >"$conf"
hup_reload
since_hup | grep -q "reload: IRC_SERVER_NAME changed; it takes effect at the next restart" ||
    fail "no warning for IRC_SERVER_NAME: $(since_hup)"
since_hup | grep -q "no setting changed" &&
    fail "'no setting changed' after a changed setting: $(since_hup)"
since_hup | grep -q "reloaded; the settings said above wait for the next restart" ||
    fail "the closing line does not say a setting waits: $(since_hup)"
ok "a setting that waits for a restart is not called unchanged"

# With the file as at start-up again, nothing waits and nothing changed.
mark=$(wc -l <"$HUB_LOG")
printf 'IRC_SERVER_NAME=one.test\n' >"$conf"
hup_reload
since_hup | grep -q "no setting changed" ||
    fail "no 'no setting changed': $(since_hup)"
since_hup | grep -q "info: reloaded$" ||
    fail "no plain 'reloaded': $(since_hup)"
ok "an unchanged file reloads plainly"

# A refused file does not read as if it were reloaded.
mark=$(wc -l <"$HUB_LOG")
printf 'NO_SUCH_KEY=1\n' >"$conf"
hup_reload
since_hup | grep -q "reloaded only the log file: the configuration file was refused" ||
    fail "a refused file: $(since_hup)"
ok "a refused file says that only the log file was reloaded"
stop_hub TERM
exit 0
