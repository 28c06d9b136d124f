#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""gen-utf8-nfc.py: write src/utf8-nfc-table.h, the tables of src/utf8-nfc.c.

Reads Unicode's UnicodeData.txt and CompositionExclusions.txt (Debian and
Ubuntu: apt-get install unicode-data, in /usr/share/unicode) and prints to
standard output the canonical combining classes, the canonical
decompositions and the primary composites NFC may build.  Not run at build
time: the output is committed, and made again only for a new Unicode:

    tools/gen-utf8-nfc.py [/usr/share/unicode] > src/utf8-nfc-table.h

Hangul syllables are composed and decomposed by arithmetic in utf8-nfc.c
and are not in the tables.
"""

import os
import sys

d = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"

ccc = {}
decomp = {}
for line in open(os.path.join(d, "UnicodeData.txt"), encoding="utf-8"):
    f = line.split(";")
    cp = int(f[0], 16)
    if int(f[3]) != 0:
        ccc[cp] = int(f[3])
    if f[5] and not f[5].startswith("<"):
        decomp[cp] = [int(x, 16) for x in f[5].split()]

excluded = set()
for line in open(os.path.join(d, "CompositionExclusions.txt"),
                 encoding="utf-8"):
    line = line.split("#")[0].strip()
    if line:
        excluded.add(int(line.split("..")[0], 16))

version = "?"
for line in open(os.path.join(d, "ReadMe.txt"), encoding="utf-8",
                 errors="replace"):
    if "Version" in line or "version" in line:
        for w in line.replace(",", " ").split():
            if w[:1].isdigit() and "." in w:
                version = w.rstrip(".")
                break
    if version != "?":
        break

# A primary composite: a pair decomposition, not excluded, whose own class
# and whose first part's class are 0 (no "non-starter decompositions").
compose = []
for cp, parts in sorted(decomp.items()):
    if len(parts) != 2 or cp in excluded:
        continue
    if ccc.get(cp, 0) != 0 or ccc.get(parts[0], 0) != 0:
        continue
    compose.append((parts[0], parts[1], cp))
compose.sort()

# Runs of consecutive code points with the same class.
runs = []
for cp in sorted(ccc):
    if runs and runs[-1][1] == cp - 1 and runs[-1][2] == ccc[cp]:
        runs[-1][1] = cp
    else:
        runs.append([cp, cp, ccc[cp]])

out = sys.stdout
out.write("/* SPDX-License-Identifier: ISC */\n")
out.write("/*\n * utf8-nfc-table.h: Unicode %s normalisation tables for "
          "utf8-nfc.c,\n * made by tools/gen-utf8-nfc.py: do not edit.\n"
          " */\n\n" % version)
out.write("/* Canonical combining classes other than 0: first, last, "
          "class. */\n")
out.write("static const struct utf8_nfc_ccc utf8_nfc_ccc_table[] = {\n")
for a, b, c in runs:
    out.write("\t{ 0x%04X, 0x%04X, %d },\n" % (a, b, c))
out.write("};\n\n")
out.write("/* Canonical decompositions: code point, first, second (0: a "
          "singleton). */\n")
out.write("static const struct utf8_nfc_pair utf8_nfc_decomp_table[] = {\n")
for cp, parts in sorted(decomp.items()):
    out.write("\t{ 0x%04X, 0x%04X, 0x%04X },\n" %
              (cp, parts[0], parts[1] if len(parts) > 1 else 0))
out.write("};\n\n")
out.write("/* Primary composites, by first and second: first, second, "
          "composite. */\n")
out.write("static const struct utf8_nfc_pair utf8_nfc_compose_table[] = {\n")
for a, b, cp in compose:
    out.write("\t{ 0x%04X, 0x%04X, 0x%04X },\n" % (a, b, cp))
out.write("};\n")
