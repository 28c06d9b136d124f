#!/bin/bash
# SPDX-License-Identifier: ISC
# --check tells every fault of a config file at once, in the file's
# order, as a copied sample whose files are all missing has them: not
# one fault per run in an order unrelated to the file.  A start refuses
# the same file naming every file it cannot open.
. "$top_srcdir/tests/lib.sh"

conf=$T/hub.conf
cat >"$conf" <<EOC
LISTEN=127.0.0.1:$(pick_port)
HISTORY=$T/history.json
MOTD_FILE=$T/motd
TLS_CERT=$T/fullchain.pem
TLS_KEY=$T/privkey.pem
PASSWORD_FILE=$T/hub.pw
ADMIN_PASSWORD_FILE=$T/admin.pw
EOC

out=$($VG "$CHATROOM" --serve --check --config "$conf" 2>&1)
rc=$?
[ "$rc" -eq 1 ] || fail "--check exited $rc: $out"
got=$(sed -n 's/^chatroom: .*hub\.conf:\([0-9]*\): \([A-Z_]*\): .*/\1 \2/p' \
    <<<"$out" | tr '\n' ' ')
want="3 MOTD_FILE 4 TLS_CERT 5 TLS_KEY 6 PASSWORD_FILE 7 ADMIN_PASSWORD_FILE "
[ "$got" = "$want" ] || fail "faults told: '$got', not '$want': $out"
ok "--check tells every missing file, in the file's order"

# With the files there but one empty password file, that is told alone.
echo "Welcome" >"$T/motd"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/privkey.pem" -out "$T/fullchain.pem" -days 2 \
    -subj /CN=localhost >/dev/null 2>&1 || fail "openssl req"
: >"$T/hub.pw"
echo oper-pw >"$T/admin.pw"
out=$($VG "$CHATROOM" --serve --check --config "$conf" 2>&1)
[ "$(grep -c '^chatroom: ' <<<"$out")" -eq 1 ] &&
    grep -q "hub.conf:6: PASSWORD_FILE" <<<"$out" ||
    fail "an empty password file: $out"
ok "a single fault is told alone"

echo team-pw >"$T/hub.pw"
out=$($VG "$CHATROOM" --serve --check --config "$conf" 2>&1) ||
    fail "a good file: $out"
grep -q "configuration OK" <<<"$out" || fail "a good file: $out"
ok "the fixed file passes"
exit 0
