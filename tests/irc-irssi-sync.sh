#!/bin/bash
# SPDX-License-Identifier: ISC
# irssi with its default flood settings (cmd_queue_speed 2200 ms,
# cmds_max_at_once 5, max_query_chans 1) autojoins two channels through a
# proxy that logs the traffic with times.  Both channels sync: each of
# irssi's sync queries (MODE, WHO, MODE b) gets its last reply at once,
# so the time irssi reports is only that of its own command queue, which
# sends one command every 2.2 s or so to any server (InspIRCd 3 shows the
# same 17 to 20 s for two channels).  With a short queue (cmd_queue_speed
# 200ms, as chatroom-irc(7) suggests) irssi still sends a queued line at
# most every 500 ms, and both channels sync in a few seconds.
. "$top_srcdir/tests/lib.sh"
command -v irssi >/dev/null || { echo "no irssi: skipped"; exit 77; }
command -v perl >/dev/null || { echo "no perl: skipped"; exit 77; }
. "$top_srcdir/tests/tui-lib.sh"
. "$top_srcdir/tests/irc-client-lib.sh"

# What irssi sends now costs it about 2.5 s of queue a line; after the
# welcome it queues MODE +i, JOIN and 3 queries a channel, so two
# channels sync some 20 s after the JOIN was asked for.
SYNC_MAX=30
# Its 500 ms timer alone: 8 lines, 4 s.
FAST_MAX=8
[ -n "$VG" ] && FAST_MAX=12
# The hub answers a query within this many milliseconds (valgrind and
# a loaded machine included).
REPLY_MAX=1500
[ -n "$VG" ] && REPLY_MAX=5000

# A proxy for one connection, run as: perl -e "$PROXY" PORT IRC-PORT FILE.
# It writes each line to FILE as "MS > LINE" (from irssi) or "MS < LINE"
# (from the hub), MS the milliseconds since the epoch when it came.
PROXY=$(cat <<'EOF'
use strict; use warnings;
use IO::Socket::INET; use IO::Select; use IO::Handle;
use Time::HiRes qw(time);
my ($lport, $port, $file) = @ARGV;
my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $lport,
    Listen => 1, ReuseAddr => 1) or die "listen: $!\n";
open(my $log, '>', $file) or die "$file: $!\n";
$log->autoflush(1);
my $c = $l->accept or die "accept: $!\n";
my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port)
    or die "connect: $!\n";
my %peer = ($c => $s, $s => $c);
my %dir = ($c => '>', $s => '<');
my %buf = ($c => '', $s => '');
my $sel = IO::Select->new($c, $s);
for (;;) {
	for my $h ($sel->can_read) {
		my $n = sysread($h, my $data, 65536);
		exit 0 unless $n;
		my $ms = int(time * 1000);
		syswrite($peer{$h}, $data);
		$buf{$h} .= $data;
		while ($buf{$h} =~ s/^([^\n]*)\n//) {
			(my $line = $1) =~ s/\r$//;
			print $log "$ms $dir{$h} $line\n";
		}
	}
}
EOF
)

# Write an irssi home: sync_home DIR NICK PORT [QUEUE-SPEED]; without a
# speed, nothing about flood control.
sync_home() {
	local queue=
	[ -n "${4:-}" ] &&
	    queue="\"irc/core\" = { cmd_queue_speed = \"$4\"; };"
	mkdir -p "$1"
	cat >"$1/config" <<CONF
servers = (
  {
    address = "127.0.0.1"; chatnet = "chat"; port = "$3";
    use_tls = "no"; autoconnect = "yes";
  }
);
chatnets = { chat = { type = "IRC"; }; };
channels = (
  { name = "#lobby"; chatnet = "chat"; autojoin = "yes"; },
  { name = "#dev"; chatnet = "chat"; autojoin = "yes"; }
);
settings = {
  $queue
  core = {
    real_name = "irssi user"; user_name = "$2"; nick = "$2";
    settings_autosave = "no";
  };
  "fe-common/core" = {
    autolog = "yes"; autolog_path = "$1/logs/\\\$tag/\\\$0.log";
  };
};
CONF
}

# The seconds irssi says a channel took to sync: synced_secs DIR CHANNEL.
synced_secs() {
	sed -n "s/.*Join to $2 was synced in \([0-9]*\) secs.*/\1/p" \
	    "$1/logs/chat/$2.log" 2>/dev/null | head -n 1
}

# Wait until irssi has synced both channels: wait_synced DIR.
wait_synced() {
	local chan
	for chan in "#lobby" "#dev"; do
		wait_until 60 eval "[ -n \"\$(synced_secs '$1' '$chan')\" ]" ||
		    fail "irssi never synced $chan"
	done
}

# The time the hub took to end its answer to a line irssi sent:
# reply_ms LINE END, END a regular expression for the answer's last line.
# LINE may go on with WHOX fields (" %..."), which irssi adds to WHO when
# ISUPPORT says WHOX.  Empty if irssi never sent it or the hub never
# answered.
reply_ms() {
	awk -v q="$1" -v end="$2" '
	    !sent && $2 == ">" && (substr($0, index($0, ">") + 2) == q ||
	    index(substr($0, index($0, ">") + 2), q " %") == 1) {
		sent = $1; next }
	    sent && $2 == "<" && $0 ~ end { print $1 - sent; exit }
	' "$T/traffic"
}

ic_start_hub
PROXY_PORT=$(pick_port)
(
	close_client_fds
	exec perl -e "$PROXY" "$PROXY_PORT" "$IRC_PORT" "$T/traffic" \
	    2>"$T/proxy.err"
) &
PIDS="$PIDS $!"
wait_until 10 eval "ss -Hltn \"sport = :$PROXY_PORT\" | grep -q ." ||
    fail "the proxy is not listening"

I=$T/irssi
sync_home "$I" syn "$PROXY_PORT"
irssi_run irssi "$I"
# irssi's own pace: some 20 s, whatever the server.
wait_synced "$I"
ok "irssi synced #lobby in $(synced_secs "$I" "#lobby") s and #dev in" \
    "$(synced_secs "$I" "#dev") s with its default flood settings"

# Each sync query was answered at once: the wait is irssi's.
for chan in "#lobby" "#dev"; do
	for q in "MODE $chan/ 329 syn $chan " "WHO $chan/ 315 syn $chan " \
	    "MODE $chan b/ 368 syn $chan "; do
		ms=$(reply_ms "${q%%/*}" "${q#*/}")
		[ -n "$ms" ] || fail "'${q%%/*}' not sent or not answered"
		[ "$ms" -le "$REPLY_MAX" ] ||
		    fail "'${q%%/*}' answered after $ms ms"
	done
done
grep -q "> WHO #dev %" "$T/traffic" || fail "irssi did not use WHOX"
ok "each of irssi's 6 sync queries answered within $REPLY_MAX ms"
for chan in "#lobby" "#dev"; do
	[ "$(synced_secs "$I" "$chan")" -le "$SYNC_MAX" ] ||
	    fail "$chan synced in $(synced_secs "$I" "$chan") s, over $SYNC_MAX"
done
ok "both channels synced within irssi's own pace ($SYNC_MAX s)"

# With a short queue, the hub adds nothing to irssi's 500 ms timer.
sync_home "$T/fast" fast "$IRC_PORT" 200ms
irssi_run fast "$T/fast"
wait_synced "$T/fast"
for chan in "#lobby" "#dev"; do
	[ "$(synced_secs "$T/fast" "$chan")" -le "$FAST_MAX" ] ||
	    fail "$chan synced in $(synced_secs "$T/fast" "$chan") s" \
	    "with cmd_queue_speed 200ms, over $FAST_MAX"
done
ok "with cmd_queue_speed 200ms: #lobby synced in" \
    "$(synced_secs "$T/fast" "#lobby") s, #dev in" \
    "$(synced_secs "$T/fast" "#dev") s"
exit 0
