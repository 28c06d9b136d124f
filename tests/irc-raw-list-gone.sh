#!/bin/bash
# SPDX-License-Identifier: ISC
# Rooms that go while an IRC LIST is on its way (it is made as the client
# reads): every room that stays is listed exactly once, none is skipped,
# even when the room the list stopped at and rooms before it went.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

command -v perl >/dev/null || exit 77

# The rooms of tests/lib.sh's gone_history, in the order LIST follows.
GONE=6000
KEEP=2000

# Three LISTs (7.5 MB, more than the kernel's socket buffers take), read
# only after the rooms went.
gone_ask() {
	pace "$1" "$1" - " 323 $1 " 3 LIST LIST LIST
}
gone_listing "$GONE" "$KEEP" "" start_irc_hub --irc-server-name irc.test
name=$GONE_NAME
pace_read "$name"
f=$T/$name.irc

# Each LIST: the rooms that stayed, in order, once each; one of them was
# cut among the rooms that went (those before it listed them all, those
# after none).
awk -v d="$T" -v me="$name" '$2 == "321" && $3 == me { n++; g[n] = 0 }
	$2 == "322" && $3 == me && $4 ~ /^#g-/ { g[n]++ }
	$2 == "322" && $3 == me && $4 ~ /^#k-/ { k = $4; sub(/^#k-0*/, "", k);
		print k >d "/kept." n }
	$2 == "323" && $3 == me { ended++ }
	END { for (i = 1; i <= n; i++) print g[i] >d "/gone"
		exit (n != 3 || ended != 3) }' "$f" ||
    fail "not 3 LISTs, each ended by 323"
cut=$(awk -v all="$GONE" '$1 > 0 && $1 < all' "$T/gone")
echo "rooms that went listed by each LIST: $(tr '\n' ' ' <"$T/gone")"
[ -n "$cut" ] || fail "no LIST stopped among the rooms that went"
for i in 1 2 3; do
	seq 1 $(( KEEP + 5 )) | cmp -s - "$T/kept.$i" ||
	    fail "LIST $i: rooms that stayed: $(sort -un "$T/kept.$i" |
	    wc -l) of $(( KEEP + 5 )) listed, $(wc -l <"$T/kept.$i") lines"
done
ok "$GONE rooms gone during a LIST (cut after $cut of them): the" \
    "$(( KEEP + 5 )) that stayed listed once each, in order"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"
exit 0
