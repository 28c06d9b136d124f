# SPDX-License-Identifier: ISC
# tests/flood-lib.sh: a malicious hub that floods a client (bash).
#
# Sourced after tests/lib.sh.  The hub is a bash script behind socat
# speaking the JSON protocol: it sends a challenge, takes any hello,
# welcomes "eve", puts her in a lobby of
# FLOOD_MEMBERS members, and sends a DM from "first"; then (at once, or
# when she sends a DM whose text is "flood-now") FLOOD_DMS DMs from as
# many nicks, and a last DM from "first" saying "end of flood".  Frames
# in the file FLOOD_PRE, if set, follow the DM from "first", and those in
# FLOOD_POST come before the end of the flood.  It
# answers "names" with the whole member list and any other request with
# an ack (issue 19, item 15); a DM or room message she sends comes back
# to her as a hub echoes it, and a room she asks to join or create is
# joined.

command -v socat >/dev/null || { echo "no socat"; exit 77; }

FLOOD_MEMBERS=${FLOOD_MEMBERS:-60000}
FLOOD_DMS=${FLOOD_DMS:-20000}

# Write the frames, then start the hub: flood_hub_start [trigger].
flood_hub_start() {
	local i
	seq -f '"m%g"' 1 "$((FLOOD_MEMBERS - 1))" | paste -sd, - |
	    sed 's/^/"eve",/' >"$T/members"
	{
		echo '{"type":"welcome","version":1,"nick":"eve","token":"00112233445566778899aabbccddeeff","resumed":false,"hub":"flood","resume":120}'
		printf '{"type":"room","room":"lobby","topic":"","members":[%s]}\n' \
		    "$(cat "$T/members")"
		echo '{"type":"dm","id":1,"ts":1,"nick":"first","to":"eve","text":"hello from first"}'
		[ -z "${FLOOD_PRE:-}" ] || cat "$FLOOD_PRE"
	} >"$T/welcome"
	for ((i = 1; i <= FLOOD_DMS; i++)); do
		printf '{"type":"dm","id":%d,"nick":"u%d","to":"eve","text":"message %d"}\n' \
		    $((i + 1)) "$i" "$i"
	done >"$T/flood"
	[ -z "${FLOOD_POST:-}" ] || cat "$FLOOD_POST" >>"$T/flood"
	printf '{"type":"dm","id":%d,"nick":"first","to":"eve","text":"end of flood"}\n' \
	    $((FLOOD_DMS + 2)) >>"$T/flood"
	cat >"$T/hub.sh" <<HUB
echo '{"type":"challenge","nonce":"$(printf '%064d' 7)"}'
IFS= read -r hello
cat "$T/welcome"
[ -n "${1:-}" ] || cat "$T/flood"
while IFS= read -r line; do
	seq=0
	[[ \$line =~ \"seq\":([0-9]+) ]] && seq=\${BASH_REMATCH[1]}
	# A DM comes back to her as the hub echoes it.
	if [[ \$line =~ \"type\":\"dm\".*\"to\":\"([^\"]*)\".*\"text\":\"([^\"]*)\" ]]; then
		printf '{"type":"dm","id":%d,"nick":"eve","to":"%s","text":"%s"}\n' \
		    \$((900000 + seq)) "\${BASH_REMATCH[1]}" "\${BASH_REMATCH[2]}"
	fi
	if [[ \$line =~ \"type\":\"msg\".*\"room\":\"([^\"]*)\".*\"text\":\"([^\"]*)\" ]]; then
		printf '{"type":"msg","id":%d,"room":"%s","nick":"eve","text":"%s"}\n' \
		    \$((950000 + seq)) "\${BASH_REMATCH[1]}" "\${BASH_REMATCH[2]}"
	fi
	if [[ \$line =~ \"type\":\"(join|create)\".*\"room\":\"([^\"]*)\" ]]; then
		printf '{"type":"joined","room":"%s","nick":"eve"}\n' \
		    "\${BASH_REMATCH[2]}"
	fi
	case \$line in
	*'"text":"flood-now"'*)
		cat "$T/flood"
		;;
	*'"type":"names"'*)
		printf '{"type":"namelist","seq":%s,"room":"lobby","members":[%s]}\n' \
		    "\$seq" "\$(cat "$T/members")"
		continue
		;;
	esac
	[ "\$seq" -gt 0 ] && printf '{"type":"ack","seq":%s}\n' "\$seq"
done
exit 0
HUB
	socat_serve "bash '$T/hub.sh'"
}

# Check that a process's resident memory is under $2 KiB, and say what
# it is.  Under valgrind or AddressSanitizer the figure is the tool's, so
# it is only shown.
rss_check() {
	local rss
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$1/status")
	echo "resident memory after the flood: $rss KiB"
	if [ -n "$VG" ] || [ -n "${TUI_VG:-}" ] ||
	    grep -qa __asan_init "$CHATROOM"; then
		echo "(instrumented: not compared with $2 KiB)"
		return 0
	fi
	[ "$rss" -lt "$2" ] || fail "the client takes $rss KiB"
}
