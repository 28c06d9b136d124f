#!/bin/bash
# SPDX-License-Identifier: ISC
# Cluster mode: a released claim leaves a mark ("~TIME") in
# chatroom:claims so that a hub coming back from a split drops its copy;
# once no hub can need a mark any more (older than --claim-days and a
# day) a hub removes it, in bounded steps, and keeps the recent ones.  A
# hash with many marks does not stop the hubs joining or serving.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cluster-lib.sh"

# One Redis command (its arguments as RESP); prints the first reply line.
redis() {
	local fd reply arg req
	req="*$#"$'\r\n'
	for arg in "$@"; do
		req+="\$${#arg}"$'\r\n'"$arg"$'\r\n'
	done
	exec {fd}<>"/dev/tcp/127.0.0.1/$REDIS_PORT" || fail "cannot reach Redis"
	printf '%s' "$req" >&"$fd"
	IFS= read -r -t 30 reply <&"$fd"
	case $reply in
	\$-1*)	reply= ;;
	\$*)	IFS= read -r -t 30 reply <&"$fd" ;;
	esac
	exec {fd}>&-
	echo "${reply%$'\r'}"
}
hlen() { redis HLEN chatroom:claims | tr -d ':'; }
only_left() { [ "$(hlen)" -eq "$1" ]; }

# 2000 marks from long ago (1970) and one from an hour ago.
NOW=$(( $(date +%s) * 1000 ))
RECENT="~$(( NOW - 3600 * 1000 ))"
redis EVAL "for i = 1, 2000 do redis.call('HSET', KEYS[1], 'old' .. i, \
'~1000') end return 1" 1 chatroom:claims >/dev/null
redis HSET chatroom:claims recent "$RECENT" >/dev/null
[ "$(hlen)" -eq 2001 ] || fail "Redis holds $(hlen) marks, not 2001"

start_member a --claim-days 30
start_member b --claim-days 30
on b; run_batch bob1 bob "hello while the marks are there"
[ "$BATCH_RC" -eq 0 ] || fail "hub b did not serve bob: $(cat "$T/bob1.err")"
ok "two hubs join and serve with 2001 marks in chatroom:claims"

# bob's claim is there too now: the old marks go, the rest stays.
wait_until 60 only_left 2 ||
    fail "chatroom:claims still has $(hlen) entries (want 2: bob, recent)"
[ "$(redis HGET chatroom:claims recent)" = "$RECENT" ] ||
    fail "the recent mark was removed or changed"
[ -n "$(redis HGET chatroom:claims bob)" ] || fail "bob's claim was removed"
grep -hq "old release marks removed" "$T/a.log" "$T/b.log" ||
    fail "no hub logged the marks it removed"
ok "marks older than --claim-days go; a recent one and a live claim stay"

# A release now leaves a fresh mark, which stays.
on a; run_batch bob2 bob "/release"
wait_for "$T/a.log" "claim on bob released by its owner"
wait_until 10 eval '[ "$(redis HGET chatroom:claims bob | cut -c1)" = "~" ]' ||
    fail "no release mark for bob: '$(redis HGET chatroom:claims bob)'"
on b; run_batch carol1 carol "hi"
[ "$BATCH_RC" -eq 0 ] || fail "hub b stopped serving: $(cat "$T/carol1.err")"
[ "$(redis HGET chatroom:claims bob | cut -c1)" = "~" ] ||
    fail "bob's fresh mark was removed"
ok "a fresh release mark stays"
