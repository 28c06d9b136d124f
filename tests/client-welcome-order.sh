#!/bin/bash
# SPDX-License-Identifier: ISC
# A user coming back with a nick they own reads "connected to HOST as
# NICK" first, then "welcome back", then the message of the day, as a
# greeting follows the connection.
. "$top_srcdir/tests/lib.sh"

echo "Be kind." >"$T/motd"
start_hub --motd-file "$T/motd"
run_batch first alice ""
[ "$BATCH_RC" = 0 ] || fail "first login: $(cat "$T/first.err")"
run_batch again alice ""
[ "$BATCH_RC" = 0 ] || fail "second login: $(cat "$T/again.err")"
grep -q "welcome back, alice" "$T/again.out" ||
    fail "no welcome back: $(cat "$T/again.out")"
order=$(grep -n -e "connected to 127.0.0.1 as alice" -e "welcome back" \
    -e "Be kind." "$T/again.out" | sed 's/\].*\(connected\|welcome\|Be\).*/ \1/' |
    cut -d' ' -f2 | tr '\n' ' ')
[ "$order" = "connected welcome Be " ] ||
    fail "order is '$order': $(cat "$T/again.out")"
ok "connected, then welcome back, then the message of the day"
exit 0
