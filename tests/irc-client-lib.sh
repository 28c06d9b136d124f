# SPDX-License-Identifier: ISC
# tests/irc-client-lib.sh: real IRC clients (weechat, irssi, ii, sic)
# against the hub's IRC listener, beside a native user (bash).
#
# Sourced after tests/lib.sh by tests/irc-client-*.sh.  Each of those
# defines how its client is driven, as these functions:
#
#	ic_start NICK		start the client, register, join #lobby
#	ic_say ROOM TEXT	a message to a room
#	ic_dm NICK TEXT		a direct message
#	ic_topic ROOM TEXT	set a room's topic
#	ic_nick NEW		change nick
#	ic_join ROOM / ic_part ROOM
#	ic_quit TEXT		quit with a message
#	ic_invite NICK ROOM	invite a user to a room (optional)
#	ic_room_log ROOM	the file where the client writes what it saw
#	ic_dm_log NICK		the same for a conversation with a nick
#	ic_event_log ROOM	where it writes others' nick changes
#	ic_own NICK TEXT	how it writes a message it sent as NICK
#
# and then calls irc_scenario, which runs the same conversation for every
# client: history on join, messages and DMs both ways, topics, nick
# changes on both sides, PART and JOIN, INVITE, QUIT.  Every wait is on a line in
# a file, with a deadline.

# The hub must have the IRC listener; without it the test is skipped.
"$CHATROOM" --help 2>&1 | grep -q -- "--irc-listen" ||
    { echo "the hub has no --irc-listen: skipped"; exit 77; }

IRC_PORT=
HUB_FP=		# the certificate's SHA-256, AA:BB:... (TLS hubs)
NATIVE=alice	# the native user's nick, and after a rename
NATIVE2=alicia

# Start a hub with an IRC listener beside the native one: TLS unless
# INSECURE is set, as for the native port.
ic_start_hub() {
	IRC_PORT=$(pick_port)
	start_hub --irc-listen "127.0.0.1:$IRC_PORT" \
	    --irc-server-name irc.test "$@"
	wait_until 10 ic_listening || fail "no IRC listener on $IRC_PORT"
	if [ -z "$INSECURE" ]; then
		command -v openssl >/dev/null ||
		    { echo "no openssl: skipped"; exit 77; }
		HUB_FP=$(openssl x509 -noout -fingerprint -sha256 \
		    -in "$T/hub-cert.pem" | sed 's/.*=//')
		[ -n "$HUB_FP" ] || fail "no hub certificate"
	fi
}

# Is the IRC port listening?
ic_listening() {
	ss -Hltn "sport = :$IRC_PORT" | grep -q .
}

# A fingerprint (the hub's by default) as lower-case hex without colons
# (weechat's form).
ic_fp_hex() {
	printf '%s' "${1:-$HUB_FP}" | tr -d : | tr 'A-F' 'a-f'
}

# The hub's fingerprint with its first byte changed: a pin that cannot
# match (one that sets the first byte to 00 matches once in 256 hubs).
ic_fp_wrong() {
	local b=00
	case $HUB_FP in
	00:*) b=FF ;;
	esac
	printf '%s' "$b${HUB_FP#??}"
}

# Does the IRC listener offer SASL (only when it can check passwords)?
# Asks CAP LS on a connection of its own and waits for the answer.
ic_offers_sasl() {
	local addr="TCP:127.0.0.1:$IRC_PORT" fd pid rc=1
	[ -n "$HUB_FP" ] && addr="OPENSSL:127.0.0.1:$IRC_PORT,verify=0"
	command -v socat >/dev/null || return 1
	rm -f "$T/caps.in"
	mkfifo "$T/caps.in"
	(
		close_client_fds
		exec socat - "$addr" <"$T/caps.in" >"$T/caps.irc" 2>/dev/null
	) &
	pid=$!
	PIDS="$PIDS $pid"
	exec {fd}>"$T/caps.in"
	printf 'CAP LS 302\r\n' >&"$fd"
	if wait_until 10 grep -q " CAP \* LS " "$T/caps.irc"; then
		grep -q " CAP \* LS .*sasl" "$T/caps.irc" && rc=0
	fi
	printf 'QUIT\r\n' >&"$fd"
	exec {fd}>&-
	return "$rc"
}

# The native user is a --batch client (output in $T/nat.out), or with
# NATIVE_TUI set the terminal client in tmux (tests/tui-lib.sh sourced),
# judged by the conversation logs it keeps.
NATIVE_TUI=${NATIVE_TUI:-}

# Start the native user, pinning the hub's certificate over TLS.
ic_native_start() {
	local trust=
	[ -n "$HUB_FP" ] && trust="--trust $HUB_FP"
	if [ -n "$NATIVE_TUI" ]; then
		NAT_LOGS="$T/state/chatroom/logs/$NATIVE@127.0.0.1:$HUB_PORT"
		INSECURE="${INSECURE:-} $trust" tui_start nat "$NATIVE" 120 30
	else
		client_start nat "$NATIVE" $trust
	fi
	# Starting takes a while (a minute under valgrind on a busy machine:
	# the deadline scales), as for the IRC clients (ic_wait).
	nat_wait lobby "you joined #lobby" 20
}

# Type lines as the native user.
nat_say() {
	local line
	if [ -z "$NATIVE_TUI" ]; then
		client_say nat "$@"
		return
	fi
	for line in "$@"; do
		tui_type nat "$line"
		tui_keys nat Enter
	done
}

# Does the TUI's log for a room ("@nick": a conversation; "": any) have
# a string?
nat_logged() {
	if [ -z "$1" ]; then
		grep -rqF -- "$2" "$NAT_LOGS"
	elif [ "${1#@}" != "$1" ]; then
		grep -qF -- "$2" "$NAT_LOGS/$1.log"
	else
		grep -qF -- "$2" "$NAT_LOGS/#$1.log"
	fi
}

# Wait until the native user has seen a string in a room: nat_wait ROOM
# TEXT [SECONDS].  A message ("<nick> text") must be shown in that room.
nat_wait() {
	local room=$1 text=$2 secs=${3:-}
	if [ -n "$NATIVE_TUI" ]; then
		wait_until "${secs:-20}" nat_logged "$room" "$text" ||
		    fail "the TUI user never saw '$text' in '$room'"
		return
	fi
	wait_for "$T/nat.out" "$text" "${secs:-10}"
	case $text in
	"<"*)
		grep -F -- "$text" "$T/nat.out" | grep -qF "] #$room $text" ||
		    fail "'$text' not shown in #$room"
		;;
	esac
}

# The native user leaves.
nat_stop() {
	if [ -n "$NATIVE_TUI" ]; then
		nat_say "/quit"
		tui_wait nat "CLIENT EXITED rc=0"
		return
	fi
	client_stop nat
	[ "$CLIENT_RC" = 0 ] || fail "the native user's exit status"
}

# Wait for a fixed string in a client's log, with a longer deadline than
# wait_for's default: the clients take a moment to start and connect.
ic_wait() {
	wait_for "$1" "$2" "${3:-20}"
}

# The conversation every client goes through; $1 is its nick.
irc_scenario() {
	local me=$1 me2=${1}2 f

	ic_native_start
	nat_say "history before $me came"
	nat_wait lobby "<$NATIVE> history before $me came"
	# Back to #lobby once #dev is there (joining it shows it).
	nat_say "/create dev"
	nat_wait dev "you joined #dev"
	nat_say "/join lobby"

	ic_start "$me"
	ic_wait "$(ic_room_log lobby)" "history before $me came" 30
	nat_wait lobby "$me joined #lobby"
	ok "$me registered, joined #lobby and got its history"

	ic_say lobby "hello from $me"
	nat_wait lobby "<$me> hello from $me"
	nat_say "hello back to $me"
	ic_wait "$(ic_room_log lobby)" "hello back to $me"
	ok "messages both ways in #lobby"

	ic_dm "$NATIVE" "psst from $me"
	nat_wait "@$me" "*$me* psst from $me"
	nat_say "/msg $me psst back to $me"
	ic_wait "$(ic_dm_log "$NATIVE")" "psst back to $me"
	ok "direct messages both ways"

	ic_topic lobby "topic set from $me"
	nat_wait lobby "$me changed the topic to: topic set from $me"
	nat_say "/topic topic set by $NATIVE"
	ic_wait "$(ic_room_log lobby)" "topic set by $NATIVE"
	ok "topics both ways"

	ic_nick "$me2"
	nat_wait lobby "$me is now known as $me2"
	ic_say lobby "said as $me2"
	nat_wait lobby "<$me2> said as $me2"
	ic_wait "$(ic_room_log lobby)" "$(ic_own "$me2" "said as $me2")"
	nat_say "/nick $NATIVE2"
	nat_wait lobby "now known as $NATIVE2"
	ic_wait "$(ic_event_log lobby)" "$NATIVE2"
	nat_say "after the rename"
	ic_wait "$(ic_room_log lobby)" "after the rename"
	ok "nick changes seen on both sides"

	ic_join dev
	nat_wait dev "$me2 joined #dev"
	nat_say "/join dev" "in dev for $me2"
	ic_wait "$(ic_room_log dev)" "in dev for $me2"
	ic_say dev "in dev from $me2"
	nat_wait dev "<$me2> in dev from $me2"
	ic_part lobby
	nat_wait lobby "$me2 left #lobby"
	nat_say "/join lobby" "lobby after $me2 left"
	nat_wait lobby "<$NATIVE2> lobby after $me2 left"
	ok "JOIN another room, PART #lobby"

	# INVITE, for the clients that define ic_invite: the native user is
	# told, with the /join to type.
	if declare -F ic_invite >/dev/null; then
		ic_join inv
		ic_wait "$(ic_room_log inv)" "joined #inv"
		ic_invite "$NATIVE2" inv
		nat_wait "" "$me2 invites you to #inv (/join inv)"
		ok "INVITE tells the native user"
	fi

	ic_quit "gone for now"
	nat_wait dev "$me2 quit"
	ok "QUIT seen by the native user"

	# Nothing the IRC client should not have seen.
	f=$(ic_room_log lobby)
	grep -qF "lobby after $me2 left" "$f" &&
	    fail "$me2 got a message in #lobby after leaving it"
	nat_stop
}

# Run irssi on a home in a tmux session: irssi_run SESSION DIR.
irssi_run() {
	local term=tmux-256color
	infocmp "$term" >/dev/null 2>&1 || term=screen
	(close_client_fds; tm new-session -d -s "$1" -x 150 -y 30 \
	    "TERM=$term irssi --home='$2' 2>'$T/$1.err'") ||
	    fail "cannot start irssi in tmux"
}
