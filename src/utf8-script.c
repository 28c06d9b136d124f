/* SPDX-License-Identifier: ISC */
/* utf8-script.c: names that mix the Latin, Greek and Cyrillic scripts. */

#include <sys/types.h>

#include <stdint.h>
#include <string.h>

#include "chatroom.h"

/*
 * Many Cyrillic and Greek letters look like Latin ones ("а" U+0430 and
 * "a", "ο" U+03BF and "o"), so "аlice" with a Cyrillic а passes for
 * "alice".  As UTS #39 (its single-script idea) would have it, a nick
 * or a room name holds letters of at most one of the three scripts;
 * "алиса" or "Αλίκη" alone are names like any other.  Digits, marks
 * and punctuation belong to no script here.  The tables hold the
 * letters of each script (Unicode's Scripts.txt, cut to the blocks
 * names use); the few Common code points inside these blocks (the
 * Greek question mark and ano teleia, × and ÷) are left out.
 */

#define UTF8_SCRIPT_NITEMS(t)	(sizeof (t) / sizeof (t)[0])

static const struct utf8_range utf8_script_latin[] = {
	{ 0x0041, 0x005a }, { 0x0061, 0x007a }, { 0x00aa, 0x00aa },
	{ 0x00ba, 0x00ba }, { 0x00c0, 0x00d6 }, { 0x00d8, 0x00f6 },
	{ 0x00f8, 0x02af }, { 0x1d00, 0x1d25 }, { 0x1d2c, 0x1d5c },
	{ 0x1d62, 0x1d65 }, { 0x1d6b, 0x1d77 }, { 0x1d79, 0x1dbe },
	{ 0x1e00, 0x1eff }, { 0x2071, 0x2071 }, { 0x207f, 0x207f },
	{ 0x2090, 0x209c }, { 0x212a, 0x212b }, { 0x2132, 0x2132 },
	{ 0x214e, 0x214e }, { 0x2160, 0x2188 }, { 0x2c60, 0x2c7f },
	{ 0xa722, 0xa787 }, { 0xa78b, 0xa7ff }, { 0xab30, 0xab5a },
	{ 0xab5c, 0xab64 }, { 0xfb00, 0xfb06 }, { 0xff21, 0xff3a },
	{ 0xff41, 0xff5a },
};

static const struct utf8_range utf8_script_greek[] = {
	{ 0x0370, 0x0373 }, { 0x0375, 0x0377 }, { 0x037a, 0x037d },
	{ 0x037f, 0x037f }, { 0x0384, 0x0384 }, { 0x0386, 0x0386 },
	{ 0x0388, 0x03e1 }, { 0x03f0, 0x03ff }, { 0x1d26, 0x1d2a },
	{ 0x1d5d, 0x1d61 }, { 0x1d66, 0x1d6a }, { 0x1dbf, 0x1dbf },
	{ 0x1f00, 0x1ffe }, { 0x2126, 0x2126 }, { 0xab65, 0xab65 },
};

static const struct utf8_range utf8_script_cyrillic[] = {
	{ 0x0400, 0x0482 }, { 0x048a, 0x052f }, { 0x1c80, 0x1c88 },
	{ 0x1d2b, 0x1d2b }, { 0x1d78, 0x1d78 }, { 0xa640, 0xa66e },
	{ 0xa67f, 0xa69d },
};

/*
 * Letters and digits in a form that NFKC would make plain: fullwidth,
 * circled or parenthesised, mathematical, squared.  "ａｌｉｃｅ",
 * "ⓐlice" and "𝐚lice" pass for "alice" as well as "аlice" does.
 */
static const struct utf8_range utf8_script_compat[] = {
	{ 0x2460, 0x24ff }, { 0xff10, 0xff19 }, { 0xff21, 0xff3a },
	{ 0xff41, 0xff5a }, { 0x1d400, 0x1d7ff }, { 0x1f100, 0x1f189 },
};

/* The scripts checked, and the bit each sets in utf8_script_mixed. */
static const struct {
	const struct utf8_range	*table;
	size_t			 n;
} utf8_script_tables[] = {
	{ utf8_script_latin, UTF8_SCRIPT_NITEMS(utf8_script_latin) },
	{ utf8_script_greek, UTF8_SCRIPT_NITEMS(utf8_script_greek) },
	{ utf8_script_cyrillic, UTF8_SCRIPT_NITEMS(utf8_script_cyrillic) },
};

/* Which of the checked scripts cp is a letter of: a bit, or 0. */
static int
utf8_script_of(uint32_t cp)
{
	u_int	i;

	if (cp < 0x80) {
		if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
			return (1);
		return (0);
	}
	for (i = 0; i < UTF8_SCRIPT_NITEMS(utf8_script_tables); i++) {
		if (utf8_in_table(cp, utf8_script_tables[i].table,
		    utf8_script_tables[i].n))
			return (1 << i);
	}
	return (0);
}

/*
 * Does s (valid UTF-8) mix letters of Latin, Greek and Cyrillic?  1 if
 * it does, with the letter to blame in *cp: the first Greek or Cyrillic
 * one beside Latin letters (the look-alike, as the а of "аlice"), else
 * the first letter of the script that came second; 0 if not.
 */
int
utf8_script_mixed(const char *s, size_t len, uint32_t *cp)
{
	size_t		off, first[3];
	uint32_t	c, letter[3];
	int		l, seen = 0, script, i, n = 0, blame = -1;

	for (off = 0; off < len; off += l) {
		if ((l = utf8_decode(s + off, len - off, &c)) <= 0)
			return (0);
		if ((script = utf8_script_of(c)) == 0)
			continue;
		for (i = 0; (1 << i) != script; i++)
			;
		if (!(seen & script)) {
			seen |= script;
			first[i] = off;
			letter[i] = c;
			n++;
		}
	}
	if (n < 2)
		return (0);
	for (i = 0; i < 3; i++) {
		if (!(seen & (1 << i)) || ((seen & 1) && i == 0))
			continue;
		/* Beside Latin the earliest other, else the later one. */
		if (blame == -1 || ((seen & 1) ? first[i] < first[blame] :
		    first[i] > first[blame]))
			blame = i;
	}
	*cp = letter[blame];
	return (1);
}

/*
 * Does s (valid UTF-8) hold a letter or digit in a compatibility form
 * (utf8_script_compat)?  1 with the first in *cp, else 0.
 */
int
utf8_script_compat_form(const char *s, size_t len, uint32_t *cp)
{
	size_t		off;
	uint32_t	c;
	int		l;

	for (off = 0; off < len; off += l) {
		if ((l = utf8_decode(s + off, len - off, &c)) <= 0)
			return (0);
		if (c >= 0x80 && utf8_in_table(c, utf8_script_compat,
		    UTF8_SCRIPT_NITEMS(utf8_script_compat))) {
			*cp = c;
			return (1);
		}
	}
	return (0);
}
