#!/bin/bash
# SPDX-License-Identifier: ISC
# When the hub's certificate changed, the terminal client exits with the
# warning chatroom(1) promises: the new fingerprint and the line of
# known_hubs to remove, not just "certificate changed" (the warning was a
# notice on a screen that was gone at once).  So does a --trust that does
# not match.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

INSECURE=
start_hub
fp=$(tls_served)
[ -n "$fp" ] || fail "no fingerprint"
BATCH_OPTS="--trust $fp" run_batch first alice "hello"
[ "$BATCH_RC" -eq 0 ] ||
    fail "the first connection failed: $(cat "$T/first.err")"
known=$T/state/alice/chatroom/known_hubs
grep -qF "$fp" "$known" || fail "the fingerprint is not in known_hubs"

# A new certificate on the same port.
stop_hub TERM
rm -f "$T/hub-cert.pem" "$T/hub-key.pem"
FORCE_PORT=$HUB_PORT start_hub
new=$(tls_served)
[ -n "$new" ] && [ "$new" != "$fp" ] || fail "the certificate did not change"

tui_start alice alice 100 30 XDG_STATE_HOME="$T/state/alice"
tui_wait alice "CLIENT EXITED rc=1" 20
err=$(cat "$T/alice.tui.err")
echo "$err" | grep -qF "has CHANGED; its fingerprint is now $new." ||
    fail "no new fingerprint on exit: $err"
echo "$err" | grep -qF "remove line 1 of $known." ||
    fail "the known_hubs line is not named on exit: $err"
ok "a changed certificate: the exit message has the fingerprint and the line"

cat >"$T/trusty.sh" <<SH
XDG_STATE_HOME="$T/state/bob" "$CHATROOM" --trust "$fp" \
    "bob@127.0.0.1:$HUB_PORT" 2>"$T/trusty.tui.err"
echo "CLIENT EXITED rc=\$?"
exec sleep 600
SH
tm new-session -d -s trusty2 -x 100 -y 30 "sh '$T/trusty.sh'" ||
    fail "cannot start a tmux session"
tui_wait trusty2 "CLIENT EXITED rc=1" 20
grep -qF "does not match --trust (its fingerprint is $new)" \
    "$T/trusty.tui.err" || fail "--trust: $(cat "$T/trusty.tui.err")"
ok "a --trust that does not match: the exit message has the fingerprint"

# --batch says it once, on the line that says it cannot connect.
run_batch again alice "hello"
[ "$BATCH_RC" -eq 1 ] || fail "--batch exited $BATCH_RC"
[ "$(grep -c "CHANGED" "$T/again.err")" -eq 1 ] ||
    fail "--batch: $(cat "$T/again.err")"
ok "--batch gives the warning once"
