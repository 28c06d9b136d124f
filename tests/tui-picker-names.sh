#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a room name or nick the client refuses itself (room
# picker, /join, /create, /nick) gives the cause in the user's language,
# not the hub's English inside a translated line.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)" ||
    { echo "no French catalogue: skipped"; exit 77; }

start_hub
run_batch setup setup "/create dev"
[ "$BATCH_RC" = 0 ] || fail "setup could not make #dev"

tui_start bob bob 100 30 LANGUAGE=fr
tui_wait bob "vous avez rejoint #lobby"
tui_wait bob "filtre :"
tui_type bob "-dev"
tui_keys bob Enter
tui_wait_gone bob "filtre :"
tui_wait bob "un nom de salon ne peut pas commencer par « - »"
tui_has bob "may not" && fail "English cause in the picker's refusal"
ok "the picker refuses a name with a French cause"

tui_type bob "/join +dev"
tui_keys bob Enter
tui_wait bob "un nom de salon ne peut pas commencer par « + »"
tui_type bob "/create a,b"
tui_keys bob Enter
tui_wait bob "un nom de salon ne peut contenir ni espace, ni virgule"
tui_type bob "/nick 9lives"
tui_keys bob Enter
tui_wait bob "un pseudo ne peut pas commencer par un chiffre"
tui_type bob "/nick bob!web"
tui_keys bob Enter
tui_wait bob "un pseudo ne peut contenir ni « ! », ni « @ »"
tui_has bob "may not" && fail "English cause in a command's refusal"
ok "/join, /create and /nick refuse with a French cause"

tui_start kim kim 100 30 LANGUAGE=ko
tui_wait kim "필터: "
tui_keys kim Escape
tui_wait_gone kim "필터: "
tui_type kim "/join *x"
tui_keys kim Enter
tui_wait kim "방 이름은 '*'(으)로 시작할 수 없습니다"
tui_type kim "/nick 9lives"
tui_keys kim Enter
tui_wait kim "닉네임은 숫자로 시작할 수 없습니다"
tui_has kim "may not" && fail "English cause in Korean"
ok "and with a Korean cause"

# --batch refuses the same way (and, under valgrind, frees what it made).
LANGUAGE=fr run_batch frank frank "/join -x" "/create a,b" "/nick 9x" \
    "/nick bob!web" "/join ok-room"
grep -q "un nom de salon ne peut pas commencer par « - »" "$T/frank.err" ||
    fail "batch: no French cause for /join -x"
grep -q "un pseudo ne peut pas commencer par un chiffre" "$T/frank.err" ||
    fail "batch: no French cause for /nick 9x"
grep -q "may not" "$T/frank.err" && fail "batch: an English cause"
grep -q "#ok-room" "$T/frank.out" || fail "batch: /join ok-room failed"
ok "--batch gives the causes in French too"

# The hub's words stay English on the wire.
raw_open r
raw_send r '{"type":"hello","version":1,"nick":"9lives"}'
raw_expect r "may not start with a digit"
ok "the hub's cause stays English"
exit 0
