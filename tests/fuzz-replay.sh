#!/bin/bash
# SPDX-License-Identifier: ISC
# Replay the committed fuzz corpora through each fuzz target, without libFuzzer.
#
# Each tests/fuzz/replay-TARGET is the target linked with tests/fuzz/replay.c;
# a target aborts when a property is violated, and a sanitizer build
# (--enable-sanitizers) also fails on memory errors and leaks.

set -u
: "${top_srcdir:=.}"
: "${top_builddir:=.}"

status=0
for t in frame history names irc; do
	bin="$top_builddir/tests/fuzz/replay-$t"
	corpus="$top_srcdir/tests/fuzz/corpus/$t"
	if [ ! -x "$bin" ]; then
		echo "not ok - $bin is not built"
		exit 99
	fi
	if "$bin" "$corpus"; then
		echo "ok - $t corpus replays cleanly"
	else
		echo "not ok - $t corpus (exit status $?)"
		status=1
	fi
done
exit $status
