#!/bin/bash
# SPDX-License-Identifier: ISC
# The bash completion offers every option "chatroom --help" lists, and no
# other: the hub's after --serve, --json and --live after --batch only,
# --help and --version everywhere.  Run without the bash-completion
# package's helpers, as the completion's own fallback does.
. "$top_srcdir/tests/lib.sh"

comp="$top_srcdir/data/chatroom.bash-completion"
# The options offered after the words given: offered [WORD...]
offered() {
	bash --norc --noprofile -c '
		source "$1"; shift
		COMP_WORDS=(chatroom "$@" -)
		COMP_CWORD=$(( $# + 1 ))
		_chatroom
		printf "%s\n" "${COMPREPLY[@]}"' sh "$comp" "$@" | sort -u
}
# The options of the help text (on stdin).
options_of() {
	grep -oE '(^|[ ,[])--?[a-z][a-z-]*' | sed 's/^[ ,[]*//' | sort -u
}

LC_ALL=C "$CHATROOM" --help >"$T/help.out" 2>&1 || fail "--help failed"
options_of <"$T/help.out" >"$T/help.opts"
[ "$(wc -l <"$T/help.opts")" -gt 40 ] ||
    fail "too few options in --help: $(cat "$T/help.opts")"
offered >"$T/client.opts"
offered --batch >"$T/batch.opts"
offered --serve >"$T/serve.opts"
sort -u "$T/client.opts" "$T/batch.opts" "$T/serve.opts" >"$T/all.opts"
if ! diff -u "$T/help.opts" "$T/all.opts" >"$T/diff.out"; then
	cat "$T/diff.out"
	fail "the completion's options differ from --help's (- only in --help, + only in the completion)"
fi
ok "the completion offers every option of --help, and no other"

# The hub's sections of --help, all offered after --serve (but --serve).
sed -n '/^Hub:/,/^  -a, --address/p' "$T/help.out" | sed '$d' |
    options_of | grep -vx -- --serve >"$T/hub.opts"
missing=$(comm -23 "$T/hub.opts" "$T/serve.opts")
[ -z "$missing" ] || fail "not offered after --serve: $missing"
for o in --json --live; do
	grep -qx -- "$o" "$T/batch.opts" || fail "$o not offered after --batch"
	grep -qx -- "$o" "$T/client.opts" &&
	    fail "$o offered to the terminal client, where it is an error"
done
for f in client batch serve; do
	for o in --help --version; do
		grep -qx -- "$o" "$T/$f.opts" || fail "$o not offered ($f)"
	done
done
ok "each option where it is valid"

# A prefix completes: "--room" after --serve, "--li" after --batch.
[ "$(offered --serve | grep -c '^--room-')" -ge 4 ] || fail "--room-*"
bash --norc --noprofile -c 'source "$1"
	COMP_WORDS=(chatroom --batch --li); COMP_CWORD=2; _chatroom
	echo "${COMPREPLY[*]}"' sh "$comp" | grep -qx -- "--live" ||
    fail "chatroom --batch --li does not complete --live"
ok "prefixes complete"
exit 0
