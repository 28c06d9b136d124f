#!/bin/bash
# SPDX-License-Identifier: ISC
# --version names the program and the version of every library it runs
# with, as a bug report needs them; translated like --help.
. "$top_srcdir/tests/lib.sh"

"$CHATROOM" --version >"$T/v.out" 2>"$T/v.err" ||
    fail "--version failed: $(cat "$T/v.err")"
[ -s "$T/v.err" ] && fail "--version wrote to stderr: $(cat "$T/v.err")"
read -r first <"$T/v.out"
[[ $first =~ ^chatroom\ [0-9]+\.[0-9]+ ]] ||
    fail "the first line is not the name and version: $first"
grep -q "^License: ISC$" "$T/v.out" || fail "no licence line"
ok "--version names the program and its licence"

# Each library, with the version pkg-config knows where it is the same
# release (utf8proc's .pc gives its ABI, not its release).
lib_line() {
	grep -q "^  $1 [0-9]" "$T/v.out" ||
	    fail "no '$1 VERSION' line: $(cat "$T/v.out")"
}
for l in libevent OpenSSL ncurses cJSON libcaca Imlib2 utf8proc hiredis; do
	lib_line "$l"
done
if command -v pkg-config >/dev/null; then
	for p in "libevent libevent" "OpenSSL openssl" "ncurses ncursesw" \
	    "cJSON libcjson" "libcaca caca" "Imlib2 imlib2" "hiredis hiredis"
	do
		set -- $p
		v=$(pkg-config --modversion "$2" 2>/dev/null) || continue
		grep -qF "  $1 $v" "$T/v.out" ||
		    fail "$1 is not said as $v: $(grep "  $1 " "$T/v.out")"
	done
fi
ok "--version lists each library with its version"

LANGUAGE=fr "$CHATROOM" --version >"$T/fr.out" 2>&1
grep -q "^Bibliothèques :$" "$T/fr.out" ||
    fail "--version is not in French: $(cat "$T/fr.out")"
ok "--version is translated"
exit 0
