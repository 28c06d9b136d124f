#!/usr/bin/perl
# SPDX-License-Identifier: ISC
# tests/room-pages.pl: a big room's member list, made and read (issue: paged
# room frames).
#
# Usage:
#   room-pages.pl history N R      a history file whose N sessions wait in
#                                  the lobby and rooms big2 to bigR, each
#                                  nick 32 four-byte characters; session
#                                  I has the token sprintf("%032x", I + 1)
#   room-pages.pl check PORT HELLO [rejoin]
#                                  log in with the hello frame, read the
#                                  lobby's room frame, its pages and
#                                  replay; with rejoin, leave the lobby,
#                                  join it again and read it again
#   room-pages.pl slow PORT HELLO  read nothing until a line comes on
#                                  standard input, then every room's
#                                  frame, pages and replay, and apply the
#                                  frames that follow (joined, left) up to
#                                  the answer to a ping
# Each reading prints "members=N pages=P maxline=L dups=D": the members
# the pages gave (for slow, the members after the live frames, one line
# a room, "room=NAME " first), how many frames they came in, the longest
# line and how many nicks came twice.
use strict;
use warnings;
use IO::Socket::INET;
use Socket qw(SOL_SOCKET SO_RCVBUF);
use JSON::PP;

my $mode = shift // die "usage: $0 history|check|slow ...\n";
my $json = JSON::PP->new->utf8;
$SIG{ALRM} = sub { die "room-pages.pl: timed out\n" };
alarm 300;	# a bound on a hang (valgrind makes the hub slow)

# The nick of session i: 29 fixed characters, then i in base 32.
sub nick_of {
	my ($i) = @_;
	my $n = chr(0x2A6A5) x 29;
	$n .= chr(0x20000 + (($i >> (5 * $_)) & 31)) for (2, 1, 0);
	return $n;
}

if ($mode eq 'history') {
	my ($n, $r) = @ARGV;
	my $now = time * 1000;
	my @rooms = ('lobby', map { "big$_" } 2 .. $r);
	my @s = map { { nick => nick_of($_), token => sprintf('%032x', $_ + 1),
	    rooms => [map { { name => $_, last_id => 0 } } @rooms] } }
	    0 .. $n - 1;
	print $json->canonical->encode({ version => 1, next_id => 1,
	    saved => $now, rooms => [map { { name => $_, topic => '',
	    created => $now, messages => [] } } @rooms], claims => [],
	    bans => [], sessions => \@s }), "\n";
	exit 0;
}

my ($port, $hello, $opt) = @ARGV;
die "usage: $0 $mode PORT HELLO\n" unless defined $hello;
# A receive buffer set before connecting bounds the window.
my $sock = IO::Socket::INET->new(Proto => 'tcp') or die "socket: $!\n";
setsockopt($sock, SOL_SOCKET, SO_RCVBUF, 4096) or die "rcvbuf: $!\n"
    if $mode eq 'slow';
$sock->connect(Socket::pack_sockaddr_in($port,
    Socket::inet_aton('127.0.0.1'))) or die "connect: $!\n";
$sock->autoflush(1);
print $sock "$hello\n";
my $maxline = 0;

# The next frame, decoded.
sub frame {
	my $line = <$sock>;
	die "room-pages.pl: connection closed\n" unless defined $line;
	$maxline = length $line if length $line > $maxline;
	return $json->decode($line);
}

# Read up to a room's history_end (the lobby's unless the room frame
# is given); the room, the members its pages gave and so on.
sub read_room {
	my ($f) = @_;
	my $given = defined $f;
	my %m;
	my ($pages, $dups, $more) = (0, 0, 0);

	$f = frame() until defined $f && $f->{type} eq 'room' &&
	    ($given || $f->{room} eq 'lobby');
	for (;;) {
		for (@{$f->{members}}) {
			$dups++ if $m{$_}++;
		}
		$pages++;
		$more = $f->{more};
		last unless $more;
		$f = frame();
		die "room-pages.pl: a $f->{type} frame among the pages\n"
		    unless $f->{type} eq 'room_members';
	}
	do { $f = frame() } until $f->{type} eq 'history_end';
	return ($f->{room}, \%m, $pages, $dups);
}

# Say what a reading gave.
sub report {
	my ($room, $m, $pages, $dups) = @_;
	printf "members=%d pages=%d maxline=%d dups=%d\n", scalar keys %$m,
	    $pages, $maxline, $dups;
}

if ($mode eq 'slow') {
	$| = 1;
	print "ready\n";
	<STDIN>;
	print $sock "{\"type\":\"ping\",\"seq\":99}\n";
	my (%rooms, @order);
	for (;;) {
		my $f = frame();
		last if $f->{type} eq 'pong' && ($f->{seq} // 0) == 99;
		if ($f->{type} eq 'room') {
			my @r = read_room($f);
			$rooms{$r[0]} = \@r;
			push @order, $r[0];
			next;
		}
		my $r = $rooms{$f->{room} // ''} or next;
		$r->[1]{$f->{nick}} = 1 if $f->{type} eq 'joined';
		delete $r->[1]{$f->{nick}} if $f->{type} eq 'left';
	}
	for (@order) {
		print "room=$_ ";
		report(@{$rooms{$_}});
	}
	exit 0;
}
report(read_room());
if (($opt // '') eq 'rejoin') {
	print $sock "{\"type\":\"leave\",\"room\":\"lobby\"}\n";
	print $sock "{\"type\":\"join\",\"room\":\"lobby\"}\n";
	report(read_room());
}
exit 0;
