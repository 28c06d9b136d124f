#!/usr/bin/perl
# SPDX-License-Identifier: ISC
# tests/addr-load.pl: one address hammering a hub, bounded in time and count.
#
# Usage: addr-load.pl MODE PORT SOURCE WORKERS SECONDS MAX [PREFIX]
#
# WORKERS processes connect to 127.0.0.1:PORT from the loopback address
# SOURCE, each until SECONDS have passed or the workers together have
# done MAX rounds.  Modes:
#   churn   hello, then quit with a 200-byte reason (issue 19, item 2)
#   ghost   hello, then close without quit: a session left to resume (3)
#   rooms   one login per worker, then joins of new rooms (4)
#   login   one hello; exit 0 if welcomed (another address still gets in)
#   lobby   as login, then print the lobby's members: in all, and those
#           named as this tool names its sessions
#   drop    as login, then close without quit (one ghost)
# Prints "KEY=N" lines: the rounds done, welcomes, and each error code
# seen.
use strict;
use warnings;
use IO::Socket::INET;
use Time::HiRes qw(time);

my ($mode, $port, $src, $workers, $secs, $max, $prefix) = @ARGV;
die "usage: $0 MODE PORT SOURCE WORKERS SECONDS MAX [PREFIX]\n"
    unless defined $max;
$prefix //= 'x';
my $deadline = time + $secs;
my $per = int(($max + $workers - 1) / $workers);

# Open a connection from the source address; undef if refused.
sub connect_hub {
	return IO::Socket::INET->new(PeerAddr => '127.0.0.1',
	    PeerPort => $port, LocalAddr => $src, Proto => 'tcp',
	    Timeout => 5);
}

# Read lines until one matches a pattern (or EOF or 5 s); return it.
sub expect_line {
	my ($s, $re) = @_;
	my $line;
	local $SIG{ALRM} = sub { die "timeout\n" };
	alarm 5;
	eval {
		while (defined($line = <$s>)) {
			last if $line =~ $re;
		}
	};
	alarm 0;
	return $line;
}

# Send hello for a nick; return "welcome" or the error code.
sub hello {
	my ($s, $nick) = @_;
	print $s "{\"type\":\"hello\",\"version\":1,\"nick\":\"$nick\"}\n";
	my $l = expect_line($s, qr/"type":"(welcome|error)"/);
	return 'eof' unless defined $l;
	return 'welcome' if $l =~ /"type":"welcome"/;
	return $l =~ /"code":"([a-z_]+)"/ ? $1 : 'error';
}

my %count;
my $reason = 'r' x 200;

# One worker's rounds.
sub work {
	my ($w) = @_;
	my $i = 0;
	if ($mode eq 'rooms') {
		my $s = connect_hub() or return;
		$s->autoflush(1);
		my $r = hello($s, "$prefix${w}");
		$count{$r}++;
		return unless $r eq 'welcome';
		while ($i < $per && time < $deadline) {
			$i++;
			print $s "{\"type\":\"join\",\"room\":\"$prefix${w}r$i\","
			    . "\"seq\":$i}\n";
			my $l = expect_line($s,
			    qr/"seq":$i\b.*|"type":"(ack|error)".*"seq":$i\b/);
			last unless defined $l;
			if ($l =~ /"type":"ack"/) {
				$count{joined}++;
			} elsif ($l =~ /"code":"([a-z_]+)"/) {
				$count{$1}++;
			}
			# Leave it, so the limit is rooms made, not rooms held.
			print $s "{\"type\":\"leave\",\"room\":\"$prefix${w}r$i\"}\n"
			    if $l =~ /"type":"ack"/;
		}
		$count{rounds} += $i;
		return;
	}
	while ($i < $per && time < $deadline) {
		$i++;
		my $s = connect_hub() or do { $count{connect_failed}++; next };
		$s->autoflush(1);
		my $r = hello($s, "$prefix${w}n$i");
		$count{$r}++;
		if ($r eq 'welcome' && $mode eq 'churn') {
			print $s "{\"type\":\"quit\",\"reason\":\"$reason\"}\n";
			expect_line($s, qr/^\0/);	# until the hub closes
		}
		close $s;
	}
	$count{rounds} += $i;
}

if ($mode eq 'login' || $mode eq 'lobby' || $mode eq 'drop') {
	# Just after a load run a connect can fail (the source's ports
	# still in TIME_WAIT, a full accept queue): no session was made, so
	# trying again for a while is safe.
	my $s;
	for my $try (1 .. 20) {
		last if $s = connect_hub();
		select(undef, undef, undef, 0.5);
	}
	unless ($s) {
		print "connect=$!\n";
		exit 1;
	}
	$s->autoflush(1);
	my $r = hello($s, $prefix);
	print "login=$r\n";
	exit 1 unless $r eq 'welcome';
	if ($mode eq 'lobby') {
		my $l = expect_line($s, qr/"type":"room"/) // '';
		my ($list) = $l =~ /"members":\[([^\]]*)\]/;
		my @m = split /,/, $list // '';
		print "members=", scalar(@m), "\n";
		print "load=", scalar(grep { /^"[a-z]+\d+n\d+"$/ } @m), "\n";
		print "names=", join(' ', map { tr/"//dr } @m), "\n";
	}
	exit 0;
}

# Workers report through a pipe; the parent adds their counts up.
pipe(my $rd, my $wr) or die "pipe: $!";
my @pids;
for my $w (1 .. $workers) {
	my $pid = fork;
	die "fork: $!" unless defined $pid;
	if ($pid == 0) {
		close $rd;
		work($w);
		print $wr join(' ', map { "$_=$count{$_}" } keys %count), "\n";
		close $wr;
		exit 0;
	}
	push @pids, $pid;
}
close $wr;
my %total;
while (my $line = <$rd>) {
	for (split ' ', $line) {
		my ($k, $v) = split /=/;
		$total{$k} += $v;
	}
}
waitpid($_, 0) for @pids;
$total{rounds} //= 0;
$total{welcome} //= 0;
print "$_=$total{$_}\n" for sort keys %total;
