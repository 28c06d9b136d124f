#!/bin/bash
# SPDX-License-Identifier: ISC
# The man pages pass mandoc -Tlint (warnings and worse) and render, and
# document every slash command and every client configuration key, which
# the client's sample configuration shows too.
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
	# A list of quoted words in one .Pq ("Pq Ql a , Ql b") renders as
	# one quote inside another: 'a, 'b''.
	out=$(mandoc -Tutf8 "$page" 2>/dev/null | col -b |
	    grep -n "’’\|””")
	if [ -n "$out" ]; then
		echo "${page##*/}: quotes closed twice:"
		echo "$out"
		rc=1
	fi
done
# Every slash command in the table is documented in chatroom(1).
for cmd in $(sed -n 's/^	{ "\([a-z]*\)", .*/\1/p' "$top_srcdir/src/cmd.c"); do
	grep -q "^\.It Ic /$cmd\|Cm /$cmd\|/$cmd" "$top_srcdir/man/chatroom.1" ||
	    { echo "/$cmd is not in chatroom.1"; rc=1; }
done
# And with the same arguments /help gives (cmd.c's table): each word of
# one is a word of the other ("/ban ... RANGE", "/unignore NICK|PATTERN").
while IFS=$'\t' read -r cmd args; do
	line=$(awk -v c="/$cmd" '
	    $1 == ".It" && $2 == "Ic" && $3 == c { print; exit }
	    $1 == ".It" && $2 == "Xo" { xo = 1; buf = ""; next }
	    xo && $1 == ".Xc" {
		if (buf ~ ("^ *\\.Ic " c "( |$)")) { print buf; exit }
		xo = 0; next
	    }
	    xo { buf = buf " " $0 }' "$top_srcdir/man/chatroom.1")
	[ -n "$line" ] || { echo "/$cmd has no entry in chatroom.1"; rc=1; continue; }
	line=$(echo "$line" | sed 's|/[a-z]*||g')	# the command, aliases
	help=$(echo "$args" | tr 'A-Z' 'a-z')
	for w in $(echo "$help" | grep -o '[a-z][a-z]*'); do
		echo "$line" | grep -qw -- "$w" ||
		    { echo "/$cmd: $w of /help is not in chatroom.1"; rc=1; }
	done
	for w in $(echo "$line" | grep -o '\b[a-z][a-z]*\b'); do
		echo "$help" | grep -qw -- "$w" ||
		    { echo "/$cmd: $w of chatroom.1 is not in /help ($args)"; rc=1; }
	done
done < <(sed -n 's/^	{ "\([a-z]*\)", [^,]*, N_("\([^"]*\)").*/\1\t\2/p' \
    "$top_srcdir/src/cmd.c")
# The client's known keys (config.c, which warns of any other) are the
# keys chatroom.conf(5) documents for the client.
known=$(sed -n '/^static const char \*const config_client_keys/,/^};/p' \
    "$top_srcdir/src/config.c" | grep -o '"[A-Z_]*"' | tr -d '"' | sort)
documented=$(sed -n '/^\.Ss Client settings/,/^\.Ss /p' \
    "$top_srcdir/man/chatroom.conf.5" |
    sed -n 's/^\.It Cm \([A-Z_]*\) Ns = .*/\1/p' | sort)
[ -n "$known" ] && [ "$known" = "$documented" ] || {
	echo "client keys known and documented differ:"
	diff <(echo "$known") <(echo "$documented")
	rc=1
}
# And those data/client.conf.sample shows, each once, commented out.
sample=$(sed -n 's/^#\([A-Z_]*\)=.*/\1/p' \
    "$top_srcdir/data/client.conf.sample" | sort)
[ "$known" = "$sample" ] || {
	echo "client keys known and in client.conf.sample differ:"
	diff <(echo "$known") <(echo "$sample")
	rc=1
}
grep -q "Nothing else is read" "$top_srcdir/data/client.conf.sample" && {
	echo "client.conf.sample says no other key is read"
	rc=1
}
# chatroom.conf(5) names the client's key file as chatroom(1) does, not
# the secret older versions wrote.
grep -q 'Pa $XDG_STATE_HOME/chatroom/key$' "$top_srcdir/man/chatroom.conf.5" &&
    ! grep -q 'Pa $XDG_STATE_HOME/chatroom/secret$' \
    "$top_srcdir/man/chatroom.conf.5" || {
	echo "chatroom.conf.5 does not name the client's key file"
	rc=1
}
# debian/README.source names every man page the package ships (a git
# tree; the release tarball has no debian/).
for page in "$top_srcdir"/man/*.[157]; do
	[ -d "$top_srcdir/debian" ] || break
	grep -q "${page##*/}" "$top_srcdir/debian/README.source" || {
		echo "debian/README.source does not name ${page##*/}"
		rc=1
	}
done
# A --check of the packaged config runs as the service's user, who must
# read what it names; root's check would pass files the hub cannot read.
grep -n 'check --config /etc/chatroom' "$top_srcdir/README.md" |
    grep -v 'runuser -u chatroom -- ' && {
	echo "README.md checks /etc/chatroom's config as root"
	rc=1
}
exit $rc
