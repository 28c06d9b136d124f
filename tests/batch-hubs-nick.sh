#!/bin/bash
# SPDX-License-Identifier: ISC
# --batch with a list of hubs: a hub that refuses the nick sends the
# client on to the next, and once that one lets it in, the line goes and
# the client ends with status 0, as if the first hub had let it in.  When
# every hub refuses, the status is 1 and stderr says why.
. "$top_srcdir/tests/lib.sh"

HUB_NAME=a HUB_HISTORY="$T/a.json" start_hub
PA=$HUB_PORT
HUB_NAME=b HUB_HISTORY="$T/b.json" start_hub
PB=$HUB_PORT

# Another key holds carol on hub a only; dan is held on both.
HUB_PORT=$PA client_start carol_a carol
HUB_PORT=$PA client_start dan_a dan
HUB_PORT=$PB client_start dan_b dan
HUB_PORT=$PB client_start bob bob
for n in carol_a dan_a dan_b bob; do
	wait_for "$T/$n.out" "you joined #lobby"
done

# A --batch run with a key of its own (not the holders'): batch NAME NICK
# LINE; sets BATCH_RC.
batch() {
	printf '%s\n' "$3" | XDG_STATE_HOME="$T/state/other-$2" \
	    $VG "$CHATROOM" --batch $INSECURE "$2@127.0.0.1:$PA,127.0.0.1:$PB" \
	    >"$T/$1.out" 2>"$T/$1.err"
	BATCH_RC=$?
}

batch carol carol "hello from hub b"
wait_for "$T/bob.out" "<carol> hello from hub b"
[ "$BATCH_RC" = 0 ] ||
    fail "refused by a, let in by b: status $BATCH_RC: $(cat "$T/carol.err")"
ok "a nick refused by one hub and taken by the next: the line goes, status 0"

batch dan dan "hello from nowhere"
[ "$BATCH_RC" = 1 ] || fail "refused by every hub: status $BATCH_RC"
grep -q "dan" "$T/dan.err" || fail "no cause on stderr: $(cat "$T/dan.err")"
grep -q "hello from nowhere" "$T/bob.out" && fail "dan's line went out"
ok "refused by every hub of the list: status 1 and the cause"

for n in carol_a dan_a dan_b bob; do
	client_stop "$n"
done
exit 0
