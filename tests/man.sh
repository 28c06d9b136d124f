#!/bin/bash
# SPDX-License-Identifier: ISC
# The man pages pass mandoc -Tlint (warnings and worse) and render.
set -u
command -v mandoc >/dev/null || exit 77
rc=0
for page in "$top_srcdir"/man/*.[157]; do
	# Everything mandoc notes, down to style, except links to our own
	# pages, which it can only find once they are installed.
	out=$(mandoc -Tlint "$page" 2>&1 | grep -v 'outdated mandoc.db' |
	    grep -v 'referenced manual not found: Xr chatroom')
	if [ -n "$out" ]; then
		echo "$out"
		rc=1
	fi
	mandoc -Tascii "$page" >/dev/null || rc=1
done
# Every slash command in the table is documented in chatroom(1).
for cmd in $(sed -n 's/^	{ "\([a-z]*\)", .*/\1/p' "$top_srcdir/src/cmd.c"); do
	grep -q "^\.It Ic /$cmd\|Cm /$cmd\|/$cmd" "$top_srcdir/man/chatroom.1" ||
	    { echo "/$cmd is not in chatroom.1"; rc=1; }
done
exit $rc
