#!/bin/bash
# SPDX-License-Identifier: ISC
# Answers bigger than the send queue (issue 19, item 1): a lobby replay
# of control characters or of pictures, a resume after missing more than
# the queue, /rooms with many rooms and /names of a big room of long
# nicks all reach a client that reads them; a client that does not read
# is still cut off.
. "$top_srcdir/tests/lib.sh"

[ "$(ulimit -n)" -gt 600 ] || ulimit -n 1024 2>/dev/null || exit 77

# Read a raw connection until a line with $2 (at most $3 seconds, 30);
# RAW_N counts the lines that had $4 on the way, the last one included.
raw_count() {
	local name=$1 until=$2 secs=${3:-30} what=${4:-} line
	RAW_N=0
	while IFS= read -r -t "$secs" line <&"${RAW_FD[$name]}"; do
		case "$line" in *"$what"*) RAW_N=$(( RAW_N + 1 )) ;; esac
		case "$line" in *"$until"*) RAW_LINE=$line; return 0 ;; esac
	done
	fail "raw connection $name: no line with '$until' ($RAW_N '$what')"
}

# A message text of 4,000 control characters: 24,000 bytes a frame.
ctl=$(printf '\\u0001%.0s' $(seq 1 4000))

start_hub --flood-rate 0 --room-burst 2000 --login-burst 100
raw_open talk
raw_send talk '{"type":"hello","version":1,"nick":"talker"}'
raw_count talk '"type":"history_end"'

# 11 such messages: a lobby replay of 264 KB, more than the 256 KiB queue.
for i in $(seq 1 11); do
	raw_send talk "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"$ctl\",\"seq\":$i}"
	raw_count talk '"seq":'"$i"','
done
raw_open late
raw_send late '{"type":"hello","version":1,"nick":"late"}'
raw_count late '"type":"welcome"'
raw_count late '"type":"history_end"' 30 '"type":"msg"'
[ "$RAW_N" -eq 11 ] || fail "late got $RAW_N of 11 replayed messages"
run_batch batch1 batcher1 "made it"
[ "$BATCH_RC" = 0 ] || fail "a --batch login failed after the big replay"
ok "a lobby replay of 11 x 24 KB messages reaches a new login"

# 4 pictures of 160 x 100 cells, as the client sends them.
{
	printf 'P6\n160 200\n255\n'
	head -c $(( 160 * 200 * 3 )) /dev/urandom
} >"$T/noise.ppm"
run_batch pics painter "/image $T/noise.ppm 160" "/image $T/noise.ppm 160" \
    "/image $T/noise.ppm 160" "/image $T/noise.ppm 160"
[ "$BATCH_RC" = 0 ] || fail "sending pictures: $(cat "$T/pics.err")"
raw_open late2
raw_send late2 '{"type":"hello","version":1,"nick":"late2"}'
raw_count late2 '"type":"welcome"'
raw_count late2 '"type":"history_end"' 30 '"image":{"w":160,"h":100'
[ "$RAW_N" -eq 4 ] || fail "late2 got $RAW_N of 4 pictures"
ok "a lobby replay with 4 pictures of 160 x 100 reaches a new login"

# A client that missed more than its queue resumes and gets it all.
raw_open rsm
raw_send rsm '{"type":"hello","version":1,"nick":"resumer"}'
raw_count rsm '"type":"welcome"'
token=$(printf '%s' "$RAW_LINE" | sed 's/.*"token":"\([0-9a-f]*\)".*/\1/')
raw_count rsm '"type":"history_end"'
raw_send talk '{"type":"msg","room":"lobby","text":"seen last","seq":20}'
raw_count rsm 'seen last'
last=$(printf '%s' "$RAW_LINE" | sed 's/.*"id":\([0-9]*\).*/\1/')
exec {RAW_FD[rsm]}>&-
raw_count talk '"type":"lost"'
for i in $(seq 21 32); do
	raw_send talk "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"$ctl\",\"seq\":$i}"
	raw_count talk '"seq":'"$i"','
done
raw_open rsm
raw_send rsm "{\"type\":\"hello\",\"version\":1,\"token\":\"$token\",\"last_id\":$last}"
raw_count rsm '"type":"welcome"'
case "$RAW_LINE" in *'"resumed":true'*) ;; *) fail "not resumed: $RAW_LINE" ;; esac
raw_count rsm '"type":"history_end"' 30 '"type":"msg"'
[ "$RAW_N" -eq 12 ] || fail "the resumed client got $RAW_N of 12 missed"
ok "a client that missed 288 KB resumes and gets every message"

# 1,000 rooms with long topics: a room list of about 350 KB.
topic=$(head -c 300 /dev/zero | tr '\0' 't')
reqs=
for i in $(seq 1 1000); do
	reqs+="{\"type\":\"create\",\"room\":\"room-with-a-long-name-$i\",\"topic\":\"$topic\"}"$'\n'
	reqs+="{\"type\":\"leave\",\"room\":\"room-with-a-long-name-$i\"}"$'\n'
done
raw_open maker
raw_send maker '{"type":"hello","version":1,"nick":"maker"}'
raw_count maker '"type":"history_end"'
printf '%s' "$reqs" >&"${RAW_FD[maker]}"
raw_send maker '{"type":"ping","seq":5000}'
raw_count maker '"seq":5000' 60
raw_send maker '{"type":"rooms","seq":5001}'
raw_count maker '"seq":5001' 30 '"type":"roomlist"'
pages=$RAW_N
case "$RAW_LINE" in *'"more":true'*) fail "the last page says more" ;; esac
run_batch list lister "/rooms"
[ "$BATCH_RC" = 0 ] || fail "/rooms failed: $(cat "$T/list.err")"
n=$(grep -c "room-with-a-long-name-" "$T/list.out")
[ "$n" -eq 1000 ] || fail "/rooms showed $n of 1000 rooms"
ok "/rooms with 1,000 rooms and long topics: $pages pages, all shown"

# A reader that does not read is cut off once the lobby's traffic it
# leaves unread passes its queue, even with a replay pending.
raw_open sleepy
raw_send sleepy '{"type":"hello","version":1,"nick":"sleepy"}'
for i in $(seq 100 700); do
	raw_send talk "{\"type\":\"msg\",\"room\":\"lobby\",\"text\":\"$ctl\",\"seq\":$i}"
	raw_count talk '"seq":'"$i"','
	grep -q "sleepy.*send queue exceeded" "$HUB_LOG" && break
done
wait_for "$HUB_LOG" "send queue exceeded" 5
ok "a client that does not read is still cut off"
stop_hub TERM

# A room of long-nick members (scaled: 200 members, 16 KiB queues), each
# nick 28 CJK characters: the room frame (with its pages of members) and
# /names are about 20 KB.
start_hub --flood-rate 0 --send-queue 16384 --max-clients-per-ip 0 \
    --login-burst 1000 \
    --history "$T/big-room.json"
han=$(printf '漢%.0s' $(seq 1 28))
for i in $(seq 1000 1199); do
	raw_open "m$i"
	raw_send "m$i" "{\"type\":\"hello\",\"version\":1,\"nick\":\"$han$i\"}"
done
raw_open reader
raw_send reader '{"type":"hello","version":1,"nick":"reader"}'
raw_count reader '"type":"room"'
printf '%s\n' "$RAW_LINE" >"$T/room.txt"
while IFS= read -r -t 30 line <&"${RAW_FD[reader]}"; do
	case "$line" in *'"type":"history_end"'*) break ;; esac
	printf '%s\n' "$line" >>"$T/room.txt"
done
n=$(grep -o "$han" "$T/room.txt" | wc -l)
[ "$n" -eq 200 ] || fail "the room frame and its pages had $n of 200 long nicks"
[ "$(grep -c '"type":"room_members"' "$T/room.txt")" -ge 1 ] ||
    fail "the room's members came in one frame"
raw_send reader '{"type":"names","room":"lobby","seq":9}'
: >"$T/names.txt"
while IFS= read -r -t 30 line <&"${RAW_FD[reader]}"; do
	case "$line" in *'"type":"namelist"'*) ;; *) continue ;; esac
	printf '%s\n' "$line" >>"$T/names.txt"
	case "$line" in *'"seq":9'*) break ;; esac
done
n=$(grep -o "$han" "$T/names.txt" | wc -l)
pages=$(wc -l <"$T/names.txt")
[ "$n" -eq 200 ] || fail "names gave $n of 200 long nicks"
grep -q '"seq":9' "$T/names.txt" || fail "no last names page"
run_batch names namer "/names lobby"
grep -q "#lobby: 202 members" "$T/names.out" ||
    fail "/names: $(grep lobby "$T/names.out")"
ok "a room of 200 long nicks: room frame and /names ($pages pages) arrive"
for i in $(seq 1000 1199); do exec {RAW_FD[m$i]}>&-; done
exit 0
