#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a hostile hub sending DMs from hundreds of new nicks
# makes at most 50 conversation logs in a session; the others are shown
# but not logged, the status window says so once, and a conversation the
# user writes in is logged.  Nicks become safe file names: no path out of
# the hub's log directory, no control or bidirectional characters, a
# bounded length.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/flood-lib.sh"

FLOOD_MEMBERS=10
FLOOD_DMS=300
long=$(printf 'x%.0s' $(seq 1 300))
cat >"$T/pre" <<FRAMES
{"type":"dm","id":2,"nick":"../../../evil","to":"eve","text":"climbing"}
{"type":"dm","id":3,"nick":"a\u001b[2J\nb","to":"eve","text":"escapes"}
{"type":"dm","id":4,"nick":"r\u202egnp.exe","to":"eve","text":"bidi"}
{"type":"dm","id":5,"nick":"$long","to":"eve","text":"long one"}
FRAMES
# Past the limit, the hub says eve sent a DM: she did not, so it is not
# logged either.
cat >"$T/post" <<FRAMES
{"type":"dm","id":800000,"nick":"eve","to":"forged","text":"forged echo"}
FRAMES
FLOOD_PRE="$T/pre" FLOOD_POST="$T/post" flood_hub_start
logs="$T/state/chatroom/logs/eve@127.0.0.1:$HUB_PORT"
tui_start eve eve 100 30
# The log of every line shown is written within a second or two.
wait_until 60 grep -qF "end of flood" "$logs/@first.log" ||
    fail "no conversation log: $(ls "$logs" 2>&1 | head)"
n=$(find "$logs" -name '@*' | wc -l)
echo "$((FLOOD_DMS + 5)) conversations opened $n log files"
[ "$n" -eq 50 ] || fail "$n conversation logs, not 50"
grep -qF "message 45" "$logs/@u45.log" || fail "u45 was not logged"
[ -e "$logs/@u46.log" ] && fail "u46 was logged past the limit"
[ -e "$logs/@forged.log" ] && fail "a DM the hub says eve sent was logged"
wait_until 10 grep -qF "too many new conversations" "$logs/status.log" ||
    fail "the status window does not tell of it"
[ "$(count_in "$logs/status.log" "too many new conversations")" -eq 1 ] ||
    fail "told more than once"
ok "at most 50 new conversation logs, told once in the status window"

# A conversation past the limit is still shown.
tui_type eve "/window u$FLOOD_DMS"
tui_keys eve Enter
tui_wait eve "message $FLOOD_DMS"
# Once answered, it is logged.
tui_type eve "hi back"
tui_keys eve Enter
tui_wait eve "hi back"
wait_until 10 grep -qF -- "-> *u$FLOOD_DMS* hi back" "$logs/@u$FLOOD_DMS.log" ||
    fail "the answered conversation is not logged: $(ls "$logs" | tail)"
ok "a conversation past the limit is shown, and logged once answered"

# Every file is in the hub's directory, with a safe name.
[ "$(find "$T/state" -name '*evil*' | wc -l)" -eq 1 ] &&
    [ -e "$logs/@.._.._.._evil.log" ] ||
    fail "a nick with slashes: $(find "$T/state" -name '*evil*')"
LC_ALL=C find "$logs" -name "*[[:cntrl:]]*" | grep -q . &&
    fail "a control character in a file name"
f=$(cd "$logs" && grep -lF "escapes" @a_*) ||
    fail "no log for the nick with escapes: $(ls "$logs" | head -n 8)"
[[ $f =~ ^@a_\[2j_b~[0-9a-f]{8}\.log$ ]] || fail "unsafe name $f"
f=$(cd "$logs" && grep -lF "bidi" @r*) || fail "no log for the bidi nick"
[[ $f =~ ^@r_gnp\.exe~[0-9a-f]{8}\.log$ ]] || fail "unsafe name $f"
f=$(cd "$logs" && grep -lF "long one" @xxx*) || fail "no log for the long nick"
[ "${#f}" -le 255 ] || fail "a name of ${#f} bytes"
ok "nicks become safe file names in the hub's log directory"

# It leaves cleanly (under AddressSanitizer: without a leak).
tui_type eve "/quit"
tui_keys eve Enter
tui_wait eve "CLIENT EXITED rc=0"
exit 0
