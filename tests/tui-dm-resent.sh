#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: a direct message the window has already (by its id) is
# dropped when it comes again, as the hub sends again on a resume those
# it passed just before a lost connection: not shown twice, and a
# conversation closed since is not opened again for it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

command -v socat >/dev/null || { echo "no socat"; exit 77; }

# The fake hub: two DMs from bob, the same frames again once $T/go1
# exists and once $T/go2 does, each time followed by a line in #lobby to
# say it is done; it answers every request.
cat >"$T/hub.sh" <<HUB
echo '{"type":"welcome","version":2,"nick":"eve","token":"00112233445566778899aabbccddeeff","resumed":false,"hub":"fake","resume":120}'
echo '{"type":"room","room":"lobby","topic":"","members":["eve","bob"]}'
echo '{"type":"history_end","room":"lobby"}'
dms() {
	echo '{"type":"dm","id":5,"ts":1000,"nick":"bob","to":"eve","text":"only once please"}'
	echo '{"type":"dm","id":6,"ts":1001,"nick":"bob","to":"eve","text":"second words"}'
}
dms
for n in 1 2; do
	while [ ! -e "$T/go\$n" ]; do sleep 0.2; done
	dms
	echo '{"type":"msg","id":1'\$n',"ts":1002,"room":"lobby","nick":"bob","text":"all sent '\$n'"}'
done &
while IFS= read -r line; do
	[[ \$line =~ \"seq\":([0-9]+) ]] &&
	    printf '{"type":"ack","seq":%s}\n' "\${BASH_REMATCH[1]}"
done
exit 0
HUB
socat_serve "bash '$T/hub.sh'"
tui_start eve eve 100 30
tui_wait eve "@bob"
tui_type eve "/window @bob"
tui_keys eve Enter
tui_wait eve "second words"
tui_has eve "only once please" || fail "the first DM is not shown"

# Again while the conversation is open: shown once.
touch "$T/go1"
tui_type eve "/window #lobby"
tui_keys eve Enter
tui_wait eve "all sent 1"
tui_type eve "/window @bob"
tui_keys eve Enter
tui_wait eve "second words"
n=$(tui_screen eve | grep -c "only once please")
[ "$n" -eq 1 ] || fail "the DM is shown $n times: $(tui_screen eve)"
ok "a DM that comes again is shown once"

# Again once the conversation is closed: it stays closed.
tui_type eve "/leave @bob"
tui_keys eve Enter
tui_wait_gone eve "@bob"
touch "$T/go2"
tui_wait eve "all sent 2"
sleep 1
tui_lacks eve "@bob" ||
    fail "a DM shown already opened the conversation: $(tui_screen eve)"
ok "a DM that comes again does not open a closed conversation"
exit 0
