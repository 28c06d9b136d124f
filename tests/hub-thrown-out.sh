#!/bin/bash
# SPDX-License-Identifier: ISC
# Connections the hub throws out (an excess flood, a line too long) end
# their sessions at once with the reason: members, native and IRC, see
# them quit, and they are no longer listed.  A connection that is only
# lost still waits for its resume.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

start_irc_hub --resume-timeout 120
client_start watcher watcher
wait_for "$T/watcher.out" "you joined #lobby"
irc_open ircw
irc_register ircw ircw
irc_send ircw "JOIN #lobby"
irc_wait ircw " 366 ircw #lobby "

# Log in raw as NICK (lib.sh's raw_login) and wait until the watcher
# sees it join.
raw_join() {
	raw_login "$1" "$1"
	wait_for "$T/watcher.out" "$1 joined"
}

# Does the watcher's /names list NICK?  Answers "yes" or "no".
listed() {
	local n
	n=$(count_in "$T/watcher.out" "members:")
	client_say watcher "/names lobby"
	wait_until 10 eval "[ \$(count_in '$T/watcher.out' members:) -gt $n ]" ||
	    fail "no answer to /names"
	tail -n 5 "$T/watcher.out" | grep 'members:' | tail -n 1 |
	    grep -qw "$1" && echo yes || echo no
}

# A flood: 200 messages at once.
raw_join flood1
for i in $(seq 200); do
	printf '{"type":"msg","room":"lobby","text":"f%d"}\n' "$i"
done >&"${RAW_FD[flood1]}" 2>/dev/null
raw_closed flood1 20 || fail "the flooder was not disconnected"
wait_for "$T/watcher.out" "flood1 quit (excess flood)"
irc_wait ircw ":flood1!"
grep -q ':flood1![^ ]* QUIT :excess flood' "$T/ircw.irc" ||
    fail "IRC did not see the flooder quit: $(grep flood1 "$T/ircw.irc")"
grep -q "flood1 lost the connection" "$T/watcher.out" &&
    fail "the flooder was shown as lost"
[ "$(listed flood1)" = no ] || fail "the flooder is still a member"
ok "an excess flood ends the session at once"

# A frame over the limit for one without a picture (40 KB).
raw_join long1
big=$(head -c 40000 /dev/zero | tr '\0' 'x')
raw_send long1 "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"$big\"}"
raw_expect long1 '"code":"line_too_long"'
raw_closed long1 20 || fail "the long frame's sender was not disconnected"
wait_for "$T/watcher.out" "long1 quit (line too long)"
irc_wait ircw "QUIT :line too long"
[ "$(listed long1)" = no ] || fail "the long frame's sender is still a member"
ok "a frame too long ends the session at once"

# A line past even a picture's limit, read in pieces (no newline yet).
raw_join long2
head -c 300000 /dev/zero | tr '\0' 'y' >&"${RAW_FD[long2]}" 2>/dev/null
raw_expect long2 '"code":"line_too_long"'
wait_for "$T/watcher.out" "long2 quit (line too long)"
[ "$(listed long2)" = no ] || fail "the endless line's sender is still a member"
ok "an endless line ends the session at once"

# An IRC flooder: ERROR for it, QUIT with the reason for the others.
irc_open ircf
irc_register ircf ircf
irc_send ircf "JOIN #lobby"
irc_wait ircf " 366 ircf #lobby "
wait_for "$T/watcher.out" "ircf joined"
for i in $(seq 200); do
	printf 'PRIVMSG #lobby :f%d\r\n' "$i"
done >&"${RAW_FD[ircf]}" 2>/dev/null
irc_closed ircf 20 || fail "the IRC flooder was not disconnected"
grep -q '^ERROR :Closing link: Excess Flood' "$T/ircf.irc" ||
    fail "the IRC flooder got no ERROR: $(tail -n 3 "$T/ircf.irc")"
wait_for "$T/watcher.out" "ircf quit (excess flood)"
irc_wait ircw ":ircf!"
grep -q ':ircf![^ ]* QUIT :excess flood' "$T/ircw.irc" ||
    fail "IRC did not see the IRC flooder quit"
ok "an IRC flooder gets ERROR and its session ends"

# A connection that is only lost still waits for its resume.
raw_join gone1
eval "exec ${RAW_FD[gone1]}>&-"
wait_for "$T/watcher.out" "gone1 lost the connection"
[ "$(listed gone1)" = yes ] || fail "a lost session did not wait"
ok "a lost connection still waits for a resume"
client_stop watcher
