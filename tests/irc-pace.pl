#!/usr/bin/perl
# SPDX-License-Identifier: ISC
# tests/irc-pace.pl: an IRC (or native) client that asks for long answers,
# then does not read them until told to, for the pace helper of
# tests/lib.sh.
#
# Usage: irc-pace.pl PORT NICK CAPS OUT END COUNT
#
# Connects to 127.0.0.1:PORT with a small receive buffer (so the hub's
# output stops early instead of filling the kernel's buffers) and
# registers as NICK, first asking for the capabilities CAPS ("-": none);
# with CAPS "native", logs in as NICK over the native protocol instead.
# Then sends each line read on standard input up to one ".", prints
# "sent" and its local port, and waits for a line "read" on standard
# input.  Then reads what the hub sends into the file OUT until COUNT
# lines have matched the regular expression END, and prints "done" and
# that count.  Gives up after 60 seconds.
use strict;
use warnings;
use IO::Handle;
use Socket qw(PF_INET SOCK_STREAM SOL_SOCKET SO_RCVBUF pack_sockaddr_in
    inet_aton);

my ($port, $nick, $caps, $out, $end, $count) = @ARGV;
die "usage: $0 PORT NICK CAPS OUT END COUNT\n" unless defined $count;
$SIG{ALRM} = sub { die "irc-pace: $nick: timed out\n" };
alarm 60;
STDOUT->autoflush(1);

socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!\n";
setsockopt($s, SOL_SOCKET, SO_RCVBUF, 4096) or die "SO_RCVBUF: $!\n";
connect($s, pack_sockaddr_in($port, inet_aton('127.0.0.1')))
    or die "connect: $!\n";
$s->autoflush(1);

my $native = $caps eq 'native';
my $eol = $native ? "\n" : "\r\n";
if ($native) {
	print $s qq({"type":"hello","version":2,"nick":"$nick"}\n);
} else {
	print $s "CAP REQ :$caps\r\nCAP END\r\n" if $caps ne '-';
	print $s "NICK $nick\r\nUSER $nick 0 * :$nick\r\n";
}
while (my $line = <$s>) {
	last if $native ? $line =~ /"type":"welcome"/ : $line =~ / 001 /;
}

# The requests, all at once; the answers stay unread meanwhile.
while (my $line = <STDIN>) {
	chomp $line;
	last if $line eq '.';
	print $s "$line$eol";
}
print "sent ", (Socket::unpack_sockaddr_in(getsockname($s)))[0], "\n";
while (my $line = <STDIN>) {
	last if $line =~ /^read/;
}

open(my $fh, '>', $out) or die "$out: $!\n";
my $seen = 0;
while (my $line = <$s>) {
	$line =~ s/\r?\n$//;
	print $fh "$line\n";
	$seen++ if $line =~ /$end/;
	last if $seen >= $count;
}
close($fh);
print "done $seen\n";
