#!/bin/bash
# SPDX-License-Identifier: ISC
# A "# comment" after a file name in the hub's configuration file
# ("HISTORY=/var/lib/chatroom/history.json # the history") is refused by
# --check and by a start alike, naming the line and the key: a '#' inside
# a line is part of the value, so the hub used to start a new, empty
# history in a file of that name, and --check said OK.  A '#' with no
# blank before it is part of a name, and the command line is taken as is.
. "$top_srcdir/tests/lib.sh"

C="$T/hub.conf"
mkdir -p "$T/hist"
hist=$T/hist/history.json
conf() {
	{
		echo "# hub-config-comment"
		printf '%s\n' "$@"
	} >"$C"
}

conf "HISTORY=$hist # the history"
timeout 30 "$CHATROOM" --serve --check --insecure --config "$C" \
    >"$T/check.out" 2>&1
rc=$?
[ "$rc" -ne 0 ] || fail "--check passed: $(cat "$T/check.out")"
want="$C:2: HISTORY: the value '$hist # the history' has a '#' after a"
grep -qF "$want space" "$T/check.out" || fail "--check: $(cat "$T/check.out")"
grep -q "configuration OK" "$T/check.out" && fail "--check said OK"
ok "--check refuses a comment after HISTORY, naming the line"

port=$(pick_port)
timeout 30 "$CHATROOM" --serve --insecure --config "$C" \
    --listen "127.0.0.1:$port" >"$T/start.out" 2>&1
rc=$?
[ "$rc" -ne 0 ] || fail "the start went on: $(cat "$T/start.out")"
grep -qF "$C:2: HISTORY: the value" "$T/start.out" ||
    fail "the start: $(cat "$T/start.out")"
[ -z "$(ls "$T/hist")" ] || fail "the start made files: $(ls "$T/hist")"
ok "a start refuses it too, and makes no new history"

# Another key holding a file, with a tab before the '#'.
printf 'pw\n' >"$T/admin.pw"
conf "ADMIN_PASSWORD_FILE=$T/admin.pw	# operators"
timeout 30 "$CHATROOM" --serve --check --insecure --config "$C" \
    --history "$hist" >"$T/check2.out" 2>&1
[ $? -ne 0 ] || fail "--check passed a tab and a comment"
grep -qF "$C:2: ADMIN_PASSWORD_FILE: the value" "$T/check2.out" ||
    fail "ADMIN_PASSWORD_FILE: $(cat "$T/check2.out")"
ok "any key holding a file: refused"

# A '#' that is part of a name passes.
mkdir -p "$T/room#1"
conf "HISTORY=$T/room#1/history.json"
timeout 30 "$CHATROOM" --serve --check --insecure --config "$C" \
    >"$T/check3.out" 2>&1 || fail "a '#' in a name: $(cat "$T/check3.out")"
grep -q "configuration OK" "$T/check3.out" || fail "$(cat "$T/check3.out")"
ok "a '#' inside a file name passes"
