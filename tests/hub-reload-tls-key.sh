#!/bin/bash
# SPDX-License-Identifier: ISC
# A TLS certificate or key the hub cannot use is named with the setting
# that gave it, as other files are (MOTD_FILE): "hub.conf:3: TLS_KEY:
# /x/key.pem is encrypted: ..." from the config file, "--tls-key: ..." from
# the command line, at a start, with --check and at a reload.  The error
# used to name the file alone, leaving an administrator to find which
# setting held it.
. "$top_srcdir/tests/lib.sh"
command -v openssl >/dev/null || exit 77
INSECURE=

CONF=$T/hub.conf
ENC="is encrypted: give the hub a key without a passphrase"

# Write the config file: conf LINES... (a comment first, so lines count).
conf() {
	printf '# hub-reload-tls-key\n' >"$CONF.new"
	printf '%s\n' "$@" >>"$CONF.new"
	mv "$CONF.new" "$CONF"
}

# A start that must be refused, saying TEXT: refused NAME TEXT OPTIONS.
refused() {
	local name=$1 text=$2
	shift 2
	timeout 30 $VG "$CHATROOM" --serve --listen "127.0.0.1:$(pick_port)" \
	    --history "$T/$name/history.json" "$@" </dev/null \
	    >"$T/$name.err" 2>&1 && fail "$name: the hub started"
	grep -qF -- "chatroom: $text" "$T/$name.err" ||
	    fail "$name: not 'chatroom: $text': $(cat "$T/$name.err")"
}

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$T/good-key.pem" -out "$T/good-cert.pem" -days 30 \
    -subj /CN=good 2>/dev/null || fail "openssl req"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes128 \
    -pass pass:x -out "$T/enc-key.pem" 2>/dev/null || fail "openssl genpkey"

conf "TLS_CERT = $T/good-cert.pem" "TLS_KEY = $T/enc-key.pem"
refused file "$CONF:3: TLS_KEY: $T/enc-key.pem $ENC" --config "$CONF"
refused check "$CONF:3: TLS_KEY: $T/enc-key.pem $ENC" --config "$CONF" \
    --check
refused option "--tls-key: $T/enc-key.pem $ENC" \
    --tls-cert "$T/good-cert.pem" --tls-key "$T/enc-key.pem"
conf "TLS_KEY = $T/good-key.pem" "TLS_CERT = $T/good-key.pem"
refused cert "$CONF:3: TLS_CERT: $T/good-key.pem is not a PEM certificate" \
    --config "$CONF"
ok "a start and --check name TLS_KEY or TLS_CERT, or --tls-key"

# A reload: the key the file now names is encrypted.
conf "TLS_CERT = $T/good-cert.pem" "TLS_KEY = $T/good-key.pem"
start_hub --config "$CONF"
conf "TLS_CERT = $T/good-cert.pem" "TLS_KEY = $T/enc-key.pem"
hup_reload
wait_for "$HUB_LOG" "reload: $CONF:3: TLS_KEY: $T/enc-key.pem $ENC; keeping the certificate in use"
stop_hub TERM
[ "$HUB_RC" = 0 ] || fail "hub exited $HUB_RC"
ok "a reload names the TLS_KEY it cannot use"
exit 0
