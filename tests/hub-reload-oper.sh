#!/bin/bash
# SPDX-License-Identifier: ISC
# A reload that brings another operator password (the file's content
# changed, ADMIN_PASSWORD_FILE names another file, or the key is gone)
# ends operator status as a restart does: each operator of the old
# password is one no more, is told so ("oper_lost", an IRC NOTICE), and
# the hub logs why.  One whose connection is lost is told when it
# resumes.  The same password, from the same file or another, keeps the
# operators.  Operators used to keep their status until a restart.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

CONF=$T/hub.conf
RAWSEQ=10

# Write the config file: conf LINES... (atomically, as editors do).
conf() {
	printf '# hub-reload-oper\n' >"$CONF.new"
	printf '%s\n' "$@" >>"$CONF.new"
	mv "$CONF.new" "$CONF"
}

# Become an operator on a raw connection: oper NAME PASSWORD.
oper() {
	RAWSEQ=$((RAWSEQ + 1))
	raw_send "$1" "{\"type\":\"oper\",\"password\":\"$2\",\"seq\":$RAWSEQ}"
	raw_expect "$1" "\"type\":\"ack\",\"seq\":$RAWSEQ"
}

# Did the hub log that NICK lost operator status, WHY, N times?
logged() {
	[ "$(count_in "$HUB_LOG" "$1: no longer an operator: $2")" = "$3" ] ||
	    fail "not logged $3 times: '$1: no longer an operator: $2'"
}

printf 's3cret\n' >"$T/admin.pw"
printf 's3cret\n' >"$T/same.pw"
printf 'other\n' >"$T/other.pw"
conf "ADMIN_PASSWORD_FILE = $T/admin.pw"
start_irc_hub --config "$CONF" --resume-timeout 60
raw_login a alice
oper a s3cret
raw_login c carol
TC=$TOKEN
oper c s3cret
raw_login b bob
client_start dave dave
wait_for "$T/dave.out" "you joined #lobby"
client_say dave "/oper s3cret"
wait_for "$T/dave.out" "you are now a hub operator"
irc_open o
irc_register o olga
irc_send o "OPER olga s3cret"
irc_wait o " 381 olga :"
# carol's connection is lost: her session waits for her.
n=$(count_in "$HUB_LOG" ": disconnected: ")
exec {RAW_FD[c]}>&-
wait_until 10 eval "[ \$(count_in '$HUB_LOG' ': disconnected: ') -gt $n ]" ||
    fail "the hub did not see carol's connection go"

# The same password, from the same file or another: nothing changes.
hup_reload
conf "ADMIN_PASSWORD_FILE = $T/same.pw"
hup_reload
grep -q "no longer an operator" "$HUB_LOG" && fail "an operator was dropped"
is_oper a || fail "alice lost operator status to the same password"
ok "a reload with the same operator password keeps the operators"

# New content in the file: every operator of the old password goes.
printf 'n3w\n' >"$T/same.pw"
hup_reload
raw_expect a '"code":"oper_lost"'
is_oper a && fail "alice is an operator under a new password"
is_oper b && fail "bob became an operator"
wait_for "$T/dave.err" "you are no longer an operator: /oper again"
irc_wait o "NOTICE olga :You are no longer an IRC operator: the hub's operator password changed; OPER again"
irc_wait o ":olga MODE olga :-o"
irc_send o "MODE olga"
irc_wait o " 221 olga :+"
grep -q " 221 olga :+o" "$T/o.irc" && fail "olga still has +o"
for n in alice dave olga carol; do
	logged "$n" "the operator password changed" 1
done
logged bob "the operator password changed" 0
ok "new content: the operators are told and are none, the log says why"

# carol, whose connection was lost, is told when she resumes.
raw_resumed c "$TC"
raw_expect c '"code":"oper_lost"'
is_oper c && fail "carol is an operator under a new password"
ok "an operator whose connection was lost is told at the resume"

# Another file with another password, then no key at all.
oper a n3w
conf "ADMIN_PASSWORD_FILE = $T/other.pw"
hup_reload
raw_expect a '"code":"oper_lost"'
logged alice "the operator password changed" 2
oper a other
conf "# no operator password"
hup_reload
raw_expect a '"code":"oper_lost"'
is_oper a && fail "alice is an operator on a hub without a password"
logged alice "the hub has no operator password now" 1
wait_until 20 eval "! grep -q '\"oper\"' '$T/history.json'" ||
    fail "the history file still keeps an operator"
ok "another file, or no key: operator status ends"

# A file that cannot be read keeps the password in use, and operators.
conf "ADMIN_PASSWORD_FILE = $T/other.pw"
hup_reload
oper a other
conf "ADMIN_PASSWORD_FILE = $T/missing.pw"
hup_reload
wait_for "$HUB_LOG" "reload: keeping the passwords and message of the day in use"
# Which file, and why: the admin is not left to guess among three.
grep -qF "reload: $CONF:2: ADMIN_PASSWORD_FILE: $T/missing.pw: No such file or directory" \
    "$HUB_LOG" || fail "the missing file is not named: $(grep reload "$HUB_LOG")"
is_oper a || fail "alice lost operator status to a file that is missing"
ok "a password file that cannot be read keeps the operators, and is named"

# A hub password longer than clients take would keep everyone out.
head -c 300 /dev/zero | tr '\0' p >"$T/long.pw"
conf "ADMIN_PASSWORD_FILE = $T/other.pw" "PASSWORD_FILE = $T/long.pw"
hup_reload
wait_for "$HUB_LOG" "reload: $CONF:3: PASSWORD_FILE: $T/long.pw: password longer than 256 bytes"
is_oper a || fail "alice lost operator status to a password too long"
ok "a hub password longer than clients take is refused on reload"
client_stop dave
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exited $HUB_RC"
exit 0
