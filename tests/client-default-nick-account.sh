#!/bin/bash
# SPDX-License-Identifier: ISC
# With neither $USER nor $LOGNAME set (a service, "env -i"), the default
# nick is the name of the account the client runs as, made a valid nick
# as the others are; only a client with no name at all asks for a nick,
# saying how to give one.
. "$top_srcdir/tests/lib.sh"

# Run a --batch client without a nick: login NAME [ENV...]; output in
# $T/NAME.out and $T/NAME.err.  All share one state, so one nick secret:
# the nick the first claims is the others' too.
login() {
	local name=$1
	shift
	printf '/quit\n' | env "$@" XDG_STATE_HOME="$T/state/acct" \
	    $VG "$CHATROOM" --batch $INSECURE "127.0.0.1:$HUB_PORT" \
	    >"$T/$name.out" 2>"$T/$name.err"
	BATCH_RC=$?
}

start_hub

# The nick the account's name makes, as $USER would give it.
login user USER="$(id -un)"
[ "$BATCH_RC" -eq 0 ] || fail "USER=$(id -un): rc $BATCH_RC"
nick=$(sed -n 's/.*connected to 127.0.0.1 as //p' "$T/user.out")
[ -n "$nick" ] || fail "USER=$(id -un): $(cat "$T/user.out" "$T/user.err")"
login none -u USER -u LOGNAME
[ "$BATCH_RC" -eq 0 ] ||
    fail "no USER, no LOGNAME: rc $BATCH_RC: $(cat "$T/none.err")"
grep -qF "connected to 127.0.0.1 as $nick" "$T/none.out" ||
    fail "no USER, no LOGNAME: $(cat "$T/none.out" "$T/none.err")"
ok "without USER and LOGNAME the account's name $(id -un) gives $nick"

# An account with no name (a uid no passwd entry has) needs root to try.
uid=4242424
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
    ! getent passwd "$uid" >/dev/null; then
	mkdir -m 777 "$T/nobody"
	chmod 711 "$T"
	env -u USER -u LOGNAME HOME="$T/nobody" XDG_CONFIG_HOME="$T/nobody" \
	    XDG_STATE_HOME="$T/nobody" setpriv --reuid="$uid" \
	    --regid="$uid" --clear-groups "$CHATROOM" --batch $INSECURE \
	    "127.0.0.1:$HUB_PORT" </dev/null >"$T/anon.out" 2>"$T/anon.err"
	rc=$?
	[ "$rc" -eq 2 ] || fail "no name at all: rc $rc"
	said="no nick given, and no login name to make one of"
	grep -qF "$said: give one as NICK@HOST" "$T/anon.err" ||
	    fail "no name at all: $(cat "$T/anon.err")"
	ok "an account with no name is told to give a nick as NICK@HOST"
fi
stop_hub TERM
