#!/bin/bash
# SPDX-License-Identifier: ISC
# The default nick is the login name ($USER, else $LOGNAME) made a valid
# nick: POSIX allows "1alice", which the hub refuses (no digit first), so
# the client offers "_1alice" and says so once.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# Run a --batch client without a nick: login NAME [ENV...]; output in
# $T/NAME.out and $T/NAME.err.
login() {
	local name=$1
	shift
	printf '/quit\n' | env "$@" XDG_STATE_HOME="$T/state/$name" \
	    $VG "$CHATROOM" --batch $INSECURE "127.0.0.1:$HUB_PORT" \
	    >"$T/$name.out" 2>"$T/$name.err"
	BATCH_RC=$?
}

start_hub

login one USER=1alice LOGNAME=1alice
[ "$BATCH_RC" -eq 0 ] || fail "USER=1alice: rc $BATCH_RC: $(cat "$T/one.err")"
grep -qF "connected to 127.0.0.1 as _1alice" "$T/one.out" ||
    fail "USER=1alice: $(cat "$T/one.out" "$T/one.err")"
said="login name 1alice is not a valid nick: using _1alice"
[ "$(count_in "$T/one.err" "$said")" -eq 1 ] ||
    fail "not said once: $(cat "$T/one.err")"
ok "USER=1alice connects as _1alice and says so once"

login two -u USER LOGNAME=2bob
grep -qF "connected to 127.0.0.1 as _2bob" "$T/two.out" ||
    fail "LOGNAME=2bob: $(cat "$T/two.out" "$T/two.err")"
login three USER=carol LOGNAME=2bob
grep -qF "connected to 127.0.0.1 as carol" "$T/three.out" ||
    fail "USER=carol: $(cat "$T/three.out" "$T/three.err")"
grep -qF "valid nick" "$T/three.err" && fail "a valid nick was remarked on"
login five USER='-x:y*z'
grep -qF "connected to 127.0.0.1 as xyz" "$T/five.out" ||
    fail "USER=-x:y*z: $(cat "$T/five.out" "$T/five.err")"
ok "without USER, LOGNAME; a valid USER is taken as it is; others cleaned"

login four USER=-:/ LOGNAME=x
[ "$BATCH_RC" -eq 2 ] || fail "USER=-:/: rc $BATCH_RC"
grep -qF "login name -:/ cannot be made a nick" "$T/four.err" ||
    fail "USER=-:/: $(cat "$T/four.err")"
ok "a login name with nothing valid in it is refused before connecting"

# The terminal client offers the valid nick at its prompt.
cat >"$T/tui.sh" <<SH
TERM=screen env USER=3dave LOGNAME=3dave "$CHATROOM" $INSECURE \
    "127.0.0.1:$HUB_PORT" 2>"$T/tui.err"
echo "CLIENT EXITED rc=\$?"
exec sleep 600
SH
(close_client_fds; tm new-session -d -s dave -x 100 -y 30 "sh '$T/tui.sh'") ||
    fail "cannot start a tmux session"
tui_wait dave "nick: _3dave"
tui_wait dave "the login name 3dave is not a valid nick"
tui_settle dave
[ "$(tui_screen dave | grep -c "not a valid nick")" -eq 1 ] ||
    fail "said more than once: $(tui_screen dave)"
tui_keys dave Enter
tui_wait dave "connected as _3dave"
ok "the terminal client offers _3dave for USER=3dave"
exit 0
