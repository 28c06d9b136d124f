#!/bin/bash
# SPDX-License-Identifier: ISC
# A conversation's log follows the conversation, as its window does: when
# the peer changes nick, and back, its lines go on in the file the
# conversation began in, not in a file for each nick; and a client started
# again while the peer has the new nick goes on in that file, showing
# its last lines.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub --resume-timeout 120
env="XDG_STATE_HOME=$T/state XDG_CONFIG_HOME=$T/cfg"
logs="$T/state/chatroom/logs/alice@127.0.0.1:$HUB_PORT"

tui_start one alice 100 30 "$env"
tui_wait one "you joined #lobby"
client_start bob bob
wait_for "$T/bob.out" "connected to"
client_say bob "@alice first as bob"
tui_wait_match one '^ +[0-9]+ @bob '
n=$(tui_screen one | sed -n 's/^ *\([0-9][0-9]*\) @bob .*/\1/p')
tui_keys one "M-$n"
tui_wait_match one '^ @bob'
tui_cmd one "/msg bob reply to bob"
wait_for "$T/bob.out" "reply to bob"

client_say bob "/nick 밥"
wait_for "$T/bob.out" "you are now known as 밥"
tui_wait one "bob is now known as 밥"
client_say bob "@alice now as 밥"
tui_wait one "now as 밥"
tui_cmd one "/msg 밥 reply to 밥"
wait_for "$T/bob.out" "reply to 밥"

client_say bob "/nick bob"
wait_for "$T/bob.out" "you are now known as bob"
tui_wait one "밥 is now known as bob"
client_say bob "@alice bob again"
tui_wait one "bob again"

# Written within a second or two.
wait_until 10 grep -qF "bob again" "$logs/@bob.log" 2>/dev/null ||
    fail "no last line in @bob.log: $(ls "$logs")"
[ -e "$logs/@밥.log" ] && fail "a second log for 밥: $(cat "$logs/@밥.log")"
for want in "first as bob" "reply to bob" "bob is now known as 밥" \
    "now as 밥" "reply to 밥" "밥 is now known as bob" "bob again"; do
	grep -qF "$want" "$logs/@bob.log" ||
	    fail "'$want' is not in @bob.log: $(cat "$logs/@bob.log")"
done
ok "the conversation's log follows its peer's nick changes, and back"

# The peer is 밥 while alice's client is down; it comes back with the
# conversation, its last lines, and goes on in the same file.
client_say bob "/nick 밥"
wait_for "$T/bob.out" "you are now known as 밥"
tui_wait one "bob is now known as 밥"
wait_until 10 grep -qF "bob is now known as 밥" "$logs/@bob.log" ||
    fail "the second rename is not logged: $(cat "$logs/@bob.log")"
tui_quit one
tui_start two alice 100 30 "$env"
tui_wait two "connected as alice"
tui_wait_match two '^ +[0-9]+ @밥 '
n=$(tui_screen two | sed -n 's/^ *\([0-9][0-9]*\) @밥 .*/\1/p')
tui_keys two "M-$n"
tui_wait two "bob again"
client_say bob "@alice after the restart"
tui_wait two "after the restart"
wait_until 10 grep -qF "after the restart" "$logs/@bob.log" ||
    fail "the conversation did not go on in @bob.log: $(ls "$logs")"
[ -e "$logs/@밥.log" ] && fail "a second log for 밥: $(cat "$logs/@밥.log")"
ok "started again, the conversation goes on in its file"

client_stop bob
exit 0
