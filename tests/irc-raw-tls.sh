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
# Debian 12's WeeChat 3.8 knows the option as ssl_fingerprint only.
old=$(sed -n 's/.*IRC: weechat before 4.0: ssl_fingerprint //p' "$HUB_LOG")
[ "$old" = "$weechat" ] || fail "no WeeChat 3 form: '$old'"
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

# Lines that come with the client's close_notify are carried out and
# answered before the hub closes.
printf 'NICK yan\r\nUSER yan 0 * :Yan\r\nJOIN #a\r\n' |
    socat -t 5 - "OPENSSL:127.0.0.1:$IRC_PORT,verify=0" >"$T/eof.irc" \
    2>"$T/eof.err" || true
grep -q " 001 yan " "$T/eof.irc" || fail "no 001 after an early close_notify"
grep -q ":yan!yan@tls.test JOIN #a" "$T/eof.irc" || fail "no JOIN answer"
wait_for "$HUB_LOG" "registered as yan"
ok "lines before the client's close_notify are answered"

# After QUIT the hub sends its own close_notify: s_client sees a clean end.
mkfifo "$T/q.in"
(
	close_client_fds
	exec openssl s_client -quiet -connect "127.0.0.1:$IRC_PORT" \
	    <"$T/q.in" >"$T/q.irc" 2>"$T/q.err"
) &
qpid=$!
PIDS="$PIDS $qpid"
exec {qfd}>"$T/q.in"
printf 'NICK quin\r\nUSER quin 0 * :Q\r\n' >&"$qfd"
wait_for "$T/q.irc" " 001 quin "
printf 'QUIT :bye\r\n' >&"$qfd"
wait_for "$T/q.irc" "ERROR :Closing link: quin (Quit: bye)"
wait_until 10 eval "! kill -0 $qpid" || fail "s_client still connected"
exec {qfd}>&-
grep -qi "unexpected eof" "$T/q.err" && fail "no close_notify after QUIT"
ok "close_notify after QUIT"

# A line too long even to parse: IRC's 417 and ERROR, never JSON.
irc_open long tls
irc_register long lou
head -c 10000 /dev/zero | tr '\0' x >&"${RAW_FD[long]}"
irc_wait long " 417 lou :"
irc_wait long "ERROR :Closing link: input line too long"
irc_closed long || fail "kept a connection with a 10,000-byte line"
grep -q '^{' "$T/long.irc" && fail "a JSON line on an IRC connection"
ok "an oversize line gets 417 and ERROR"
exit 0
