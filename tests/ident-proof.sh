#!/bin/bash
# SPDX-License-Identifier: ISC
# A proof, not a password: what a client sends in hello (recorded by a
# relay standing in for a fake hub) never logs anyone in again, a token
# alone does not resume a session a key opened, a signature is bound to
# the hub's certificate, and claims made with a version 1 secret move to
# the key once.
. "$top_srcdir/tests/lib.sh"
for tool in openssl socat xxd sha256sum; do
	command -v "$tool" >/dev/null || exit 77
done

ZEROS=0000000000000000000000000000000000000000000000000000000000000000

# The hex public key of a PEM private key.
pubkey() {
	openssl pkey -in "$1" -pubout -outform DER | tail -c 32 | xxd -p -c 64
}

# On raw connection NAME, read the challenge and send a hello for NICK
# signed with KEYFILE over certificate hash FP; EXTRA adds fields.
signed_hello() {
	local name=$1 nick=$2 keyfile=$3 fp=$4 extra=${5:-} nonce sig
	raw_expect "$name" '"type":"challenge"'
	nonce=$(sed 's/.*"nonce":"\([0-9a-f]*\)".*/\1/' <<<"$RAW_LINE")
	{
		printf 'chatroom hello v2\0'
		printf '%s%s' "$nonce" "$fp" | xxd -r -p
		printf '%s' "$nick"
	} >"$T/transcript"
	sig=$(openssl pkeyutl -sign -rawin -inkey "$keyfile" \
	    -in "$T/transcript" | xxd -p -c 64)
	raw_send "$name" "{\"type\":\"hello\",\"version\":2,\"nick\":\"$nick\",\
\"key\":\"$(pubkey "$keyfile")\",\"sig\":\"$sig\"$extra}"
}

start_hub
REAL_PORT=$HUB_PORT

# The key is made on first use, mode 0600; the hub keeps the public half.
client_start watcher watcher
wait_for "$T/watcher.out" "you joined #lobby"

# alice goes through a relay that records everything, as a fake hub
# (or anyone reading an --insecure connection) would.
RELAY_PORT=$(pick_port)
socat_start relay -v "TCP-LISTEN:$RELAY_PORT,bind=127.0.0.1,reuseaddr,fork" \
    "TCP:127.0.0.1:$REAL_PORT"
HUB_PORT=$RELAY_PORT client_start alice alice
wait_for "$T/alice.out" "you joined #lobby"
key="$T/state/alice/chatroom/key"
[ "$(stat -c %a "$key")" = 600 ] || fail "the key is not mode 0600"
grep -q "BEGIN PRIVATE KEY" "$key" || fail "no private key in $key"
[ ! -e "$T/state/alice/chatroom/secret" ] || fail "a secret was made"
wait_until 20 grep -qF "\"key\":\"$(pubkey "$key")\"" "$T/history.json" ||
    fail "the claim does not hold alice's public key"
grep -qF "$(sed -n 2p "$key")" "$T/history.json" &&
    fail "the private key reached the hub"
ok "a key pair is made (mode 0600); the hub keeps its public half"

hello=$(grep -a '^{"type":"hello"' "$T/relay.err" | head -n 1)
case "$hello" in
*'"sig":"'*) ;;
*) fail "no signed hello recorded: $hello" ;;
esac
case "$hello" in
*secret*) fail "the hello still carries a secret" ;;
esac
token=$(grep -a '"type":"welcome"' "$T/relay.err" | head -n 1 |
    sed 's/.*"token":"\([0-9a-f]*\)".*/\1/')
[ -n "$token" ] || fail "no token recorded"

# Replaying the recorded hello to the real hub fails.
raw_open replay
raw_send replay "$hello"
raw_expect replay '"code":"bad_proof"'
raw_closed replay 10 || fail "the replayed hello left the connection open"
client_say alice "still me"
wait_for "$T/watcher.out" "<alice> still me"
ok "a recorded hello replayed to the real hub is refused"

# alice's connection drops: her session waits for her, but a recorded
# token does not resume it, with or without the recorded proof.
{ kill -9 "${CLIENT_PID[alice]}"; wait "${CLIENT_PID[alice]}"; } 2>/dev/null
wait_for "$T/watcher.out" "alice lost"
raw_open tok
raw_send tok "{\"type\":\"hello\",\"version\":2,\"token\":\"$token\"}"
raw_expect tok '"code":"bad_token"'
raw_closed tok 10 || fail "connection open after a bare token"
raw_open tok2
raw_send tok2 "${hello%\}},\"token\":\"$token\"}"
raw_expect tok2 '"code":"bad_proof"'
grep -q "alice resumed\|alice took over" "$HUB_LOG" &&
    fail "someone resumed alice's session"

# Another key proving itself properly cannot take the nick in use...
openssl genpkey -algorithm ed25519 -out "$T/mallory.pem" 2>/dev/null
raw_open mal
signed_hello mal alice "$T/mallory.pem" "$ZEROS"
raw_expect mal '"code":"nick_taken"'
# ...while alice's own key, signing this challenge, resumes her session
# (so the refusals above are not the signer's fault).
raw_open own
signed_hello own alice "$key" "$ZEROS" ",\"token\":\"$token\""
raw_expect own '"resumed":true'
ok "a token alone, or with a recorded proof, does not resume a session"

# A version 1 hello with a secret is refused, naming the version.
raw_open v1
raw_send v1 '{"type":"hello","version":1,"nick":"old","secret":"0123456789abcdef0123"}'
raw_expect v1 '"code":"version"'
ok "a version 1 hello that carries a secret is refused"
stop_hub TERM

# A claim made with a version 1 secret moves to the key of the client
# holding that secret, once, with nothing to do.
secret=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
hash=$(printf 'carol\n%s' "$secret" | sha256sum | cut -c1-64)
now=$(( $(date +%s) * 1000 ))
history_unseal "$T/history.json"	# edited by hand: no checksum
sed "s/\"claims\":\[[^]]*\]/\"claims\":[{\"nick\":\"carol\",\"hash\":\"$hash\",\"seen\":$now}]/" \
    "$T/history.json" >"$T/old.json"
mv "$T/old.json" "$T/history.json"
grep -q "\"hash\":\"$hash\"" "$T/history.json" || fail "could not plant a claim"
FORCE_PORT=$REAL_PORT start_hub
run_batch thief carol "not mine"
[ "$BATCH_RC" -ne 0 ] || fail "a client without the secret took carol"
mkdir -p "$T/state/carol/chatroom"
printf '%s\n' "$secret" >"$T/state/carol/chatroom/secret"
chmod 600 "$T/state/carol/chatroom/secret"
run_batch carol carol "mine"
[ "$BATCH_RC" -eq 0 ] || fail "the secret's owner was refused: $(cat "$T/carol.err")"
grep -q "claim on carol moved to a key" "$HUB_LOG" || fail "claim not moved"
grep -q "$secret" "$T/relay.err" "$HUB_LOG" && fail "the secret was shown"
wait_until 20 grep -qF "\"nick\":\"carol\",\"key\":\"$(pubkey \
    "$T/state/carol/chatroom/key")\"" "$T/history.json" ||
    fail "the claim on carol does not hold her key"
# The secret alone no longer owns carol.
mkdir -p "$T/state/carol2/chatroom"
cp "$T/state/carol/chatroom/secret" "$T/state/carol2/chatroom/secret"
printf 'x\n' | XDG_STATE_HOME="$T/state/carol2" "$CHATROOM" --batch \
    --insecure "carol@127.0.0.1:$REAL_PORT" >"$T/c2.out" 2>"$T/c2.err" &&
    fail "the old secret still owns carol after the move"
grep -q "claimed" "$T/c2.err" || fail "no 'claimed' error: $(cat "$T/c2.err")"
ok "an old claim moves to its owner's key once; the secret never goes out"
stop_hub TERM

# Over TLS the proof names the hub's certificate: a signature a relay
# with another certificate obtained is worth nothing here.
INSECURE=
start_hub
fp=$(openssl x509 -noout -fingerprint -sha256 -in "$T/hub-cert.pem" |
    sed 's/.*=//; s/://g' | tr 'A-F' 'a-f')
TLS_PORT=$HUB_PORT
BRIDGE_PORT=$(pick_port)
socat_start bridge "TCP-LISTEN:$BRIDGE_PORT,bind=127.0.0.1,reuseaddr,fork" \
    "OPENSSL:127.0.0.1:$TLS_PORT,verify=0"
HUB_PORT=$BRIDGE_PORT
raw_open t1
signed_hello t1 alice "$key" 1111111111111111111111111111111111111111111111111111111111111111
raw_expect t1 '"code":"bad_proof"'
raw_open t2
signed_hello t2 alice "$key" "$fp"
raw_expect t2 '"type":"welcome"'
HUB_PORT=$TLS_PORT
ok "over TLS a proof holds only for the hub's own certificate"
exit 0
