#!/bin/bash
# SPDX-License-Identifier: ISC
# Root starting the hub on a state directory another user owns (the
# service's /var/lib/chatroom, as an admin "just trying it" would) is
# refused before it makes any file there, naming the user and runuser;
# a --check as root there warns that it may pass files that user cannot
# read.  Needs root.
. "$top_srcdir/tests/lib.sh"

[ "$(id -u)" -eq 0 ] || { echo "not root: skipped"; exit 77; }
id nobody >/dev/null 2>&1 || { echo "no user nobody: skipped"; exit 77; }

state=$T/state
mkdir -m 0700 "$state"
chown nobody "$state"
port=$(pick_port)
# An older hub starts and serves: it must not hang the test.
secs=20
[ -n "$VG" ] && secs=60

out=$(timeout "$secs" $VG "$CHATROOM" --serve --listen "127.0.0.1:$port" \
    --history "$state/history.json" 2>&1)
rc=$?
[ "$rc" -eq 1 ] || fail "root's start exited $rc: $out"
grep -q "running as root, but $state belongs to nobody" <<<"$out" ||
    fail "no refusal naming the owner: $out"
grep -q "runuser -u nobody" <<<"$out" || fail "no runuser hint: $out"
[ -z "$(ls -A "$state")" ] || fail "root's start made files: $(ls -l "$state")"
ok "root's start on another user's state directory is refused"

out=$($VG "$CHATROOM" --serve --check --listen "127.0.0.1:$port" \
    --history "$state/history.json" 2>&1)
grep -q "warning: checked as root, but $state belongs to nobody" <<<"$out" ||
    fail "--check as root gave no warning: $out"
[ -z "$(ls -A "$state")" ] || fail "--check made files"
ok "--check as root warns to check as the owner"

# Root's own state directory: no word of it.
mkdir -m 0700 "$T/own"
out=$($VG "$CHATROOM" --serve --check --listen "127.0.0.1:$port" \
    --history "$T/own/history.json" 2>&1) || fail "root's own: $out"
grep -q "as root" <<<"$out" && fail "a warning on root's own directory: $out"
ok "root's own state directory is fine"
exit 0
