#!/bin/bash
# SPDX-License-Identifier: ISC
# A bad value or an unknown key in the client's configuration file is
# told in the terminal client's status window, once, with the file and
# line, not only on stderr behind the full screen (walk54 F4); a slip
# for a known key is named.  --batch tells them on stderr.  Both tell
# them in the order of the lines.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

cfg="$T/cfg/chatroom/config"
mkdir -p "$T/cfg/chatroom"
cat >"$cfg" <<'CONF'
HIGHLIGHT=pizza
MOUSE=maybe
HIGHLIGHTS=typo
NOTIFY=bell
COMPLETELY_UNKNOWN=1
LAG_PING=1
SCROLLBACK_BYTES=12
TIMESTAMP=%H:%M
CONF

start_hub
env="XDG_CONFIG_HOME=$T/cfg XDG_STATE_HOME=$T/state"
tui_start one alice 200 40 "$env"
tui_wait one "you joined #lobby"
# #lobby takes the screen: the room list and hotlist point to them.
tui_wait_match one '^ 0 status +6│'
tui_wait one "Act: 0"
tui_keys one M-0
for want in \
    "$cfg:2: MOUSE=maybe: expected yes or no" \
    "$cfg:3: unknown key HIGHLIGHTS, ignored (did you mean HIGHLIGHT?)" \
    "$cfg:4: NOTIFY=bell: expected osc777, osc9 or no" \
    "$cfg:5: unknown key COMPLETELY_UNKNOWN, ignored" \
    "$cfg:6: LAG_PING: invalid value '1' (expected an integer from 5 to 3600)" \
    "$cfg:7: SCROLLBACK_BYTES=12: expected a number of bytes from"; do
	tui_wait one "$want"
done
[ "$(tui_screen one | grep -cF "$cfg:")" -eq 6 ] ||
    fail "not six problems, once each: $(tui_screen one)"
tui_lacks one "$cfg:1:" || fail "a good line was reported"
tui_lacks one "$cfg:8:" || fail "a good line was reported"
ok "the problems of the config file are told in the status window"

# In the order of the lines, not in the order found (unknown keys are
# found as the file is read, values where they are used).
order=$(tui_screen one | grep -oE "^.*$cfg:[0-9]+:" |
    sed 's/.*:\([0-9]*\):$/\1/' | tr '\n' ' ')
[ "$order" = "2 3 4 5 6 7 " ] ||
    fail "the problems are not in the order of the lines: $order
$(tui_screen one)"
ok "the problems are told in the order of the lines"

# --batch says them on stderr, those it reads (not MOUSE or NOTIFY).
XDG_CONFIG_HOME="$T/cfg" run_batch bat bat "/rooms"
[ "$BATCH_RC" -eq 0 ] || fail "a bad setting stopped --batch"
for want in \
    "chatroom: $cfg:3: unknown key HIGHLIGHTS, ignored (did you mean HIGHLIGHT?)" \
    "chatroom: $cfg:6: LAG_PING: invalid value '1'"; do
	grep -qF "$want" "$T/bat.err" ||
	    fail "--batch did not say '$want': $(cat "$T/bat.err")"
done
grep -qF "MOUSE" "$T/bat.err" && fail "--batch judged a setting it ignores"
order=$(grep -oE "^chatroom: $cfg:[0-9]+:" "$T/bat.err" |
    sed 's/.*:\([0-9]*\):$/\1/' | tr '\n' ' ')
[ "$order" = "3 5 6 7 " ] ||
    fail "--batch's problems are not in the order of the lines: $order"
ok "--batch tells them on stderr"
exit 0
