#!/bin/bash
# SPDX-License-Identifier: ISC
# Terminal client: in a quiet room or a conversation, Tab completes the
# nicks of the other windows too (the room's members first); /window
# completes window names, /help its topics, /topic its -delete.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tui-lib.sh"

start_hub
tui_start alice alice
tui_wait alice "you joined #lobby"
client_start bobby bobby
wait_for "$T/bobby.out" "joined #lobby"
client_start caroline caroline
wait_for "$T/caroline.out" "joined #lobby"
tui_wait alice "caroline joined #lobby"

# #日本語 has alice and bora only: the room's bora comes before #lobby's
# bobby.
tui_type alice "/join 日本語"
tui_keys alice Enter
tui_wait alice "you joined #日本語"
client_start bora bora
wait_for "$T/bora.out" "joined #lobby"
client_say bora "/join 日本語"
tui_wait alice "bora joined #日本語"
tui_type alice "/msg bo"
tui_keys alice Tab
tui_wait_match alice "^\\[#日本語\\] /msg bora$"
tui_keys alice Tab
tui_wait_match alice "^\\[#日本語\\] /msg bobby$"
tui_keys alice C-u
tui_type alice "/whois car"
tui_keys alice Tab
tui_wait_match alice "^\\[#日本語\\] /whois caroline$"
tui_keys alice C-u
tui_type alice "hi @bob"
tui_keys alice Tab
tui_wait_match alice "^\\[#日本語\\] hi @bobby$"
tui_keys alice C-u
ok "a quiet room completes the nicks of other rooms after its own"

# In a conversation: the partner first, then the others.
tui_type alice "/msg caroline psst"
tui_keys alice Enter
tui_wait alice "@caroline"
tui_keys alice M-3
tui_wait alice "[@caroline]"
tui_type alice "@b"
tui_keys alice Tab
tui_wait_match alice "^\\[@caroline\\] @bobby$"
tui_keys alice Tab
tui_wait_match alice "^\\[@caroline\\] @bora$"
tui_keys alice C-u
tui_type alice "/whois c"
tui_keys alice Tab
tui_wait_match alice "^\\[@caroline\\] /whois caroline$"
tui_keys alice C-u
ok "a conversation completes the nicks of the other windows"

# /window completes the names of windows, rooms after # only.
tui_type alice "/window 日"
tui_keys alice Tab
tui_wait_match alice "^\\[@caroline\\] /window #日本語$"
tui_keys alice Enter
tui_wait alice "[#日本語]"
tui_type alice "/window #"
tui_keys alice Tab
tui_wait_match alice "^\\[#日本語\\] /window #lobby$"
tui_keys alice Tab
tui_wait_match alice "^\\[#日本語\\] /window #日本語$"
tui_keys alice Tab
tui_wait_match alice "^\\[#日本語\\] /window #lobby$"
tui_keys alice C-u
tui_type alice "/window ca"
tui_keys alice Tab
tui_wait_match alice "^\\[#日本語\\] /window @caroline$"
tui_keys alice C-u
ok "/window completes window names"

# /help completes commands, aliases and keys; /topic its -delete.
tui_type alice "/help ba"
tui_keys alice Tab
tui_wait_match alice "^\\[#日本語\\] /help ban$"
tui_keys alice Tab
tui_wait_match alice "^\\[#日本語\\] /help bans$"
tui_keys alice C-u
tui_type alice "/help ke"
tui_keys alice Tab
tui_wait_match alice "^\\[#日本語\\] /help keys$"
tui_keys alice C-u
tui_type alice "/topic -d"
tui_keys alice Tab
tui_wait_match alice "^\\[#日本語\\] /topic -delete$"
tui_keys alice C-u
ok "/help completes its topics, /topic its -delete"

client_stop bora
client_stop caroline
client_stop bobby
exit 0
