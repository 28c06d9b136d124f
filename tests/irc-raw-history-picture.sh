#!/bin/bash
# SPDX-License-Identifier: ISC
# History replayed to an IRC client without server-time: [hh:mm] before
# each line, the "[picture W×H]" line after an image's title too.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/irc-raw-lib.sh"

ppm="$T/quads.ppm"
make_quadrants_ppm "$ppm"
start_irc_hub --irc-server-name irc.test
run_batch alice alice "/image $ppm 20"
[ "$BATCH_RC" = 0 ] || fail "sending an image failed"

irc_open p
irc_register p pat
irc_send p "JOIN #lobby"
irc_wait p " 366 pat #lobby :"
irc_wait p "[picture 20"
hhmm='\[[0-2][0-9]:[0-5][0-9]\]'
grep -E "PRIVMSG #lobby" "$T/p.irc"
grep -qE "^:alice!alice@irc.test PRIVMSG #lobby :$hhmm quads.ppm" \
    "$T/p.irc" || fail "no [hh:mm] before the image's title"
grep -qE "^:alice!alice@irc.test PRIVMSG #lobby :$hhmm \[picture 20×5\]" \
    "$T/p.irc" || fail "no [hh:mm] before the picture's line"
ok "replayed without server-time: [hh:mm] before the picture's line too"
