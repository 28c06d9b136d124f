#!/bin/bash
# SPDX-License-Identifier: ISC
# tui_settle waits for a client that is done, not for a still screen: a
# client held up with work to do (here stopped, as a starved one under
# load) leaves the screen still, yet is not settled.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

held=
trap 'rc=$?; [ -n "$held" ] && kill -CONT "$held" 2>/dev/null
    (exit "$rc"); tui_cleanup' EXIT

start_hub
tui_start ann ann
tui_wait ann "you joined #lobby"
tui_settle ann
pid=$(tui_pid ann)
[ -n "$pid" ] || fail "no process id for ann's client"
ok "an idle client settles"

# Stopped before it reads the keys: the screen stays as it was.
kill -STOP "$pid"
held=$pid
tui_type ann "typed while held"
a=$(tui_snapshot ann)
tui_settled ann && fail "a stopped client with keys to read counts as settled"
[ "$(tui_snapshot ann)" = "$a" ] || fail "the screen of a stopped client moved"
tui_lacks ann "typed while held" || fail "a stopped client drew the keys"
ok "a client held up is not settled, though its screen is still"

kill -CONT "$pid"
held=
tui_settle ann
tui_has ann "typed while held" || fail "settled before the keys were drawn"
ok "once it runs again, it settles with the keys drawn"
exit 0
