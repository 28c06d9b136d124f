#!/bin/bash
# SPDX-License-Identifier: ISC
# "/join #cc #dd" (two rooms, or a room and an IRC key) is refused with the
# list form, not taken for a title making a room "#cc-#dd" (walk69 F8);
# a title of plain words still joins the room /create makes of it.
. "$top_srcdir/tests/lib.sh"

start_hub
run_batch words bob "/join #cc #dd" "where" "/join book club" "here"
[ "$BATCH_RC" -eq 3 ] || fail "exit status $BATCH_RC"
grep -qxF "chatroom: /join takes one room, or several separated by commas: /join #a,#b" \
    "$T/words.err" || fail "/join #cc #dd is not refused"
grep -qF "cc-" "$T/words.out" && fail "a room cc-#dd was made"
grep -qE '^\[..:..\] #book-club <bob> here$' "$T/words.out" ||
    fail "a title no longer joins its room"
ok "/join #cc #dd is refused, /join book club still works"
