#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: lines in flight when the connection goes, that the hub
# stored, are not sent again after a resume whose replay no longer has
# them (more messages came to the room than --history-size keeps): the
# replay is not exact then, and the user is told they may be lost.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

# A proxy between bob and the hub: passes both ways, drops what the hub
# sends while $T/mute exists, closes the connection when $T/cut appears
# (then takes the next one), and closes new ones while $T/hold exists.
cat >"$T/proxy.pl" <<'EOF'
use strict;
use warnings;
use IO::Socket::INET;
use IO::Select;

my ($port, $up, $dir) = @ARGV;
my $l = IO::Socket::INET->new(LocalAddr => "127.0.0.1",
    LocalPort => $port, Listen => 5, ReuseAddr => 1) or die "listen: $!\n";
open(my $f, '>', "$dir/proxy.ready") or die; close($f);

sub put {
	my ($h, $buf) = @_;
	while (length($buf) > 0) {
		my $n = syswrite($h, $buf);
		return 0 unless defined $n;
		substr($buf, 0, $n) = '';
	}
	return 1;
}

while (my $c = $l->accept) {
	if (-e "$dir/hold") {
		close($c);
		next;
	}
	my $u = IO::Socket::INET->new(PeerAddr => "127.0.0.1",
	    PeerPort => $up) or do { close($c); next };
	my $sel = IO::Select->new($c, $u);
	CONN: while (1) {
		if (-e "$dir/cut") {
			unlink("$dir/cut");
			last CONN;
		}
		for my $h ($sel->can_read(0.1)) {
			my $n = sysread($h, my $buf, 65536);
			last CONN unless $n;
			if ($h == $c) {
				put($u, $buf) or last CONN;
			} elsif (! -e "$dir/mute") {
				put($c, $buf) or last CONN;
			}
		}
	}
	close($c);
	close($u);
}
EOF

start_hub --history-size 5 --flush-interval 1 -v
HUB=$HUB_PORT
PROXY=$(pick_port)
perl "$T/proxy.pl" "$PROXY" "$HUB" "$T" &
PIDS="$PIDS $!"
wait_until 10 test -e "$T/proxy.ready" || fail "the proxy did not start"

HUB_PORT=$PROXY tui_start bob bob
tui_wait bob "you joined #lobby"
tui_type bob "/join dev"
tui_keys bob Enter
tui_wait bob "you joined #dev"
# watcher sees every line stored in #dev, as it is.
client_start watcher watcher
client_say watcher "/join dev"
wait_for "$T/watcher.out" "you joined #dev"
tui_keys bob "first" Enter
tui_wait bob "<bob> first"

# bob's next lines reach the hub and are stored, but no answer comes back.
touch "$T/mute"
tui_keys bob "mine 1" Enter "mine 2" Enter "mine 3" Enter
wait_for "$T/watcher.out" "<bob> mine 3"
# Then more messages than the room keeps: bob's are no longer in it.
run_batch writer writer "/join dev" w1 w2 w3 w4 w5 w6
[ "$BATCH_RC" -eq 0 ] || fail "the writer failed"
wait_for "$T/watcher.out" "<writer> w6"

# The connection breaks; bob resumes through the proxy.
rm -f "$T/mute"
touch "$T/cut"
tui_wait bob "disconnected"
tui_wait bob "reconnected: session resumed" 30
tui_wait bob "<writer> w6" 20
wait_until 20 tui_matches bob \
    "lines? sent before the connection was lost (had not reached|were not)" ||
    fail "bob said nothing of his lines in flight: $(tui_screen bob)"
# Give a line sent again the time to come back.
tui_keys bob "last" Enter
wait_for "$T/watcher.out" "<bob> last"
for i in 1 2 3; do
	n=$(grep -c "<bob> mine $i\$" "$T/watcher.out")
	[ "$n" -eq 1 ] || fail "'mine $i' was stored $n times: $(tui_screen bob)"
done
ok "lines stored but out of the replay are not sent again"
tui_has bob "3 lines sent before the connection was lost were not confirmed" ||
    fail "bob was not told his lines may be lost: $(tui_screen bob)"
ok "bob is told that 3 lines may be lost"

# The same across a restart of the hub (kill -9): the history file and
# the journal remember what the room let go of.
tui_type bob "/clear"
tui_keys bob Enter
touch "$T/mute"
tui_keys bob "mine 4" Enter "mine 5" Enter "mine 6" Enter
wait_for "$T/watcher.out" "<bob> mine 6"
run_batch writer writer "/join dev" w7 w8 w9 w10 w11 w12
[ "$BATCH_RC" -eq 0 ] || fail "the writer failed"
wait_for "$T/watcher.out" "<writer> w12"
wait_saved w12
touch "$T/hold"
stop_hub KILL
rm -f "$T/mute"
tui_wait bob "disconnected"
FORCE_PORT=$HUB start_hub --history-size 5 --flush-interval 1
client_start watcher2 watcher2
client_say watcher2 "/join dev"
wait_for "$T/watcher2.out" "end of history"
rm -f "$T/hold"
tui_wait bob "reconnected: session resumed" 60
tui_wait bob "<writer> w12" 20
tui_wait bob "3 lines sent before the connection was lost were not confirmed"
tui_keys bob "last again" Enter
wait_for "$T/watcher2.out" "<bob> last again"
for i in 4 5 6; do
	grep -v '^~' "$T/watcher2.out" | grep -q "<bob> mine $i\$" &&
	    fail "'mine $i' was sent again after the restart"
done
ok "after a restart too, lines out of the replay are not sent again"
exit 0
