#!/bin/bash
# SPDX-License-Identifier: ISC
# A clean restart of the hub (SIGTERM, not a kill) keeps what it keeps of
# direct messages: the copies of those passed to a connection just
# before (sent again when the session resumes) are in the history file,
# and a session the hub restored from it waits for its client: a DM to
# it, before the client is back, is held for it (not "no such nick") and
# delivered on the resume, and the sender told if it never comes.
. "$top_srcdir/tests/lib.sh"

hub() {
	FORCE_PORT=$HUB_PORT start_hub --ping-timeout 10 \
	    --resume-timeout "${WINDOW:-60}" --flush-interval 1
}

start_hub --ping-timeout 10 --resume-timeout 60 --flush-interval 1
raw_login a alice
ta=$TOKEN
raw_login b bob
tb=$TOKEN

raw_send b '{"type":"dm","to":"alice","text":"before restart","seq":2}'
raw_expect b '"type":"ack","seq":2'
raw_expect a '"text":"before restart"'
stop_hub TERM
grep -q '"dm_resend":\[{"from":"bob"' "$T/history.json" ||
    fail "the file does not keep the copy: $(cat "$T/history.json")"
ok "a clean stop keeps the copy of a DM passed just before it"

hub
raw_resumed b2 "$tb" 1
raw_send b2 '{"type":"dm","to":"alice","text":"while away","seq":3}'
while raw_expect b2 '"'; do
	case "$RAW_LINE" in
	*'"type":"error"'*) fail "refused: $RAW_LINE" ;;
	*'"code":"dm_held"'*) break ;;
	esac
done
raw_expect b2 '"type":"ack","seq":3'
ok "a DM to a session waiting for its client after a restart is taken"

raw_resumed a2 "$ta" 1
raw_expect a2 '"text":"before restart"'
raw_expect a2 '"text":"while away"'
ok "both are delivered on the resume"

# Restored, never resumed: the sender is told.
raw_send b2 '{"type":"dm","to":"alice","text":"before 2","seq":4}'
raw_expect b2 '"type":"ack","seq":4'
raw_expect a2 '"text":"before 2"'
stop_hub TERM
WINDOW=3 hub
raw_resumed b3 "$tb" 1
raw_send b3 '{"type":"dm","to":"alice","text":"held 2","seq":5}'
raw_expect b3 '"code":"dm_held"'
raw_expect b3 '"code":"dm_expired"' 15
[[ $RAW_LINE == *'"subject":"alice"'* ]] || fail "told of whom: $RAW_LINE"
ok "the sender is told when the restored session never comes back"
exit 0
