#!/bin/bash
# SPDX-License-Identifier: ISC
# On a hub with a password, a terminal client with none or a wrong one is
# told so when it exits (a password is needed, or is wrong, and the option
# that gives it), not that the hub closed the connection; --batch says that
# the hub needs a password.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

printf 'team-pw\n' >"$T/hub.pw"
printf 'not-it\n' >"$T/wrong.pw"
start_hub --password-file "$T/hub.pw"

want="this hub needs a password: give it with --password-file"
tui_start jo jo
tui_wait jo "CLIENT EXITED rc=1" 20
grep -qxF "chatroom: cannot connect to 127.0.0.1:$HUB_PORT: $want" \
    "$T/jo.tui.err" || fail "jo's exit message: $(cat "$T/jo.tui.err")"
ok "no password: the terminal client says the hub needs one"

cat >"$T/kim.sh" <<SH
"$CHATROOM" ${INSECURE:-} --password-file "$T/wrong.pw" \
    "kim@127.0.0.1:$HUB_PORT" 2>"$T/kim.tui.err"
echo "CLIENT EXITED rc=\$?"
exec sleep 600
SH
tm new-session -d -s kim2 -x 100 -y 30 "sh '$T/kim.sh'" ||
    fail "cannot start a tmux session"
tui_wait kim2 "CLIENT EXITED rc=1" 20
want="the hub password is wrong: check the file given with --password-file"
grep -qxF "chatroom: cannot connect to 127.0.0.1:$HUB_PORT: $want" \
    "$T/kim.tui.err" || fail "kim's exit message: $(cat "$T/kim.tui.err")"
ok "a wrong password: the terminal client says it is wrong"

run_batch lee lee "hello"
[ "$BATCH_RC" -eq 1 ] || fail "--batch exited $BATCH_RC"
grep -qF "this hub needs a password" "$T/lee.err" ||
    fail "--batch: $(cat "$T/lee.err")"
grep -q "closed the connection" "$T/lee.err" &&
    fail "--batch blames a closed connection: $(cat "$T/lee.err")"
ok "--batch says the hub needs a password"
