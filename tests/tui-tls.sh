#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client over TLS: an unknown hub's fingerprint is shown and the
# user is asked to trust it; yes pins it, no leaves with the terminal back.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
command -v openssl >/dev/null || exit 77
INSECURE=

start_hub
fp=$(openssl x509 -noout -fingerprint -sha256 -in "$T/hub-cert.pem" |
    sed 's/.*=//')

tui_start doubter bob
tui_wait doubter "trust this hub?"
# The fingerprint is shown eight whole bytes a line.
[ "$(tui_screen doubter | grep -cE '  ([0-9A-F]{2}:){7}[0-9A-F]{2}$')" = 4 ] ||
    fail "the fingerprint is not on four lines of eight bytes"
[ "$(tui_screen doubter | grep -oE '  ([0-9A-F]{2}:){7}[0-9A-F]{2}$' |
    tr -d ' ' | paste -sd:)" = "$fp" ] || fail "the fingerprint is not shown"
tui_type doubter "maybe"
tui_keys doubter Enter
tui_wait doubter "please type yes or no"
tui_type doubter "no"
tui_keys doubter Enter
tui_wait doubter "CLIENT EXITED rc=1"
grep -q "not trusted" "$T/doubter.tui.err" || fail "no message on exit"
tui_has doubter "TERMINAL RESTORED" || fail "terminal modes not restored"
[ -f "$XDG_STATE_HOME/chatroom/known_hubs" ] &&
    grep -qF "$fp" "$XDG_STATE_HOME/chatroom/known_hubs" &&
    fail "the fingerprint was pinned after no"
ok "answering no leaves, restoring the terminal"

# In French the answer is "oui" (or "non"), and "yes" still works.
if grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h" &&
    command -v msgfmt >/dev/null; then
	mkdir -p "$T/locale/fr/LC_MESSAGES"
	msgfmt -o "$T/locale/fr/LC_MESSAGES/chatroom.mo" \
	    "$top_srcdir/po/fr.po" || fail "msgfmt failed"
	tui_start francois francois 100 30 LANGUAGE=fr \
	    CHATROOM_LOCALEDIR="$T/locale" XDG_STATE_HOME="$T/state-fr"
	if wait_until 10 tui_has francois "tapez oui ou non"; then
		tui_type francois "peut-être"
		tui_keys francois Enter
		tui_wait francois "tapez oui ou non"
		tui_type francois "OUI"
		tui_keys francois Enter
		wait_until 10 grep -qF "$fp" \
		    "$T/state-fr/chatroom/known_hubs" 2>/dev/null ||
		    fail "oui was not taken for yes"
		ok "the translated answer is accepted"
	else
		echo "no French catalogue in this locale: skipped"
	fi
fi

tui_start alice alice
tui_wait alice "trust this hub?"
tui_type alice "yes"
tui_keys alice Enter
tui_wait alice "you joined #lobby"
tui_wait alice "connected as alice"
grep -qF "$fp" "$XDG_STATE_HOME/chatroom/known_hubs" ||
    fail "the fingerprint was not pinned"
ok "answering yes pins the fingerprint and connects"

tui_start again carol
tui_wait again "you joined #lobby"
tui_has again "trust this hub?" && fail "asked again for a pinned hub"
tui_type again "over tls"
tui_keys again Enter
tui_wait alice "<carol> over tls"
ok "a pinned hub connects without asking"
exit 0
