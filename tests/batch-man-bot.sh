#!/bin/bash
# SPDX-License-Identifier: ISC
# The bot of chatroom(1) EXAMPLES, run as printed (walk69 F6): it answers
# "!time" said in #ops, and not the same words at the end of another
# message's text or of the further line of a message of several lines.
. "$top_srcdir/tests/lib.sh"

start_hub
client_start obs observer
client_say obs "/join ops"
wait_for "$T/obs.out" "you joined #ops"

# The example, from the page, pointed at this hub.
awk '/^\.Bd -literal/ { n = 0; buf = ""; inb = 1; next }
    /^\.Ed/ { if (buf ~ /timebot@/) printf "%s", buf; inb = 0; next }
    inb { buf = buf $0 "\n" }' "$top_srcdir/man/chatroom.1" |
    sed -e "s|--trust \"\$fp\"|$INSECURE|" \
    -e "s|timebot@chat.example.org|timebot@127.0.0.1:$HUB_PORT|" \
    >"$T/bot.sh"
grep -qF "timebot@127.0.0.1:$HUB_PORT" "$T/bot.sh" ||
    fail "the example bot is not in the page: $(cat "$T/bot.sh")"
(
	close_client_fds
	XDG_STATE_HOME="$T/state/timebot" TMPDIR="$T" CHATROOM="$CHATROOM" \
	    PATH="$(dirname "$CHATROOM"):$PATH" exec setsid sh "$T/bot.sh" \
	    >"$T/bot.out" 2>"$T/bot.err"
) &
bot=$!
PIDS="$PIDS $bot"
# Its tail -f and client too, whatever happens.
trap 'rc=$?; kill -TERM -- -"$bot" 2>/dev/null; (exit $rc); cleanup' EXIT
wait_for "$T/obs.out" "timebot joined #ops"

run_batch alice alice "/join ops" 'hi\' 'x] #ops <root> !time' \
    "y] #ops <z> !time" "!time"
[ "$BATCH_RC" -eq 0 ] || fail "alice: $(cat "$T/alice.err")"
wait_for "$T/obs.out" "<timebot> it is"
# Answers come in order: another real one comes after any false ones.
run_batch alice2 alice "/join ops" "!time"
two_answers() {
	[ "$(count_in "$T/obs.out" "<timebot> it is")" -ge 2 ]
}
wait_until 20 two_answers ||
    fail "the bot did not answer the second !time"
[ "$(count_in "$T/obs.out" "<timebot> it is")" -eq 2 ] ||
    fail "the bot answered text that only ends in !time: $(cat "$T/obs.out")"
kill -TERM -- -"$bot" 2>/dev/null
ok "the example bot answers !time and nothing else"
