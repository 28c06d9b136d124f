#!/bin/bash
# SPDX-License-Identifier: ISC
# A client given several hubs (a cluster's, which share one certificate)
# that trusts one of them trusts the others of its list that show the
# same certificate: a failover does not stop at a question.  A hub of
# the list with another certificate is still unknown.
. "$top_srcdir/tests/lib.sh"
command -v openssl >/dev/null || exit 77
INSECURE=

start_hub
fp=$(tls_served)
[ -n "$fp" ] || fail "no fingerprint served"
known="$T/state/dan/chatroom/known_hubs"
mkdir -p "$T/state/dan/chatroom"

# The first hub of the list is gone (nothing listens): dan trusted it.
gone=$(pick_port)
printf '127.0.0.1:%s %s\n' "$gone" "$fp" >"$known"
printf '%s\n' "hello from the list" "/quit" | XDG_STATE_HOME="$T/state/dan" \
    $VG "$CHATROOM" --batch "dan@127.0.0.1:$gone,127.0.0.1:$HUB_PORT" \
    >"$T/dan.out" 2>"$T/dan.err"
rc=$?
[ "$rc" -eq 0 ] || fail "the next hub of the list was not trusted" \
    "(rc $rc): $(cat "$T/dan.err")"
grep -q "you joined #lobby" "$T/dan.out" ||
    fail "not in: $(cat "$T/dan.out" "$T/dan.err")"
grep -qF "127.0.0.1:$HUB_PORT has the certificate trusted for 127.0.0.1:$gone" \
    "$T/dan.out" "$T/dan.err" || fail "not said: $(cat "$T/dan.out")"
grep -qF "127.0.0.1:$HUB_PORT $fp" "$known" ||
    fail "the hub was not added to known_hubs: $(cat "$known")"
ok "a hub of the list with the certificate trusted for another is trusted"

# Another certificate: trusted for the first hub is not this one's.
mkdir -p "$T/state/eve/chatroom"
printf '127.0.0.1:%s %s\n' "$gone" \
    "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF" \
    >"$T/state/eve/chatroom/known_hubs"
printf '/quit\n' | XDG_STATE_HOME="$T/state/eve" \
    $VG "$CHATROOM" --batch "eve@127.0.0.1:$gone,127.0.0.1:$HUB_PORT" \
    >"$T/eve.out" 2>"$T/eve.err"
rc=$?
[ "$rc" -ne 0 ] || fail "a hub with another certificate was trusted"
grep -q "is not trusted" "$T/eve.err" || fail "eve: $(cat "$T/eve.err")"
grep -qF "127.0.0.1:$HUB_PORT" "$T/state/eve/chatroom/known_hubs" &&
    fail "eve's known_hubs got the hub"
ok "a hub of the list with another certificate is still asked about"
