#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a hub killed and restarted keeps its sessions, waiting
# for their clients.  The users of the other hub, who saw them quit with
# the hub ("hub lost"), do not see them join then: a user is back when
# his client resumes, on that hub or on the other (for IRC, a JOIN then),
# a DM window that showed the quit shows the return, and one who never
# comes back does not quit twice.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

# Keep the lines a raw connection gets until one with TEXT, in $T/NAME.lines.
raw_until() {
	local line
	while IFS= read -r -t 20 line <&"${RAW_FD[$1]}"; do
		printf '%s\n' "$line" >>"$T/$1.lines"
		case "$line" in
		*"$2"*)
			RAW_LINE=$line
			return 0
			;;
		esac
	done
	fail "raw connection $1: no line with '$2'"
}

# Log in on hub b, in #dev; the token goes to TOK[NAME].
declare -A TOK
member_dev() {
	on b; raw_login "$1" "$1"
	TOK[$1]=$TOKEN
	raw_send "$1" '{"type":"join","room":"dev","seq":1}'
	raw_expect "$1" '"type":"ack","seq":1'
}

IRC_PORT=$(pick_port)
start_member a --irc-listen "127.0.0.1:$IRC_PORT" --irc-server-name a.test
start_member b --flush-interval 1 --resume-timeout 15

# bob, dave and fay on hub b, in #dev, kept in its file.
for n in bob dave fay; do
	member_dev $n
done
raw_send bob '{"type":"msg","room":"dev","text":"saved","seq":2}'
raw_expect bob '"type":"ack","seq":2'
id=$(sed 's/.*"id":\([0-9]*\).*/\1/' <<<"$RAW_LINE")
HUB_HISTORY=$T/b.json wait_saved saved

# On hub a, in #dev: alice (native, with a DM window with bob), carol
# (IRC) and a raw native connection.
member_client a alice
client_say alice "/join dev"
wait_for "$T/alice.out" "you joined #dev"
client_say alice "/msg bob hi bob"
raw_expect bob '"text":"hi bob"'
irc_open c
irc_register c carol
irc_send c "JOIN #dev"
irc_wait c " 366 carol #dev :"
grep -q " 353 carol = #dev :.*bob" "$T/c.irc" || fail "carol does not see bob"
on a; raw_login o olga
raw_send o '{"type":"join","room":"dev","seq":1}'
raw_until o '"type":"history_end","room":"dev"'

# Hub b dies: on hub a they quit with it.
on b; stop_hub KILL
for n in bob dave fay; do
	exec {RAW_FD[$n]}>&-
done
wait_for "$T/alice.out" "#dev -- fay quit (hub lost)" 30
wait_for "$T/alice.out" "-- bob quit (hub lost)"
# (Hub b's users are on its host, whatever name it has by then.)
wait_until 10 grep -qE ":fay!fay@[^ ]+ QUIT :hub lost" "$T/c.irc" ||
    fail "carol did not see fay quit"
raw_until o '"type":"signoff","nick":"fay"'

# Hub b restarts with their sessions, waiting for their clients; a
# newcomer there marks when hub a has heard of them.
restart_member b
member_dev erin
wait_for "$T/alice.out" "erin joined #dev"
wait_until 10 grep -qE ":erin!erin@[^ ]+ JOIN #dev" "$T/c.irc" ||
    fail "carol did not see erin join"
raw_until o '"type":"joined","room":"dev","nick":"erin"'
for n in bob dave fay; do
	grep -q "#dev -- $n joined" "$T/alice.out" &&
	    fail "alice saw $n join before he was back: $(cat "$T/alice.out")"
	grep -q ":$n!$n@[^ ]* JOIN" "$T/c.irc" &&
	    fail "carol saw $n join before he was back: $(cat "$T/c.irc")"
	grep "\"nick\":\"$n\"" "$T/o.lines" | grep -q '"type":"joined"' &&
	    fail "olga got $n joined: $(cat "$T/o.lines")"
done
ok "sessions a restarted hub kept are not shown joining on the other hub"

# bob resumes on hub b: back on hub a, in #dev and in alice's DM window
# with him; carol sees him JOIN, olga gets a back for #dev.
on b; raw_resumed bob2 "${TOK[bob]}" "$id"
raw_until o '"type":"back","room":"dev","nick":"bob"'
wait_for "$T/alice.out" "#dev -- bob is back"
wait_until 10 grep -qE ":bob!bob@[^ ]+ JOIN #dev" "$T/c.irc" ||
    fail "carol did not see bob join"
[ "$(grep -c "#dev -- bob is back" "$T/alice.out")" -eq 1 ] &&
    [ "$(grep -c "#lobby -- bob is back" "$T/alice.out")" -eq 1 ] ||
    fail "bob is not back once in each room: $(cat "$T/alice.out")"
[ "$(grep -c "^\[..:..\] @bob -- bob is back" "$T/alice.out")" -eq 1 ] ||
    fail "bob is not back in alice's DM window: $(cat "$T/alice.out")"
grep -q "bob joined" "$T/alice.out" && fail "alice saw bob join"
ok "a kept session resumed on its hub is back on the other"

# dave resumes on hub a (a client given both hubs would): back there too.
on a; raw_open dave2
raw_send dave2 "{\"type\":\"hello\",\"version\":1,\"nick\":\"dave\",\"token\":\"${TOK[dave]}\",\"last_id\":$id}"
raw_expect dave2 '"resumed":true'
wait_for "$T/alice.out" "#dev -- dave is back"
irc_wait c ":dave!dave@a.test JOIN #dev"
raw_until o '"type":"back","room":"dev","nick":"dave"'
grep -q "dave joined" "$T/alice.out" && fail "alice saw dave join"
grep '"nick":"\(bob\|dave\)"' "$T/o.lines" | grep -q '"type":"joined"' &&
    fail "olga got a joined: $(cat "$T/o.lines")"
ok "a kept session resumed on the other hub is back there"

# fay never comes back: when her window passes, nobody on hub a sees her
# quit again.
wait_for "$T/b.log" "fay: resume window expired" 60
client_say alice "/msg olga done"
raw_until o '"text":"done"'
[ "$(grep -c "fay quit" "$T/alice.out")" -eq 2 ] ||
    fail "alice saw fay quit again: $(cat "$T/alice.out")"
[ "$(grep -c ":fay!fay@[^ ]* QUIT" "$T/c.irc")" -eq 1 ] ||
    fail "carol saw fay quit again: $(cat "$T/c.irc")"
[ "$(grep -c '"type":"signoff","nick":"fay"' "$T/o.lines")" -eq 1 ] ||
    fail "olga saw fay quit again: $(cat "$T/o.lines")"
ok "a kept session that never resumes does not quit twice"
exit 0
