#!/bin/bash
# SPDX-License-Identifier: ISC
# /image: a picture sent by one --batch client arrives at another as rows
# of characters; bad paths and formats give an error and send nothing.
. "$top_srcdir/tests/lib.sh"

ppm="$T/quads.ppm"
make_quadrants_ppm "$ppm"

start_hub
client_start bob bob
wait_for "$T/bob.out" "you joined #lobby"
run_batch alice alice "/image $ppm 40"
[ "$BATCH_RC" = 0 ] || fail "sending an image failed"
[ -s "$T/alice.err" ] && fail "errors while sending: $(cat "$T/alice.err")"
wait_for "$T/bob.out" "<alice> quads.ppm"
rows=$(grep -A 30 -F "<alice> quads.ppm" "$T/bob.out" | tail -n +2 |
    grep -cE '^        .{40}$')
[ "$rows" -eq 10 ] || fail "expected 10 rows of 40 cells, got $rows"
ok "an image arrives as 10 rows of 40 cells (aspect ratio kept)"

run_batch json alice2 "/img $ppm 20 blocks none"
BATCH_OPTS=--json run_batch raw carol "/names"
grep -q '"image":{"w":20,"h":5' "$T/raw.out" ||
    fail "image not replayed from history with its size"
ok "images are kept in history and replayed; options are accepted"

run_batch missing alice3 "/image $T/nope.png"
grep -q "nope.png" "$T/missing.err" || fail "no error for a missing file"
printf 'not a picture\n' >"$T/fake.png"
run_batch fake alice4 "/image $T/fake.png"
[ -s "$T/fake.err" ] || fail "no error for a bad format"
grep -q "fake.png: unsupported or corrupt image" "$T/fake.err" ||
    fail "a file that is no picture: $(cat "$T/fake.err")"
run_batch wide alice5 "/image $ppm 500"
grep -q "width must be" "$T/wide.err" || fail "no error for a bad width"
run_batch opt alice6 "/image $ppm 20 sparkles"
grep -q "unknown image option: sparkles (the options are a width, .*ordered8 or random)" \
    "$T/opt.err" || fail "bad option: $(cat "$T/opt.err")"
# A missing file with options after it: the word that is no option is
# named, or the file alone (walk65), never "nope.png 20 bogus".
run_batch optmiss alice6 "/image $T/nope.png 20 bogus" "/image $T/nope.png 20 blocks"
grep -q "unknown image option: bogus (the options are" "$T/optmiss.err" ||
    fail "a missing file and a bad option: $(cat "$T/optmiss.err")"
grep -qF "$T/nope.png: No such file" "$T/optmiss.err" ||
    fail "a missing file with options: $(cat "$T/optmiss.err")"
grep -qF "nope.png 20" "$T/optmiss.err" &&
    fail "the options taken as the path: $(cat "$T/optmiss.err")"
client_stop bob
for n in alice3 alice4 alice5 alice6; do
	grep -q "<$n>" "$T/bob.out" && fail "$n sent something after an error"
done
ok "bad paths, formats, widths and options give errors and send nothing"

# The hub refuses a malformed image.
raw_open r
raw_send r '{"type":"hello","version":1,"nick":"mallory"}'
raw_expect r '"type":"welcome"'
raw_send r '{"type":"msg","room":"lobby","text":"x","image":{"w":2,"h":1,"rows":["\u001b["],"fg":["00"],"bg":["00"]},"seq":1}'
raw_expect r '"code":"bad_field"'
ok "the hub refuses malformed images"

# Paths as a shell writes them: ~, spaces, quotes, escaped spaces.  HOME
# is the test directory (lib.sh).
mkdir -p "$T/my pictures"
cp "$ppm" "$T/my pictures/cat pic.ppm"
run_batch tilde alice7 "/image ~/my pictures/cat pic.ppm 20" \
    "/image \"~/my pictures/cat pic.ppm\" 20 blocks" \
    "/image ~/my\\ pictures/cat\\ pic.ppm"
[ -s "$T/tilde.err" ] && fail "errors: $(cat "$T/tilde.err")"
[ "$(grep -c "<alice7> cat pic.ppm" "$T/tilde.out")" = 3 ] ||
    fail "not sent three times: $(grep -c "cat pic" "$T/tilde.out")"
ok "/image takes ~, spaces, quotes and escaped spaces"

# A 64 x 32 picture is never blown up: at most 64 cells wide.
BATCH_OPTS=--json run_batch big alice8 "/image $ppm 150"
BATCH_OPTS=--json run_batch raw2 carol2 "/names"
grep -q '"image":{"w":64,"h":16' "$T/raw2.out" ||
    fail "the picture was enlarged: $(grep -o '"image":{"w":[0-9]*,"h":[0-9]*' "$T/raw2.out" | tail -n 1)"
ok "a picture is never enlarged past its own size"
exit 0
