#!/bin/bash
# SPDX-License-Identifier: ISC
# --batch is scriptable: any end of input ends it at once, replayed
# messages are marked (or left out with --live), and the man page's
# timebot, started twice, answers each !time once.
. "$top_srcdir/tests/lib.sh"

start_hub
run_batch seed seed "an old message"
[ "$BATCH_RC" -eq 0 ] || fail "seeding the history failed"

# Milliseconds since the epoch.
ms() {
	echo $(( $(date +%s%N) / 1000000 ))
}

# /dev/null cannot be added to epoll; a closed pipe and an empty file are
# the other ends of input cron jobs and services have.
: >"$T/empty"
for how in devnull pipe empty; do
	start=$(ms)
	case $how in
	devnull)
		XDG_STATE_HOME="$T/state/$how" "$CHATROOM" --batch $INSECURE \
		    "$how@127.0.0.1:$HUB_PORT" </dev/null \
		    >"$T/$how.out" 2>"$T/$how.err"
		;;
	pipe)
		true | XDG_STATE_HOME="$T/state/$how" "$CHATROOM" --batch \
		    $INSECURE "$how@127.0.0.1:$HUB_PORT" \
		    >"$T/$how.out" 2>"$T/$how.err"
		;;
	empty)
		XDG_STATE_HOME="$T/state/$how" "$CHATROOM" --batch $INSECURE \
		    "$how@127.0.0.1:$HUB_PORT" <"$T/empty" \
		    >"$T/$how.out" 2>"$T/$how.err"
		;;
	esac
	rc=$?
	took=$(( $(ms) - start ))
	[ "$rc" -eq 0 ] || fail "$how: exit status $rc"
	[ "$took" -lt 1000 ] || fail "$how: took $took ms"
	[ -s "$T/$how.err" ] && fail "$how: wrote to stderr"
	grep -qF "connected to" "$T/$how.out" || fail "$how: never connected"
	ok "end of input from $how ends --batch at once ($took ms), quietly"
done

# Replayed messages start with ~, live ones do not.
run_batch marks marks "a live one"
grep -qE '^~\[[0-9:]+\] #lobby <seed> an old message$' "$T/marks.out" ||
    fail "a replayed message is not marked"
grep -qE '^~\[[0-9:]+\] #lobby -- end of history$' "$T/marks.out" ||
    fail "the end of history is not marked"
grep -qE '^\[[0-9:]+\] #lobby <marks> a live one$' "$T/marks.out" ||
    fail "a live message is marked"
ok "replayed lines start with ~"

BATCH_OPTS=--live run_batch live live "live only"
grep -qF "an old message" "$T/live.out" && fail "--live printed history"
grep -qF "end of history" "$T/live.out" && fail "--live printed the marker"
grep -qF "<live> live only" "$T/live.out" || fail "--live lost a message"
ok "--live prints only what arrives after the replay"

BATCH_OPTS=--json run_batch json json "json live"
grep -q '"text":"an old message","replay":true}$' "$T/json.out" ||
    fail "--json does not mark a replayed message"
grep -q '"text":"json live"}$' "$T/json.out" ||
    fail "--json marks a live message"
BATCH_OPTS="--json --live" run_batch jsonlive jsonlive "json live 2"
grep -qF "an old message" "$T/jsonlive.out" &&
    fail "--json --live printed history"
grep -qF '"type":"history_end"' "$T/jsonlive.out" ||
    fail "--json --live left out the frames around the replay"
ok "--json marks replayed messages; with --live it leaves them out"

"$CHATROOM" --live "x@127.0.0.1:$HUB_PORT" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--live without --batch is not a usage error"

# The man page's timebot, as written there, but on this hub; a tee shows
# what its client printed.
sed -n '/^#!\/bin\/sh$/,/^done$/p' "$top_srcdir/man/chatroom.1" |
    sed -e 's/\\e/\\/g' -e "s|--trust \"\$fp\"|$INSECURE|" \
    -e "s|^chatroom |\"\$CHATROOM\" |" \
    -e "s|timebot@chat.example.org |timebot@127.0.0.1:$HUB_PORT \\| tee -a \"\$BOT_OUT\" |" \
    >"$T/timebot.sh"
grep -q -- '--live' "$T/timebot.sh" || fail "the example has no --live"
grep -q 'tee -a' "$T/timebot.sh" || fail "the example was not found"

# Does a file have at least N lines with a fixed string?
at_least() {
	[ "$(count_in "$2" "$3")" -ge "$1" ]
}

# Start the bot in a process group of its own; stop_bot ends all of it.
start_bot() {
	BOT_OUT=$T/timebot-$1.out TMPDIR=$T CHATROOM=$CHATROOM \
	    XDG_STATE_HOME="$T/state/timebot" setsid sh "$T/timebot.sh" \
	    >/dev/null 2>"$T/timebot-$1.err" &
	BOT_PGID=$!
	PIDS="$PIDS -$BOT_PGID"
}
# SIGINT makes the client leave the hub politely; the rest of the
# pipeline (tail -f) is then ended.
stop_bot() {
	kill -INT -- "-$BOT_PGID" 2>/dev/null
	wait_for "$T/alice.out" "timebot quit"
	kill -TERM -- "-$BOT_PGID" 2>/dev/null
	wait "$BOT_PGID" 2>/dev/null
}

client_start alice alice
client_say alice "/join ops"
wait_for "$T/alice.out" "you joined #ops"
start_bot 1
wait_for "$T/alice.out" "timebot joined #ops"
client_say alice '!time'
wait_for "$T/alice.out" "#ops <timebot> it is "
stop_bot

start_bot 2
wait_until 10 at_least 2 "$T/alice.out" "timebot joined #ops" ||
    fail "the bot did not come back"
client_say alice '!time' "done"
wait_for "$T/timebot-2.out" "#ops <alice> done"
[ "$(count_in "$T/timebot-2.out" '<alice> !time')" -eq 1 ] ||
    fail "the second bot saw the old !time"
wait_until 10 at_least 2 "$T/alice.out" "<timebot> it is " ||
    fail "the second bot did not answer"
[ "$(count_in "$T/alice.out" "<timebot> it is ")" -eq 2 ] ||
    fail "the bot answered twice"
ok "the man page's timebot run twice answers each !time once"

# A script can tell that a line was refused: every line still runs, and
# the exit status is 3 (1 stays for a connection that failed).
run_batch refused refused "first" "/nosuchcmd" "/msg nobody-here hi" \
    "$(printf 'bad \377 byte')" "last"
[ "$BATCH_RC" -eq 3 ] || fail "three refused lines: exit status $BATCH_RC"
grep -qF "3 lines were refused" "$T/refused.err" ||
    fail "no count of refused lines: $(cat "$T/refused.err")"
grep -qF "<refused> last" "$T/refused.out" ||
    fail "the lines after a refused one did not run"
run_batch fine fine "all good" "/me is fine"
[ "$BATCH_RC" -eq 0 ] || fail "no refused line: exit status $BATCH_RC"
ok "refused lines make --batch exit 3, after running the rest"
exit 0
