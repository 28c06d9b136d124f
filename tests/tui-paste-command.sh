#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a paste of several lines that starts with "/" is never
# one command with the other lines as its argument (walk58 F3).  A known
# command is refused and the text stays in the input line; a first word
# that is no command (a pasted path) makes it a message; /me and /msg
# still take several lines.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
client_start obs observer
wait_for "$T/obs.out" "joined #lobby"
tui_start bob bob 100 30
tui_wait bob "you joined #lobby"

# Two commands pasted: neither runs, no room "#aa-/join-#bb", text kept.
tm set-buffer -b p1 "$(printf '/join #aa\n/join #bb')"
tm paste-buffer -p -b p1 -t bob:
tui_wait bob "[#lobby] /join #aa↵/join #bb"
tui_keys bob Enter
tui_wait bob "/join takes one line: nothing was sent"
tui_wait bob "the text is kept in the input line"
tui_has bob "[#lobby] /join #aa↵/join #bb" ||
    fail "the pasted text left the input line"
tui_lacks bob "you joined #aa" || fail "a pasted command ran"
ok "a pasted command of several lines is refused and kept"

# Emptied by hand; a pasted path goes as a message, both lines.
tui_keys bob C-u
tui_wait_gone bob "/join #aa↵"
tm set-buffer -b p2 "$(printf '/etc/hosts has\n127.0.0.1 localhost')"
tm paste-buffer -p -b p2 -t bob:
tui_wait bob "[#lobby] /etc/hosts has↵127.0.0.1 localhost"
tui_keys bob Enter
wait_for "$T/obs.out" "127.0.0.1 localhost"
grep -qF "<bob> /etc/hosts has" "$T/obs.out" ||
    fail "the path was not sent as text: $(cat "$T/obs.out")"
tui_lacks bob "unknown command" || fail "the path was taken for a command"
ok "a pasted path of several lines is a message"

# /me with several lines still works.
tm set-buffer -b p3 "$(printf '/me pastes\nsecond row')"
tm paste-buffer -p -b p3 -t bob:
tui_wait bob "[#lobby] /me pastes↵second row"
tui_keys bob Enter
wait_for "$T/obs.out" "second row"
grep -qF "* bob pastes" "$T/obs.out" ||
    fail "/me of several lines broke: $(cat "$T/obs.out")"
ok "/me still takes several lines"

# /msg with the nick alone on the first line: the other lines are its text.
tm set-buffer -b p4 "$(printf '/msg observer\ndm row one\ndm row two')"
tm paste-buffer -p -b p4 -t bob:
tui_wait bob "[#lobby] /msg observer↵dm row one"
tui_keys bob Enter
wait_for "$T/obs.out" "dm row two"
grep -F "dm row one" "$T/obs.out" | grep -qF "bob" ||
    fail "/msg of several lines broke: $(cat "$T/obs.out")"
ok "/msg NICK then lines of text is a direct message"
exit 0
