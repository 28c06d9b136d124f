#!/bin/bash
# SPDX-License-Identifier: ISC
# "nick is back" is said where "lost the connection" was: in the
# conversation that showed the hub's notice that it keeps our message,
# and in the rooms only if they showed the loss.  After a restart of
# the hub (a loss the rooms knew only from their frames), the rooms say
# nothing; after a lost connection of one user, both say it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# Switch bob's view to window N and wait until its title shows TITLE.
view() {
	tui_keys bob "M-$1"
	wait_until 10 tui_title_has bob "$2" ||
	    fail "window $1 is not $2: $(tui_screen bob | head -n 1)"
	tui_settle bob
}

start_hub --resume-timeout 60 --flush-interval 1
tui_start bob bob 100 20
tui_wait bob "you joined #lobby"
raw_login c carl
tc=$TOKEN
tui_wait bob "carl joined #lobby"
wait_until 20 grep -q "\"token\":\"$tc\"" "$T/history.json" ||
    fail "carl's session was not saved"

# A restart of the hub: carl has not resumed when bob writes to him.
stop_hub KILL
exec {RAW_FD[c]}>&-
tui_wait bob "disconnected — retrying in"
FORCE_PORT=$HUB_PORT start_hub --resume-timeout 60 --flush-interval 1
tui_wait bob "connected as bob" 45
tui_cmd bob "/msg carl to carl while lost"
tui_wait bob "2 @carl"
view 2 "@carl"
tui_wait bob "carl lost the connection; the hub keeps your message"
raw_resumed c2 "$tc"
raw_expect c2 "to carl while lost"
tui_wait bob "carl is back"
ok "the conversation that said the hub keeps the message says carl is back"
view 1 "#lobby"
tui_has bob "carl is back" &&
    fail "#lobby, which showed no loss, says carl is back: $(tui_screen bob)"
ok "the room that showed no loss says nothing"

# One user's connection lost: the room says it, the conversation too.
raw_login d dave
td=$TOKEN
tui_wait bob "dave joined #lobby"
exec {RAW_FD[d]}>&-
tui_wait bob "dave lost the connection"
tui_cmd bob "/msg dave to dave while lost"
tui_wait bob "3 @dave"
view 3 "@dave"
tui_wait bob "dave lost the connection; the hub keeps your message"
raw_resumed d2 "$td"
raw_expect d2 "to dave while lost"
tui_wait bob "dave is back"
ok "the conversation says dave is back"
view 1 "#lobby"
tui_wait bob "dave is back"
ok "the room that showed the loss says so too"

tui_quit bob
exit 0
