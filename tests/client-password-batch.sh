#!/bin/bash
# SPDX-License-Identifier: ISC
# --batch on a hub that wants a password says which password and how to
# give it, as the terminal client does ("this hub needs a password: give
# it with --password-file"), not the hub's bare "wrong password", which
# a bot author could take for /oper's; /oper's own stays as it was.
. "$top_srcdir/tests/lib.sh"

echo hubpass >"$T/hub.pw"
echo guess >"$T/wrong.pw"
echo s3cret >"$T/admin.pw"
start_hub --password-file "$T/hub.pw" --admin-password-file "$T/admin.pw"

run_batch none ann "hi"
[ "$BATCH_RC" = 1 ] || fail "no password: status $BATCH_RC"
grep -qx "chatroom: this hub needs a password: give it with --password-file" \
    "$T/none.err" || fail "no password: $(cat "$T/none.err")"
ok "no password: the option to give it is named"

BATCH_OPTS="--password-file $T/wrong.pw" run_batch wrong ann "hi"
[ "$BATCH_RC" = 1 ] || fail "wrong password: status $BATCH_RC"
grep -qx "chatroom: the hub password is wrong: check the file given with --password-file" \
    "$T/wrong.err" || fail "wrong password: $(cat "$T/wrong.err")"
ok "a wrong hub password is said to be the hub's"

LANGUAGE=fr BATCH_OPTS="--password-file $T/wrong.pw" run_batch frw ann "hi"
grep -q -- "--password-file" "$T/frw.err" && ! grep -q "wrong" "$T/frw.err" ||
    fail "French: $(cat "$T/frw.err")"
ok "and so in French"

BATCH_OPTS="--password-file $T/hub.pw" run_batch oper ann "/oper nope"
grep -qx "chatroom: wrong password" "$T/oper.err" ||
    fail "/oper: $(cat "$T/oper.err")"
ok "a wrong /oper password is still just a wrong password"
exit 0
