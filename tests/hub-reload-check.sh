#!/bin/bash
# SPDX-License-Identifier: ISC
# A reload makes the checks a start and --check make (server_opts_check):
# an IRC_AUTOJOIN room that cannot exist, a port out of range, a bad
# CLUSTER or METRICS address, an empty file name.  Any of them refuses the
# whole reload, as a file that does not parse does: the log says where
# (file, line, key) and that the settings in use are kept, and no other
# line of the file is taken.  A reload used to take such a room silently,
# and IRC users were then sent to a room that cannot be made.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

CONF=$T/hub.conf
KEEP="; keeping the settings in use"

# Write the config file: conf LINES... after a comment and the IRC
# listener (the command line would win over the file's).
conf() {
	printf '# hub-reload-check\nIRC_LISTEN = 127.0.0.1:%s\n' "$IRC_PORT" \
	    >"$CONF.new"
	printf '%s\n' "$@" >>"$CONF.new"
	mv "$CONF.new" "$CONF"
}

# A reload refused: refused TEXT.  The log has "reload: TEXT; keeping the
# settings in use", and PING_TIMEOUT (on every bad file) was not taken.
refused() {
	hup_reload
	grep -qF -- "reload: $1$KEEP" "$HUB_LOG" ||
	    fail "no 'reload: $1$KEEP' in the log: $(grep reload: "$HUB_LOG")"
	grep -q "reload: PING_TIMEOUT" "$HUB_LOG" &&
	    fail "a refused reload took PING_TIMEOUT"
	grep -q "reload: IRC_AUTOJOIN" "$HUB_LOG" &&
	    fail "a refused reload took IRC_AUTOJOIN"
	return 0
}

IRC_PORT=$(pick_port)
conf "IRC_AUTOJOIN = #good"
start_hub --config "$CONF"
wait_until 10 eval "ss -Hltn \"sport = :$IRC_PORT\" | grep -q ." ||
    fail "no IRC listener"

conf "PING_TIMEOUT = 30" "IRC_AUTOJOIN = #lobby,bad room"
refused "$CONF:4: IRC_AUTOJOIN: bad room 'bad room': a room name may not contain spaces, commas, quotes or control characters"
irc_open a
irc_register a anna
irc_wait a " JOIN #good"
grep -q "JOIN #lobby" "$T/a.irc" && fail "the refused autojoin was taken"
ok "a bad IRC_AUTOJOIN room refuses the reload; the old autojoin stays"

range="(expected an integer from 1 to 65535)"
conf "PING_TIMEOUT = 30" "IRC_LISTEN = [::1]:99999"
refused "$CONF:4: IRC_LISTEN: invalid port '99999' in '[::1]:99999' $range"
conf "PING_TIMEOUT = 30" "METRICS = 127.0.0.1:0"
refused "$CONF:4: METRICS: invalid port '0' in '127.0.0.1:0' $range"
conf "CLUSTER = http://x" "PING_TIMEOUT = 30"
refused "$CONF:3: CLUSTER: http://x: the cluster address is redis://HOST[:PORT][/DB]"
conf "PING_TIMEOUT = 30" "MOTD_FILE ="
refused "$CONF:4: MOTD_FILE: empty value (expected a file)"
ok "ports out of range, a bad CLUSTER or METRICS, an empty file: refused"

# --check says the same of the same file (one check for both).
timeout 30 "$CHATROOM" --serve --check --insecure --config "$CONF" \
    --history "$T/check/history.json" >"$T/check.out" 2>&1
[ $? = 2 ] || fail "--check did not refuse: $(cat "$T/check.out")"
grep -qF "chatroom: $CONF:4: MOTD_FILE: empty value (expected a file)" \
    "$T/check.out" || fail "--check: $(cat "$T/check.out")"
ok "--check refuses the file with the same words"

# Fixed, the file is taken.
conf "PING_TIMEOUT = 30" "IRC_AUTOJOIN = #lobby,#dev"
hup_reload
grep -q "reload: IRC_AUTOJOIN #good -> #lobby,#dev" "$HUB_LOG" ||
    fail "the fixed file's IRC_AUTOJOIN was not taken"
grep -q "reload: PING_TIMEOUT 60 -> 30" "$HUB_LOG" ||
    fail "the fixed file's PING_TIMEOUT was not taken"
irc_open b
irc_register b bert
irc_wait b " JOIN #dev"
ok "the fixed file is taken"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exited $HUB_RC"
exit 0
