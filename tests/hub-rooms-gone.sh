#!/bin/bash
# SPDX-License-Identifier: ISC
# Room numbers (rooms, join): a rooms answer made as a slow client reads
# goes on where it stopped when rooms go meanwhile, listing every room
# that stays exactly once; the number a room is shown with stays its own
# while it lives, so join by that number enters it even after rooms
# listed before it went, and the number of a room that went is refused.
. "$top_srcdir/tests/lib.sh"

command -v perl >/dev/null || exit 77
command -v ss >/dev/null || exit 77

# The rooms of tests/lib.sh's gone_history: the lobby is room 1, k-00001
# to k-00005 rooms 2 to 6, the g rooms 7 to GONE + 6, then k-00006 on.
GONE=6000
KEEP=2000

# (a) A rooms request, read only after the g rooms went: topics of 300
# four-byte characters make its answer about 10 MB, more than the
# kernel's socket buffers take, so the hub stops among the g rooms
# (gone_listing, as for tests/irc-raw-list-gone.sh).
gone_ask() {
	pace "$1" "$1" native '^\{"type":"roomlist","seq"' 2 \
	    '{"type":"rooms","seq":1}' '{"type":"rooms","seq":2}'
}
gone_listing "$GONE" "$KEEP" 128512 start_hub
name=$GONE_NAME
# A room made meanwhile comes once, at the end.
raw_open maker
raw_send maker '{"type":"hello","version":2,"nick":"maker"}'
raw_send maker '{"type":"join","room":"z-new","seq":1}'
raw_expect maker '"seq":1'
pace_read "$name"

# Each list (pages up to one without "more"): how many g rooms it gave,
# then the k rooms in order, one a line; a room shown with a number not
# its own, or z-new listed other than once and last, fails.
perl -MJSON::PP - "$T/$name.irc" "$T" "$GONE" <<'PERL' ||
use strict; use warnings;
my ($in, $dir, $gone) = @ARGV;
open(my $f, '<', $in) or die "$in: $!\n";
my ($n, $g, $z, @gone) = (1, 0, 0);
open(my $k, '>', "$dir/kept.1") or die;
while (my $line = <$f>) {
	my $ev = JSON::PP->new->utf8->decode($line);
	next unless $ev->{type} eq 'roomlist';
	for my $r (@{$ev->{rooms}}) {
		die "list $n: z-new is not last\n" if $z;
		if ($r->{name} eq 'z-new') { $z++; next }
		my ($kind, $i) = $r->{name} =~ /^([gk])-0*(\d+)$/ or next;
		my $want = $kind eq 'g' ? $i + 6 : $i <= 5 ? $i + 1 :
		    $i + 1 + $gone;
		die "list $n: $r->{name} shown as room $r->{n}, not $want\n"
		    if $r->{n} != $want;
		if ($kind eq 'g') { $g++ } else { print $k "$i\n" }
	}
	next if $ev->{more};
	die "list $n: z-new listed $z times\n" if $z != 1;
	push @gone, $g;
	last if ++$n > 2;
	($g, $z) = (0, 0);
	close($k);
	open($k, '>', "$dir/kept.$n") or die;
}
die "not 2 lists\n" unless @gone == 2;
open(my $o, '>', "$dir/gone") or die;
print $o "$_\n" for @gone;
PERL
    fail "the lists: see above"
cut=$(awk -v all="$GONE" '$1 > 0 && $1 < all' "$T/gone")
echo "rooms that went listed by each list: $(tr '\n' ' ' <"$T/gone")"
[ -n "$cut" ] || fail "no list stopped among the rooms that went"
for i in 1 2; do
	seq 1 $(( KEEP + 5 )) | cmp -s - "$T/kept.$i" ||
	    fail "list $i: rooms that stayed: $(sort -un "$T/kept.$i" |
	    wc -l) of $(( KEEP + 5 )) listed, $(wc -l <"$T/kept.$i") lines"
done
ok "$GONE rooms gone during a rooms list (cut after $cut of them): the" \
    "$(( KEEP + 5 )) that stayed listed once each, in order, by their" \
    "numbers, and a room made meanwhile once, last"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exit status $HUB_RC"

# (b) A short list read at once, before g-00001 (room 7) goes: k-00006 is
# shown as room 8.  When g-00001 has gone, join 8 enters k-00006 (not
# k-00007, which took its place in the list), and join 7 is refused.
for delay in 3 10 30; do
	gone_history "$delay" 1 2 >"$T/history.json"
	HUB_NAME=small$delay start_hub --room-expire 1 --flush-interval 1
	raw_open "u$delay"
	raw_send "u$delay" '{"type":"hello","version":2,"nick":"joiner"}'
	raw_expect "u$delay" '"type":"welcome"'
	raw_send "u$delay" '{"type":"rooms","seq":5}'
	raw_expect "u$delay" '"type":"roomlist","seq":5'
	grep -q "room g-.* expired" "$HUB_LOG" || break
	echo "the room went before it was listed; again, slower"
	stop_hub
	delay=
done
[ -n "$delay" ] || fail "the room always went before it was listed"
case "$RAW_LINE" in
*'{"n":7,"name":"g-00001"'*'{"n":8,"name":"k-00006"'*) ;;
*) fail "the list before g-00001 went: $RAW_LINE" ;;
esac
wait_for "$HUB_LOG" "room g-00001 expired" 30
raw_send "u$delay" '{"type":"join","room":8,"seq":6}'
raw_expect "u$delay" '"seq":6'
case "$RAW_LINE" in
*'"type":"ack"'*) ;;
*) fail "join 8: $RAW_LINE" ;;
esac
wait_for "$HUB_LOG" "joiner joined k-00006"
grep -q "joiner joined k-00007" "$HUB_LOG" && fail "join 8 entered k-00007"
raw_send "u$delay" '{"type":"join","room":7,"seq":7}'
raw_expect "u$delay" '"seq":7'
case "$RAW_LINE" in
*'"type":"error"'*'no_such_room'*) ;;
*) fail "join 7 (gone): $RAW_LINE" ;;
esac
raw_send "u$delay" '{"type":"rooms","seq":8}'
raw_expect "u$delay" '"type":"roomlist","seq":8'
case "$RAW_LINE" in
*'"name":"g-00001"'*) fail "g-00001 listed after it went" ;;
*'{"n":6,"name":"k-00005"'*'{"n":8,"name":"k-00006"'*'{"n":9,"name":"k-00007"'*) ;;
*) fail "the list after g-00001 went: $RAW_LINE" ;;
esac
ok "join 8 after room 7 went enters k-00006, shown as 8; join 7 is refused"
exit 0
