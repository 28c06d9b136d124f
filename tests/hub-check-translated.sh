#!/bin/bash
# SPDX-License-Identifier: ISC
# --check and the hub's option errors speak the administrator's language
# throughout (French and Korean here): a bad port, a certificate without
# its key, a bad IRC autojoin room, and "configuration OK"; the log of a
# hub that starts stays English.
. "$top_srcdir/tests/lib.sh"

LANGUAGE=fr "$CHATROOM" --help 2>&1 | grep -q "Voir chatroom(1)" ||
	{ echo "no French catalogue: skipped"; exit 77; }

h=$T/history.json
# check LANG EXPECTED ENGLISH OPTION...: the check fails or passes saying
# EXPECTED, and not the English text.
check() {
	local lang=$1 want=$2 english=$3 out
	shift 3
	out=$(LANGUAGE=$lang $VG "$CHATROOM" --serve --insecure \
	    --history "$h" --check "$@" 2>&1)
	grep -qF -- "$want" <<<"$out" ||
	    fail "$lang, $*: not '$want': $out"
	grep -qF -- "$english" <<<"$out" &&
	    fail "$lang, $*: English left: $out"
	return 0
}

check fr "port non valide « 99999 »" "invalid port" --listen :99999
check ko "포트 '99999'이(가) 잘못되었습니다" "invalid port" --listen :99999
check fr "s'utilisent ensemble" "go together" --tls-cert "$T/cert.pem"
check ko "함께 지정해야" "go together" --tls-cert "$T/cert.pem"
check fr "salon non valide" "bad room" --listen "127.0.0.1:$(pick_port)" \
    --irc-listen "127.0.0.1:$(pick_port)" --irc-autojoin 'a b'
check fr "adresse non valide" "bad address" --listen '[::1'
check fr "configuration correcte" "configuration OK" \
    --listen "127.0.0.1:$(pick_port)"
check ko "설정이 올바릅니다" "configuration OK" \
    --listen "127.0.0.1:$(pick_port)"
ok "--check speaks French and Korean throughout"

LANGUAGE=fr start_hub
grep -q "info: chatroom .* hub ready" "$HUB_LOG" ||
    fail "the hub's log is not English: $(cat "$HUB_LOG")"
stop_hub TERM
ok "the log of a hub started in French is English"
exit 0
