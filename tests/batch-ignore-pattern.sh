#!/bin/bash
# SPDX-License-Identifier: ISC
# /ignore takes nick patterns, as irssi's does: spam* hides every nick
# starting with spam, whatever one a flooder takes next; an address mask,
# which the client cannot apply, is refused in so many words.
. "$top_srcdir/tests/lib.sh"

start_hub
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"
client_say bob "/ignore Spam*"
wait_for "$T/bob.out" "ignoring every nick matching Spam*"
client_start spam1 spam1
client_start spam27 spam27
client_start carl carl
wait_for "$T/bob.out" "carl joined #lobby"
client_say spam1 "flood one"
client_say spam27 "/me floods" "/msg bob flood for you"
wait_for "$T/spam27.out" "-> *bob* flood for you"
wait_for "$T/spam1.out" "<spam1> flood one"
client_say carl "after the flood"
wait_for "$T/bob.out" "<carl> after the flood"
grep "flood" "$T/bob.out" | grep -qv "after the flood" &&
    fail "a nick matching the pattern was not ignored: $(grep flood "$T/bob.out")"
ok "/ignore spam* hides every nick that starts with spam"

client_say bob '/ignore *!*@127.0.0.1'
wait_for "$T/bob.err" "only nicks and nick patterns (such as spam*) can be ignored, not addresses"
client_say bob '/ignore **'
wait_for "$T/bob.err" "** would match every nick"
client_say bob "/unignore spam*"
wait_for "$T/bob.out" "no longer ignoring spam*"
client_say spam1 "heard again"
wait_for "$T/bob.out" "<spam1> heard again"
ok "an address mask and a match-all pattern are refused; /unignore lifts a pattern"
exit 0
