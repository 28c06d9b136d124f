#!/bin/bash
# SPDX-License-Identifier: ISC
# The IRC listener speaks TLS by default, with the hub's certificate, and
# the hub logs the fingerprint as IRC clients pin it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"
command -v openssl >/dev/null || { echo "no openssl"; exit 77; }

INSECURE=
start_irc_hub --irc-server-name tls.test
wait_for "$HUB_LOG" "IRC: irssi -tls_pinned_cert "
wait_for "$HUB_LOG" "IRC: weechat tls_fingerprint "
pinned=$(sed -n 's/.*IRC: irssi -tls_pinned_cert //p' "$HUB_LOG")
weechat=$(sed -n 's/.*IRC: weechat tls_fingerprint //p' "$HUB_LOG")
cert=$(openssl s_client -connect "127.0.0.1:$IRC_PORT" </dev/null \
    2>/dev/null | openssl x509 -noout -fingerprint -sha256 | sed 's/.*=//')
[ -n "$cert" ] || fail "no certificate on the IRC port"
[ "$cert" = "$pinned" ] || fail "logged $pinned, served $cert"
[ "$(printf '%s' "$cert" | tr -d : | tr 'A-F' 'a-f')" = "$weechat" ] ||
    fail "weechat form $weechat"
ok "the IRC port serves the hub's certificate; both pinned forms logged"

irc_open s tls
irc_register s sue
irc_send s "JOIN #secure" "PRIVMSG #secure :over tls"
irc_wait s ":sue!sue@tls.test JOIN #secure"
ok "registration and JOIN over TLS"

# Plain text on the TLS port does not register.
irc_open plain
irc_send plain "NICK pete" "USER pete 0 * :Pete"
irc_closed plain 15 || fail "plain text on the TLS port was kept"
grep -q " 001 " "$T/plain.irc" && fail "registered without TLS"
ok "no plain IRC on a TLS listener"
exit 0
