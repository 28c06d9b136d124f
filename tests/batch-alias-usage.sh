#!/bin/bash
# SPDX-License-Identifier: ISC
# A command's errors name it as the user typed it (walk65): "/q" alone is
# told "usage: /query NICK [TEXT]", not "/msg"; the same for the other
# aliases (/img, /name, /list, /who), while the names keep their own.
. "$top_srcdir/tests/lib.sh"

start_hub
run_batch alias alice "/q" "/query" "/msg" "/img" "/name" "/list all" \
    "/rooms all" "/ima"
for want in "usage: /query NICK [TEXT]" "usage: /msg NICK [TEXT]" \
    "usage: /img PATH [WIDTH] [CHARSET] [DITHER]" "usage: /name NEWNICK" \
    "/list takes no arguments" "/rooms takes no arguments" \
    "usage: /image PATH [WIDTH] [CHARSET] [DITHER]"; do
	grep -qxF "chatroom: $want" "$T/alias.err" ||
	    fail "no \"$want\": $(cat "$T/alias.err")"
done
[ "$(grep -cxF "chatroom: usage: /query NICK [TEXT]" "$T/alias.err")" -eq 2 ] ||
    fail "/q and /query: $(cat "$T/alias.err")"
ok "usage errors name the command as it was typed"

# Text held back after a /q that failed names /query too.
run_batch held dave "/q" "hello"
grep -qF "chatroom: not sent: the last /query failed and #lobby" \
    "$T/held.err" || fail "held after /q: $(cat "$T/held.err")"
ok "text held back after a failed /q names /query"

# /who alone where there is no room in view: "usage: /who ROOM".
client_start carol carol
wait_for "$T/carol.out" "joined #lobby"
run_batch who bob "/msg carol hi" "/window carol" "/who" "/names"
grep -qxF "chatroom: usage: /who ROOM" "$T/who.err" ||
    fail "/who in a conversation: $(cat "$T/who.err")"
grep -qxF "chatroom: usage: /names ROOM" "$T/who.err" ||
    fail "/names in a conversation: $(cat "$T/who.err")"
ok "/who and /names alone in a conversation name themselves"
exit 0
