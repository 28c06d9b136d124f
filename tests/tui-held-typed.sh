#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a message typed while the client reconnects on its own
# waits, shown as not sent yet, and goes after the resume in order, after
# the lines held or in flight when the connection went; other commands
# are still refused.  A /quit says how many such lines it drops.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

N=30
start_hub --flush-interval 1
tui_start bob bob
tui_start alice alice
# Both in the lobby before #dev is made: no room picker in the way.
tui_wait bob "you joined #lobby"
tui_wait alice "you joined #lobby"
for u in bob alice; do
	tui_type $u "/join dev"
	tui_keys $u Enter
	tui_wait $u "you joined #dev"
done

# Does the history file keep both sessions in #dev?  Killed, the hub comes
# back with them, and they resume.  (A "history saved" line after the
# joins does not say so: that save may have begun before them.)
saved() {
	grep -q '"nick":"bob",[^]]*"name":"dev"' "$T/history.json" &&
	    grep -q '"nick":"alice",[^]]*"name":"dev"' "$T/history.json"
}
wait_until 20 saved || fail "the hub did not save its history"

# How many times the screen shows a fixed string.
shown() {
	tui_screen "$1" | grep -cF -- "$2"
}

# N lines at once; the hub dies with many still in flight or held.
keys=()
for i in $(seq 1 $N); do
	keys+=("$(printf 'burst line %02d' "$i")" Enter)
done
tui_keys bob C-l "${keys[@]}"
tui_wait bob "<bob> burst line 05" 30
stop_hub KILL
tui_wait bob "disconnected — retrying in"

# Typed now, while bob's client retries: held, shown as not sent yet.
tui_keys bob "typed one" Enter
tui_wait bob "<bob> typed one  (not sent yet)"
tui_wait bob "not connected — the line will be sent when the hub is back"
tui_keys bob "/me typed two" Enter "@alice typed three" Enter
tui_wait bob "* bob typed two  (not sent yet)"
tui_wait bob "-> *alice* typed three  (not sent yet)"
[ "$(shown bob "the line will be sent when the hub is back")" -eq 1 ] ||
    fail "the notice is not said once: $(tui_screen bob)"
tui_has bob "nothing was sent" && fail "a message was refused"
ok "messages typed while reconnecting are held and shown as not sent yet"

# Other commands are refused as before, and kept in the input history.
tui_keys bob "/join elsewhere" Enter
tui_wait bob "not connected — nothing was sent"
tui_wait bob "kept in the input history: Up brings it back"
tui_keys bob Up
wait_until 10 eval 'tui_screen bob | tail -n 1 | grep -qF "/join elsewhere"' ||
    fail "Up does not bring /join back"
tui_keys bob C-u
ok "a /join while disconnected is refused and kept in the input history"

# The hub comes back: the session resumes, every line goes once, in order.
FORCE_PORT=$HUB_PORT start_hub --flush-interval 1
tui_wait bob "reconnected: session resumed" 45
tui_wait bob "<bob> typed one" 60
tui_wait_gone bob "(not sent yet)" 30
tui_wait bob "* bob typed two"
tui_wait alice "<bob> typed one" 60
tui_wait alice "* bob typed two"
ok "after the resume the typed lines went, and are no longer marked"

run_batch seer seer "/join dev"
[ "$BATCH_RC" -eq 0 ] || fail "seer could not read #dev"
grep -E "#dev (<bob> burst line|<bob> typed|\* bob typed)" "$T/seer.out" |
    sed -E 's/.*#dev (<bob> |\* bob )//' >"$T/got"
{ seq -f 'burst line %02g' 1 $N; echo "typed one"; echo "typed two"; } \
    >"$T/want"
cmp -s "$T/want" "$T/got" ||
    fail "#dev holds, in order: $(tr '\n' '|' <"$T/got")"
ok "#dev has the $N lines of the burst, then the typed ones, once each"

# alice has the direct message, once.
tui_keys alice "/msg bob" Enter
tui_wait alice "*bob* typed three"
[ "$(shown alice "*bob* typed three")" -eq 1 ] ||
    fail "the direct message is not there once: $(tui_screen alice)"
ok "the direct message typed while disconnected arrived once"

# A second outage says it again; /quit then says what it drops.
tui_keys bob C-l
stop_hub KILL
tui_wait bob "disconnected — retrying in"
tui_keys bob "never sent 1" Enter "never sent 2" Enter
tui_wait bob "<bob> never sent 2  (not sent yet)"
tui_wait bob "the line will be sent when the hub is back"
tui_keys bob "/quit" Enter
tui_wait bob "CLIENT EXITED rc=0" 20
grep -qF "2 lines waiting to be sent were not sent before the quit" \
    "$T/bob.tui.err" || fail "/quit said: $(cat "$T/bob.tui.err")"
grep -qF "may be lost" "$T/bob.tui.err" &&
    fail "/quit calls lines never sent unconfirmed: $(cat "$T/bob.tui.err")"
ok "/quit while disconnected says how many typed lines it drops"
exit 0
