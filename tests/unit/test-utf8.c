/* SPDX-License-Identifier: ISC */
/* test-utf8.c: unit tests of the UTF-8 helpers in utf8*.c. */

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"

#define KOREAN	"\xec\x95\x88\xeb\x85\x95\xed\x95\x98\xec\x84\xb8\xec\x9a\x94" \
		" \xec\x97\xac\xeb\x9f\xac\xeb\xb6\x84"	/* 안녕하세요 여러분 */
#define GRIN	"\xf0\x9f\x98\x80"			/* U+1F600 😀 */
#define ACUTE	"\xcc\x81"				/* U+0301 */
#define REPL	"\xef\xbf\xbd"				/* U+FFFD */
#define FLAG	"\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"	/* 🇫🇷 */
#define ZWJ	"\xe2\x80\x8d"				/* U+200D */
#define FAMILY	"\xf0\x9f\x91\xa8" ZWJ "\xf0\x9f\x91\xa9" ZWJ \
		"\xf0\x9f\x91\xa7"			/* 👨‍👩‍👧 */

static char	*wrap_join(const char *, size_t);
static void	 test_valid(void **);
static void	 test_decode(void **);
static void	 test_encode(void **);
static void	 test_strlen(void **);
static void	 test_ascii_runs(void **);
static void	 test_cpwidth(void **);
static void	 test_width(void **);
static void	 test_is_unsafe(void **);
static void	 test_sanitize(void **);
static void	 test_casefold(void **);
static void	 test_script_mixed(void **);
static void	 test_nfc(void **);
static void	 test_nfc_casefold(void **);
static void	 test_fit(void **);
static void	 test_wrap_words(void **);
static void	 test_wrap_korean(void **);
static void	 test_wrap_french(void **);
static void	 test_wrap_newline(void **);
static void	 test_wrap_edges(void **);
static void	 test_prev_next(void **);
static void	 test_graphemes(void **);
static void	 test_wrap_graphemes(void **);
static void	 test_wrap_cjk(void **);
static void	 test_cut(void **);
static void	 test_head(void **);
static void	 test_cut_random(void **);
static void	 test_nbsp(void **);
static void	 test_random(void **);

/* Wrap s at width and join the lines with '|'. */
static char *
wrap_join(const char *s, size_t width)
{
	char	*out;
	size_t	 len = strlen(s), off = 0, n, next, o = 0;

	out = calloc(1, 2 * len + 2);
	assert_non_null(out);
	while (off < len) {
		n = utf8_wrap(s + off, len - off, width, &next);
		assert_true(next > 0);
		assert_true(n <= next);
		if (o != 0)
			out[o++] = '|';
		memcpy(out + o, s + off, n);
		o += n;
		off += next;
	}
	assert_int_equal(off, len);
	out[o] = '\0';
	return (out);
}

/* Well-formed input passes; overlongs, surrogates and the rest fail. */
static void
test_valid(void **state)
{
	(void)state;

	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("hello", 5));
	assert_true(utf8_valid(KOREAN, strlen(KOREAN)));
	assert_true(utf8_valid(GRIN, 4));
	assert_true(utf8_valid("\xf4\x8f\xbf\xbf", 4));	/* U+10FFFF */
	assert_true(utf8_valid("\xed\x9f\xbf", 3));	/* U+D7FF */
	assert_true(utf8_valid("\xee\x80\x80", 3));	/* U+E000 */

	assert_false(utf8_valid("a\0b", 3));		/* NUL */
	assert_false(utf8_valid("\xc0\xaf", 2));		/* overlong '/' */
	assert_false(utf8_valid("\xc1\xbf", 2));
	assert_false(utf8_valid("\xe0\x80\xaf", 3));
	assert_false(utf8_valid("\xe0\x9f\xbf", 3));
	assert_false(utf8_valid("\xf0\x80\x80\xaf", 4));
	assert_false(utf8_valid("\xf0\x8f\xbf\xbf", 4));
	assert_false(utf8_valid("\xed\xa0\x80", 3));	/* U+D800 */
	assert_false(utf8_valid("\xed\xbf\xbf", 3));	/* U+DFFF */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));	/* U+110000 */
	assert_false(utf8_valid("\xf5\x80\x80\x80", 4));
	assert_false(utf8_valid("\xff", 1));
	assert_false(utf8_valid("\x80", 1));		/* lone continuation */
	assert_false(utf8_valid("\xec\x95", 2));		/* truncated */
	assert_false(utf8_valid(GRIN, 3));
	assert_false(utf8_valid("\xec\x41\x88", 3));	/* bad continuation */
	assert_false(utf8_valid("ok\xe4", 3));
}

/* One code point at a time, with its length. */
static void
test_decode(void **state)
{
	uint32_t	cp;

	(void)state;

	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode("\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(utf8_decode(KOREAN, strlen(KOREAN), &cp), 3);
	assert_int_equal(cp, 0xC548);
	assert_int_equal(utf8_decode(GRIN, 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(utf8_decode("\0", 1, &cp), 1);
	assert_int_equal(cp, 0);

	cp = 1;
	assert_int_equal(utf8_decode(GRIN, 2, &cp), -1);
	assert_int_equal(cp, 0xFFFD);
	cp = 1;
	assert_int_equal(utf8_decode("\xc0\x80", 2, &cp), -1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), -1);
	assert_int_equal(utf8_decode("\x9b", 1, &cp), -1);
	assert_int_equal(utf8_decode("", 0, &cp), -1);
	assert_int_equal(cp, 0xFFFD);
}

/* Encoding is the inverse of decoding over every scalar value. */
static void
test_encode(void **state)
{
	char		buf[4];
	uint32_t	cp, back;
	size_t		n;

	(void)state;

	assert_int_equal(utf8_encode(0x7F, buf), 1);
	assert_int_equal(utf8_encode(0x80, buf), 2);
	assert_memory_equal(buf, "\xc2\x80", 2);
	assert_int_equal(utf8_encode(0x7FF, buf), 2);
	assert_int_equal(utf8_encode(0x800, buf), 3);
	assert_int_equal(utf8_encode(0xC548, buf), 3);
	assert_memory_equal(buf, "\xec\x95\x88", 3);
	assert_int_equal(utf8_encode(0xFFFF, buf), 3);
	assert_int_equal(utf8_encode(0x10000, buf), 4);
	assert_int_equal(utf8_encode(0x1F600, buf), 4);
	assert_memory_equal(buf, GRIN, 4);
	assert_int_equal(utf8_encode(0x10FFFF, buf), 4);
	assert_memory_equal(buf, "\xf4\x8f\xbf\xbf", 4);

	/* Values that are not scalar values come out as U+FFFD. */
	assert_int_equal(utf8_encode(0xD800, buf), 3);
	assert_memory_equal(buf, REPL, 3);
	assert_int_equal(utf8_encode(0x110000, buf), 3);
	assert_memory_equal(buf, REPL, 3);

	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n = utf8_encode(cp, buf);
		assert_int_equal(utf8_decode(buf, n, &back), (int)n);
		assert_int_equal(back, cp);
	}
}

/* Code points are counted, invalid bytes one each. */
static void
test_strlen(void **state)
{
	(void)state;

	assert_int_equal(utf8_strlen("", 0), 0);
	assert_int_equal(utf8_strlen("abc", 3), 3);
	assert_int_equal(utf8_strlen(KOREAN, strlen(KOREAN)), 9);
	assert_int_equal(utf8_strlen(GRIN "x", 5), 2);
	assert_int_equal(utf8_strlen("a\xff" "b", 3), 3);
	assert_int_equal(utf8_strlen("\xec\x95", 2), 2);
}

/*
 * ASCII is looked at eight bytes at a time: whatever breaks a run (NUL, a
 * lone high byte, a two-byte character, a truncated one), at every place
 * of a run longer than a word, is found where a byte at a time would.
 */
static void
test_ascii_runs(void **state)
{
	static const struct {
		const char	*what;
		size_t		 len;
		int		 valid;
		size_t		 chars;
	} breaks[] = {
		{ "\0", 1, 0, 1 },
		{ "\x80", 1, 0, 1 },
		{ "\xc3\xa9", 2, 1, 1 },		/* é */
		{ "\xe2\x82", 2, 0, 2 },		/* truncated */
		{ "\xf0\x9f\x98\x80", 4, 1, 1 },	/* an emoji */
		{ "\x7f", 1, 1, 1 },
	};
	char	buf[32];
	size_t	i, at, n = 18;

	(void)state;
	for (i = 0; i < sizeof breaks / sizeof breaks[0]; i++) {
		for (at = 0; at + breaks[i].len <= n; at++) {
			memset(buf, 'a', n);
			memcpy(buf + at, breaks[i].what, breaks[i].len);
			assert_int_equal(utf8_valid(buf, n), breaks[i].valid);
			assert_int_equal(utf8_strlen(buf, n),
			    n - breaks[i].len + breaks[i].chars);
			assert_int_equal(utf8_ascii(buf, n),
			    breaks[i].what[0] == '\x7f' ? n : at);
		}
	}
}

/* Columns of single code points. */
static void
test_cpwidth(void **state)
{
	(void)state;

	assert_int_equal(utf8_cpwidth('a'), 1);
	assert_int_equal(utf8_cpwidth(' '), 1);
	assert_int_equal(utf8_cpwidth(0x1B), 1);
	assert_int_equal(utf8_cpwidth(0xE9), 1);
	assert_int_equal(utf8_cpwidth(0x0301), 0);
	assert_int_equal(utf8_cpwidth(0x0E31), 0);
	assert_int_equal(utf8_cpwidth(0x200B), 0);
	assert_int_equal(utf8_cpwidth(0x200D), 0);
	assert_int_equal(utf8_cpwidth(0x20D0), 0);
	assert_int_equal(utf8_cpwidth(0xFE0F), 0);
	assert_int_equal(utf8_cpwidth(0x1160), 0);
	assert_int_equal(utf8_cpwidth(0x1100), 2);
	assert_int_equal(utf8_cpwidth(0xAC00), 2);
	assert_int_equal(utf8_cpwidth(0xD7A3), 2);
	assert_int_equal(utf8_cpwidth(0x3000), 2);
	assert_int_equal(utf8_cpwidth(0x303F), 1);
	assert_int_equal(utf8_cpwidth(0x4E00), 2);
	assert_int_equal(utf8_cpwidth(0x3099), 0);
	assert_int_equal(utf8_cpwidth(0xFF21), 2);
	assert_int_equal(utf8_cpwidth(0xFF61), 1);	/* halfwidth kana */
	assert_int_equal(utf8_cpwidth(0xFFE6), 2);
	assert_int_equal(utf8_cpwidth(0x1F600), 2);
	assert_int_equal(utf8_cpwidth(0x1F680), 2);
	assert_int_equal(utf8_cpwidth(0x1F9D1), 2);
	assert_int_equal(utf8_cpwidth(0x1FA70), 2);
	assert_int_equal(utf8_cpwidth(0x2614), 2);
	assert_int_equal(utf8_cpwidth(0x2616), 1);
	assert_int_equal(utf8_cpwidth(0x2705), 2);
	assert_int_equal(utf8_cpwidth(0x2706), 1);
	assert_int_equal(utf8_cpwidth(0x2B50), 2);
	assert_int_equal(utf8_cpwidth(0x20000), 2);
	assert_int_equal(utf8_cpwidth(0x3FFFD), 2);
	assert_int_equal(utf8_cpwidth(0x10348), 1);	/* Gothic */
}

/* Columns of whole strings. */
static void
test_width(void **state)
{
	(void)state;

	assert_int_equal(utf8_width("", 0), 0);
	assert_int_equal(utf8_width("hello", 5), 5);
	assert_int_equal(utf8_width(KOREAN, strlen(KOREAN)), 17);
	assert_int_equal(utf8_width(GRIN, 4), 2);
	assert_int_equal(utf8_width("e" ACUTE, 3), 1);
	assert_int_equal(utf8_width("a\xff" "b", 3), 3);
	assert_int_equal(utf8_width("\xef\xbd\x88\xef\xbd\x89", 6), 4);
	assert_int_equal(utf8_width("\xe2\x9d\xa4\xef\xb8\x8f", 6), 1);
}

/* Controls, bidi overrides and separators are unsafe. */
static void
test_is_unsafe(void **state)
{
	uint32_t	cp;

	(void)state;

	for (cp = 0; cp <= 0x1F; cp++)
		assert_true(utf8_is_unsafe(cp));
	for (cp = 0x20; cp <= 0x7E; cp++)
		assert_false(utf8_is_unsafe(cp));
	for (cp = 0x7F; cp <= 0x9F; cp++)
		assert_true(utf8_is_unsafe(cp));
	assert_false(utf8_is_unsafe(0xA0));
	assert_true(utf8_is_unsafe(0x061C));
	assert_true(utf8_is_unsafe(0x200E));
	assert_true(utf8_is_unsafe(0x200F));
	assert_false(utf8_is_unsafe(0x200D));
	assert_true(utf8_is_unsafe(0x2028));
	assert_true(utf8_is_unsafe(0x2029));
	for (cp = 0x202A; cp <= 0x202E; cp++)
		assert_true(utf8_is_unsafe(cp));
	assert_false(utf8_is_unsafe(0x202F));
	assert_false(utf8_is_unsafe(0x2065));
	for (cp = 0x2066; cp <= 0x2069; cp++)
		assert_true(utf8_is_unsafe(cp));
	assert_false(utf8_is_unsafe(0x206A));
	assert_true(utf8_is_unsafe(0xFFF9));
	assert_true(utf8_is_unsafe(0xFFFB));
	assert_false(utf8_is_unsafe(0xFFFD));
	assert_false(utf8_is_unsafe(0xAC00));
	assert_false(utf8_is_unsafe(0x1F600));
}

/* Escape sequences, bidi tricks and bad bytes cannot get through. */
static void
test_sanitize(void **state)
{
	char		*out;
	const char	*s;

	(void)state;

	s = "\x1b[31mred\x1b[0m";
	out = utf8_sanitize(s, strlen(s), 0);
	assert_string_equal(out, "^[[31mred^[[0m");
	free(out);

	/* C1 CSI, as a character and as a raw byte. */
	s = "a\xc2\x9b" "31mb";
	out = utf8_sanitize(s, strlen(s), 0);
	assert_string_equal(out, "a" REPL "31mb");
	free(out);
	s = "a\x9b" "31mb";
	out = utf8_sanitize(s, strlen(s), 0);
	assert_string_equal(out, "a" REPL "31mb");
	free(out);

	/* RIGHT-TO-LEFT OVERRIDE and friends. */
	s = "evil\xe2\x80\xae" "gpj.exe";
	out = utf8_sanitize(s, strlen(s), 0);
	assert_string_equal(out, "evil" REPL "gpj.exe");
	free(out);
	s = "\xe2\x81\xa6x\xe2\x80\xa8y\xd8\x9c";
	out = utf8_sanitize(s, strlen(s), 1);
	assert_string_equal(out, REPL "x" REPL "y" REPL);
	free(out);

	s = "a\tb\r\nc\x01\x7f";
	out = utf8_sanitize(s, strlen(s), 0);
	assert_string_equal(out, "a b c^A^?");
	free(out);
	out = utf8_sanitize(s, strlen(s), 1);
	assert_string_equal(out, "a b\nc^A^?");
	free(out);

	out = utf8_sanitize("x\0y", 3, 0);
	assert_string_equal(out, "x^@y");
	free(out);

	s = "\xff\xc0\xaf\xed\xa0\x80";
	out = utf8_sanitize(s, strlen(s), 0);
	assert_string_equal(out, REPL REPL REPL REPL REPL REPL);
	assert_true(utf8_valid(out, strlen(out)));
	free(out);

	out = utf8_sanitize(KOREAN " " GRIN "e" ACUTE, strlen(KOREAN) + 8, 0);
	assert_string_equal(out, KOREAN " " GRIN "e" ACUTE);
	free(out);

	out = utf8_sanitize("", 0, 0);
	assert_non_null(out);
	assert_string_equal(out, "");
	free(out);
}

/*
 * Letters fold as Unicode's simple case folding has them; everything else
 * is left alone.
 */
static void
test_casefold(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} t[] = {
		{ "Alice", "alice" },
		{ "bob_42[X]", "bob_42[x]" },
		{ "\xc3\x89" "COLE", "\xc3\xa9" "cole" },	/* ÉCOLE */
		{ "\xc3\x97\xc3\x9e", "\xc3\x97\xc3\xbe" },	/* ×Þ */
		{ "\xce\x91\xce\x92\xce\x93", "\xce\xb1\xce\xb2\xce\xb3" },
		{ "\xce\xa3\xcf\x82", "\xcf\x83\xcf\x83" },	/* Σς */
		{ "\xd0\x9f\xd0\xa0\xd0\x98 \xd0\x81\xd0\x96",
		  "\xd0\xbf\xd1\x80\xd0\xb8 \xd1\x91\xd0\xb6" },	/* ПРИ ЁЖ */
		{ "\xc5\x81\xc3\x93" "D\xc5\xb9",
		  "\xc5\x82\xc3\xb3" "d\xc5\xba" },		/* ŁÓDŹ */
		{ "\xc4\x80\xc4\x81\xc5\x92", "\xc4\x81\xc4\x81\xc5\x93" },
		{ "\xc4\xb0", "i" },				/* İ */
		{ "\xc5\xb8", "\xc3\xbf" },			/* Ÿ */
		{ "\xef\xbc\xa1\xef\xbc\xba", "\xef\xbd\x81\xef\xbd\x9a" },
		{ KOREAN, KOREAN },
		{ GRIN, GRIN },
		{ "A\xff" "B", "a\xff" "b" },
		{ "", "" },
		/* Full simple case folding (issue 19, item 13). */
		{ "\xe1\xba\xa0NH", "\xe1\xba\xa1nh" },		/* ẠNH */
		{ "\xe2\x84\xaa", "k" },			/* U+212A KELVIN */
		{ "\xe2\x84\xa6", "\xcf\x89" },		/* U+2126 OHM */
		{ "\xc8\xba", "\xe2\xb1\xa5" },		/* Ⱥ, one byte longer */
		{ "\xc8\xba\xc8\xba\xc8\xba", "\xe2\xb1\xa5\xe2\xb1\xa5\xe2\xb1\xa5" },
		{ "\xe1\xba\x9e", "\xc3\x9f" },		/* ẞ to ß */
		{ "\xc3\x9f", "\xc3\x9f" },			/* ß stays */
		{ "\xe1\xbe\x88", "\xe1\xbe\x80" },		/* U+1F88 to U+1F80 */
		{ "\xd4\xb1", "\xd5\xa1" },			/* Armenian Ա */
		{ "\xe1\x8e\xa0", "\xe1\x8e\xa0" },		/* Cherokee Ꭰ */
		{ "\xea\xad\xb0", "\xe1\x8e\xa0" },		/* Cherokee ꭰ */
		{ "\xf0\x90\x90\x80", "\xf0\x90\x90\xa8" },	/* Deseret 𐐀 */
	};
	char	*out;
	size_t	 i;

	(void)state;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		out = utf8_casefold(t[i].in);
		assert_string_equal(out, t[i].out);
		free(out);
	}
}

/*
 * Letters of Latin, Greek and Cyrillic do not mix (utf8-script.c); one
 * script, with digits, marks and punctuation, is fine.
 */
static void
test_script_mixed(void **state)
{
	static const struct {
		const char	*in;
		int		 mixed;
		uint32_t	 cp;
	} t[] = {
		{ "alice", 0, 0 },
		{ "bob_42[x]", 0, 0 },
		{ "\xc3\xa9" "cole", 0, 0 },			/* école */
		{ "\xd0\xb0\xd0\xbb\xd0\xb8\xd1\x81\xd0\xb0", 0, 0 },
		{ "\xce\x91\xce\xbb\xce\xaf\xce\xba\xce\xb7", 0, 0 },
		{ KOREAN, 0, 0 },
		{ "\xd0\x92\xd0\xb0\xd1\x81\xd1\x8f_2", 0, 0 },	/* Вася_2 */
		{ "\xd0\xb0lice", 1, 0x430 },			/* Cyrillic а */
		{ "\xd0\xb0" "b\xce\xbf", 1, 0x430 },		/* а, Latin, ο */
		{ "\xce\xb1\xce\xb2\xd0\xb2", 1, 0x432 },	/* αβв */
		{ "l\xd0\xbe" "bby", 1, 0x43e },		/* Cyrillic о */
		{ "b\xce\xbf" "b", 1, 0x3bf },			/* Greek ο */
		{ "\xce\x91\xd0\x90", 1, 0x410 },		/* Greek, Cyrillic */
		{ "\xef\xbd\x8c" "obby", 0, 0 },		/* fullwidth Latin */
		{ "x\xe2\x84\xa6", 1, 0x2126 },		/* OHM is Greek */
		{ "a\xc3\x97" "b", 0, 0 },			/* × is no letter */
		{ "", 0, 0 },
	};
	uint32_t	cp;
	size_t		i;

	(void)state;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		cp = 0;
		assert_int_equal(utf8_script_mixed(t[i].in, strlen(t[i].in),
		    &cp), t[i].mixed);
		assert_int_equal(cp, t[i].cp);
	}
}

/*
 * Fullwidth, circled and mathematical letters and digits pass for plain
 * ones (utf8_script_compat_form); plain text in any script does not.
 */
static void
test_script_compat_form(void **state)
{
	static const struct {
		const char	*in;
		int		 compat;
		uint32_t	 cp;
	} t[] = {
		{ "alice", 0, 0 },
		{ KOREAN, 0, 0 },
		{ "\xd0\xb0\xd0\xbb\xd0\xb8\xd1\x81\xd0\xb0", 0, 0 },
		{ "\xe3\x81\x9f\xe3\x82\x8d\xe3\x81\x86" "1", 0, 0 },	/* たろう1 */
		{ "\xef\xbd\x81" "lice", 1, 0xff41 },		/* ａlice */
		{ "l\xef\xbd\x8f" "bby", 1, 0xff4f },		/* lｏbby */
		{ "bob\xef\xbc\x91", 1, 0xff11 },		/* bob１ */
		{ "\xe2\x93\x90" "lice", 1, 0x24d0 },		/* ⓐlice */
		{ "\xf0\x9d\x90\x9a" "lice", 1, 0x1d41a },	/* 𝐚lice */
		{ "\xf0\x9f\x84\xb0" "bc", 1, 0x1f130 },	/* 🄰bc */
		{ "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7", 0, 0 },	/* a flag */
		{ "", 0, 0 },
	};
	uint32_t	cp;
	size_t		i;

	(void)state;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		cp = 0;
		assert_int_equal(utf8_script_compat_form(t[i].in,
		    strlen(t[i].in), &cp), t[i].compat);
		assert_int_equal(cp, t[i].cp);
	}
}

/* The longest prefix that fits, never half a wide character. */
static void
test_fit(void **state)
{
	const char	*s = "ab\xec\x95\x88" "c";	/* ab안c */
	size_t		 used;

	(void)state;

	assert_int_equal(utf8_fit(s, 6, 0, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(utf8_fit(s, 6, 2, &used), 2);
	assert_int_equal(used, 2);
	assert_int_equal(utf8_fit(s, 6, 3, &used), 2);	/* 안 straddles */
	assert_int_equal(used, 2);
	assert_int_equal(utf8_fit(s, 6, 4, &used), 5);
	assert_int_equal(used, 4);
	assert_int_equal(utf8_fit(s, 6, 5, &used), 6);
	assert_int_equal(used, 5);
	assert_int_equal(utf8_fit(s, 6, 80, &used), 6);
	assert_int_equal(used, 5);
	assert_int_equal(utf8_fit(s, 6, 3, NULL), 2);

	assert_int_equal(utf8_fit(GRIN GRIN, 8, 3, &used), 4);
	assert_int_equal(used, 2);
	assert_int_equal(utf8_fit("e" ACUTE "x", 4, 1, &used), 3);
	assert_int_equal(used, 1);
	assert_int_equal(utf8_fit(KOREAN, strlen(KOREAN), 9, &used), 12);
	assert_int_equal(used, 8);
	assert_int_equal(utf8_fit(KOREAN, strlen(KOREAN), 11, &used), 16);
	assert_int_equal(used, 11);
}

/* English wraps between words. */
static void
test_wrap_words(void **state)
{
	char	*out;
	size_t	 n, next;

	(void)state;

	out = wrap_join("the quick brown fox jumps over the lazy dog", 10);
	assert_string_equal(out, "the quick|brown fox|jumps over|the lazy|dog");
	free(out);

	out = wrap_join("a  very   spaced     line", 6);
	assert_string_equal(out, "a|very|spaced|line");
	free(out);

	out = wrap_join("supercalifragilistic is long", 10);
	assert_string_equal(out, "supercalif|ragilistic|is long");
	free(out);

	out = wrap_join("abcdefghij klm", 10);
	assert_string_equal(out, "abcdefghij|klm");
	free(out);

	n = utf8_wrap("hello world", 11, 8, &next);
	assert_int_equal(n, 5);
	assert_int_equal(next, 6);
}

/*
 * French spaces before ':' ';' '!' '?' and between a number and its unit
 * do not break: no row starts with a lone ':' or "j)".
 */
static void
test_wrap_french(void **state)
{
	char	*out;

	(void)state;

	out = wrap_join("par zoe : robots", 8);
	assert_string_equal(out, "par|zoe :|robots");
	free(out);

	out = wrap_join("(dans 7 j) (raison : robots)", 9);
	assert_string_equal(out, "(dans|7 j)|(raison :|robots)");
	free(out);

	out = wrap_join("plus ancienne ; seule", 14);
	assert_string_equal(out, "plus|ancienne ;|seule");
	free(out);

	out = wrap_join("oui vraiment ?", 12);
	assert_string_equal(out, "oui|vraiment ?");
	free(out);

	out = wrap_join("dans 1 h 29 min", 6);
	assert_string_equal(out, "dans|1 h|29 min");
	free(out);

	/* Times and dates keep their break; English is unchanged. */
	out = wrap_join("2026-12-10 07:40", 11);
	assert_string_equal(out, "2026-12-10|07:40");
	free(out);
	out = wrap_join("wait: for it", 6);
	assert_string_equal(out, "wait:|for it");
	free(out);
}

/* Korean never splits a syllable nor overflows, at any width. */
static void
test_wrap_korean(void **state)
{
	const char	*s = KOREAN " " KOREAN;
	size_t		 len = strlen(s), width, off, n, next, w;
	char		*out;

	(void)state;

	/* Words wider than the row fill it, a syllable at a time. */
	out = wrap_join(KOREAN, 5);
	assert_string_equal(out, "\xec\x95\x88\xeb\x85\x95|"
	    "\xed\x95\x98\xec\x84\xb8|\xec\x9a\x94 \xec\x97\xac|"
	    "\xeb\x9f\xac\xeb\xb6\x84");
	free(out);

	out = wrap_join(KOREAN, 11);
	assert_string_equal(out, "\xec\x95\x88\xeb\x85\x95\xed\x95\x98"
	    "\xec\x84\xb8\xec\x9a\x94|\xec\x97\xac\xeb\x9f\xac\xeb\xb6\x84");
	free(out);

	for (width = 2; width <= 40; width++) {
		for (off = 0; off < len; off += next) {
			n = utf8_wrap(s + off, len - off, width, &next);
			assert_true(n > 0);
			assert_true(next >= n);
			assert_true(utf8_valid(s + off, n));
			w = utf8_width(s + off, n);
			assert_true(w <= width);
			/* A line never ends on a space or starts on one. */
			assert_true(s[off + n - 1] != ' ');
			assert_true(s[off] != ' ');
			/* Each break lands on a code point boundary. */
			if (off + next < len)
				assert_true(((u_char)s[off + next] & 0xC0) !=
				    0x80);
		}
		assert_int_equal(off, len);
	}

	/* Width 1 still makes progress, one syllable at a time. */
	n = utf8_wrap(KOREAN, strlen(KOREAN), 1, &next);
	assert_int_equal(n, 3);
	assert_int_equal(next, 3);
}

/* A newline ends a line wherever it is. */
static void
test_wrap_newline(void **state)
{
	char	*out;
	size_t	 n, next;

	(void)state;

	n = utf8_wrap("hello\nworld", 11, 20, &next);
	assert_int_equal(n, 5);
	assert_int_equal(next, 6);

	n = utf8_wrap("\n\nx", 3, 20, &next);
	assert_int_equal(n, 0);
	assert_int_equal(next, 1);

	out = wrap_join("one\n\ntwo three four", 9);
	assert_string_equal(out, "one||two three|four");
	free(out);

	/* A break at spaces swallows the newline that follows them. */
	out = wrap_join("abc  \ndef", 4);
	assert_string_equal(out, "abc|def");
	free(out);

	/* A line that is exactly full, then a newline. */
	out = wrap_join("abcde\nf", 5);
	assert_string_equal(out, "abcde|f");
	free(out);

	/* A newline past the width does not end this line. */
	n = utf8_wrap("aaaa bbbb\ncc", 12, 6, &next);
	assert_int_equal(n, 4);
	assert_int_equal(next, 5);
}

/* Empty input, zero width, exact fits, indentation. */
static void
test_wrap_edges(void **state)
{
	char	*out;
	size_t	 n, next;

	(void)state;

	next = 99;
	assert_int_equal(utf8_wrap("", 0, 10, &next), 0);
	assert_int_equal(next, 0);

	n = utf8_wrap("abc", 3, 0, &next);
	assert_int_equal(n, 1);
	assert_int_equal(next, 1);

	n = utf8_wrap("hello", 5, 5, &next);
	assert_int_equal(n, 5);
	assert_int_equal(next, 5);

	n = utf8_wrap("hi   ", 5, 10, &next);
	assert_int_equal(n, 5);
	assert_int_equal(next, 5);

	n = utf8_wrap("word   ", 7, 5, &next);
	assert_int_equal(n, 4);
	assert_int_equal(next, 7);

	out = wrap_join("   abc def", 6);
	assert_string_equal(out, "   abc|def");
	free(out);

	out = wrap_join(GRIN GRIN GRIN, 5);
	assert_string_equal(out, GRIN GRIN "|" GRIN);
	free(out);

	/* A run of emoji breaks between any two, as ideographs do. */
	out = wrap_join("ab " GRIN GRIN GRIN GRIN " c", 7);
	assert_string_equal(out, "ab " GRIN GRIN "|" GRIN GRIN " c");
	free(out);
	out = wrap_join("\xe4\xb8\xad" GRIN GRIN GRIN, 6);
	assert_string_equal(out, "\xe4\xb8\xad" GRIN GRIN "|" GRIN);
	free(out);

	/* Combining marks stay with their base letter. */
	out = wrap_join("abcde" ACUTE "f", 4);
	assert_string_equal(out, "abcd|e" ACUTE "f");
	free(out);

	out = wrap_join("ab\xff\xff" "cd", 3);
	assert_string_equal(out, "ab\xff|\xff" "cd");
	free(out);
}

/* Stepping over code points in both directions. */
static void
test_prev_next(void **state)
{
	const char	*s = "a\xec\x95\x88" GRIN "b";	/* a안😀b */
	size_t		 len = strlen(s);

	(void)state;

	assert_int_equal(len, 9);
	assert_int_equal(utf8_next(s, len, 0), 1);
	assert_int_equal(utf8_next(s, len, 1), 4);
	assert_int_equal(utf8_next(s, len, 4), 8);
	assert_int_equal(utf8_next(s, len, 8), 9);
	assert_int_equal(utf8_next(s, len, 9), 9);

	assert_int_equal(utf8_prev(s, 9), 8);
	assert_int_equal(utf8_prev(s, 8), 4);
	assert_int_equal(utf8_prev(s, 4), 1);
	assert_int_equal(utf8_prev(s, 1), 0);
	assert_int_equal(utf8_prev(s, 0), 0);

	/* Invalid bytes are stepped over one at a time. */
	assert_int_equal(utf8_prev("\x80\x80\x80\x80\x80", 5), 4);
	assert_int_equal(utf8_prev("a\xec\x95", 3), 2);
	assert_int_equal(utf8_next("\xec\x95" "a", 3, 0), 1);
	assert_int_equal(utf8_next("\xff" "a", 2, 0), 1);
}

/* Stepping over grapheme clusters: flags, ZWJ sequences, accents. */
static void
test_graphemes(void **state)
{
	const char	*s = "a" FLAG FAMILY "e" ACUTE "\r\nb";
	size_t		 len = strlen(s), flag = 1, family = 9, e = 27;

	(void)state;

	assert_int_equal(utf8_gc_next(s, len, 0), flag);
	assert_int_equal(utf8_gc_next(s, len, flag), family);
	assert_int_equal(utf8_gc_next(s, len, family), e);
	assert_int_equal(utf8_gc_next(s, len, e), e + 3);
	assert_int_equal(utf8_gc_next(s, len, e + 3), e + 5);
	assert_int_equal(utf8_gc_next(s, len, e + 5), len);
	assert_int_equal(utf8_gc_next(s, len, len), len);

	assert_int_equal(utf8_gc_prev(s, len), e + 5);
	assert_int_equal(utf8_gc_prev(s, e + 5), e + 3);
	assert_int_equal(utf8_gc_prev(s, e + 3), e);
	assert_int_equal(utf8_gc_prev(s, e), family);
	assert_int_equal(utf8_gc_prev(s, family), flag);
	assert_int_equal(utf8_gc_prev(s, flag), 0);
	assert_int_equal(utf8_gc_prev(s, 0), 0);

	assert_int_equal(utf8_gc_count(s, len), 6);
	assert_int_equal(utf8_gc_count(KOREAN, strlen(KOREAN)), 9);
	/* Conjoining jamo make one syllable: U+1112 U+1161 U+11AB. */
	assert_int_equal(utf8_gc_count("\xe1\x84\x92\xe1\x85\xa1"
	    "\xe1\x86\xab", 9), 1);
	/* Invalid bytes are clusters of their own. */
	assert_int_equal(utf8_gc_count("\xff\xfe" ACUTE, 4), 3);

	/* Far into a long line, the start of a cluster is still found. */
	{
		char	buf[1024];
		size_t	i;

		for (i = 0; i + 4 <= 1000; i += 4)
			memcpy(buf + i, GRIN, 4);
		memcpy(buf + 1000, FAMILY, strlen(FAMILY));
		len = 1000 + strlen(FAMILY);
		assert_int_equal(utf8_gc_prev(buf, len), 1000);
		assert_int_equal(utf8_gc_prev(buf, 1000), 996);
	}
}

/* Wrapping and fitting never split a cluster. */
static void
test_wrap_graphemes(void **state)
{
	const char	*s = "abc" FAMILY FLAG;
	size_t		 next, used, n;

	(void)state;

	assert_int_equal(utf8_width(FAMILY, strlen(FAMILY)), 6);
	assert_int_equal(utf8_width(FLAG, strlen(FLAG)), 2);
	/* Five columns leave no room for the family's six: break before. */
	n = utf8_wrap(s, strlen(s), 5, &next);
	assert_int_equal(n, 3);
	assert_int_equal(next, 3);
	/* Alone on a narrow line, a cluster is kept whole. */
	n = utf8_wrap(s + 3, strlen(s + 3), 4, &next);
	assert_int_equal(n, strlen(FAMILY));
	n = utf8_wrap(FLAG, strlen(FLAG), 1, &next);
	assert_int_equal(n, strlen(FLAG));
	assert_int_equal(utf8_fit(s, strlen(s), 8, &used), 3);
	assert_int_equal(used, 3);
	assert_int_equal(utf8_fit(s, strlen(s), 9, &used), 3 + strlen(FAMILY));
	assert_int_equal(utf8_fit("e" ACUTE "x", 4, 1, &used), 3);
}

/*
 * Chinese and Japanese break between any two characters, but not before
 * a closing mark nor after an opening one; a Korean word breaks only when
 * it is wider than a row; Latin words next to them stay whole.
 */
static void
test_wrap_cjk(void **state)
{
	const char	*s = "ab \xea\xb0\x80\xea\xb0\x80\xea\xb0\x80"
			    "\xea\xb0\x80\xea\xb0\x80\xea\xb0\x80";
	const char	*mix = "see \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"
			    "\xe3\x81\xae\xe3\x83\x86\xe3\x82\xad"
			    "\xe3\x82\xb9\xe3\x83\x88 here, "
			    "\xe3\x80\x8c\xe4\xb8\xad\xe6\x96\x87"
			    "\xe3\x80\x8d\xe3\x80\x82" GRIN GRIN
			    "\xea\xb0\x80\xea\xb0\x80 " FAMILY
			    "\xe4\xb8\xad" FLAG "\xe4\xb8\xad";
	static const char *pieces[] = { "\xe4\xb8\xad", "\xe3\x80\x82",
			    "\xe3\x80\x8c", "\xe3\x80\x8d", "\xea\xb0\x80",
			    "\xe3\x83\xbc", "\xe3\x81\xa3", " ", "a", "(",
			    ".", "\n", GRIN, FAMILY, FLAG, ACUTE };
	char		*out, buf[40 * 18];
	const char	*piece;
	size_t		 len, width, off, n, next, i;
	uint32_t	 seed = 4321;
	int		 round;

	(void)state;

	/* The walk: a run of 가 wider than the row fills the first row. */
	out = wrap_join(s, 8);
	assert_string_equal(out, "ab \xea\xb0\x80\xea\xb0\x80|"
	    "\xea\xb0\x80\xea\xb0\x80\xea\xb0\x80\xea\xb0\x80");
	free(out);

	/* A Korean word that fits a row is kept whole, as a Latin one. */
	out = wrap_join("abcd \xea\xb0\x80\xeb\x82\x98\xeb\x8b\xa4", 8);
	assert_string_equal(out,
	    "abcd|\xea\xb0\x80\xeb\x82\x98\xeb\x8b\xa4");
	free(out);

	/* 我们今天去公园。你呢？: 。 and ？ never start a row. */
	out = wrap_join("\xe6\x88\x91\xe4\xbb\xac\xe4\xbb\x8a\xe5\xa4\xa9"
	    "\xe5\x8e\xbb\xe5\x85\xac\xe5\x9b\xad\xe3\x80\x82"
	    "\xe4\xbd\xa0\xe5\x91\xa2\xef\xbc\x9f", 10);
	assert_string_equal(out, "\xe6\x88\x91\xe4\xbb\xac\xe4\xbb\x8a"
	    "\xe5\xa4\xa9\xe5\x8e\xbb|\xe5\x85\xac\xe5\x9b\xad"
	    "\xe3\x80\x82\xe4\xbd\xa0|\xe5\x91\xa2\xef\xbc\x9f");
	free(out);

	/* 中文「中文」: 「 never ends a row, 」 never starts one. */
	out = wrap_join("\xe4\xb8\xad\xe6\x96\x87\xe3\x80\x8c"
	    "\xe4\xb8\xad\xe6\x96\x87\xe3\x80\x8d", 6);
	assert_string_equal(out, "\xe4\xb8\xad\xe6\x96\x87|"
	    "\xe3\x80\x8c\xe4\xb8\xad|\xe6\x96\x87\xe3\x80\x8d");
	free(out);

	/* 今日は、いい天気: 、 stays with は. */
	out = wrap_join("\xe4\xbb\x8a\xe6\x97\xa5\xe3\x81\xaf"
	    "\xe3\x80\x81\xe3\x81\x84\xe3\x81\x84\xe5\xa4\xa9"
	    "\xe6\xb0\x97", 6);
	assert_string_equal(out, "\xe4\xbb\x8a\xe6\x97\xa5|"
	    "\xe3\x81\xaf\xe3\x80\x81\xe3\x81\x84|"
	    "\xe3\x81\x84\xe5\xa4\xa9\xe6\xb0\x97");
	free(out);

	/* Latin words next to Chinese stay whole; brackets hold on. */
	out = wrap_join("\xe4\xb8\xad\xe6\x96\x87" "abc", 4);
	assert_string_equal(out, "\xe4\xb8\xad\xe6\x96\x87|abc");
	free(out);
	out = wrap_join("abc\xe4\xb8\xad\xe6\x96\x87", 4);
	assert_string_equal(out, "abc|\xe4\xb8\xad\xe6\x96\x87");
	free(out);
	out = wrap_join("(\xe4\xb8\xad\xe6\x96\x87)", 5);
	assert_string_equal(out, "(\xe4\xb8\xad|\xe6\x96\x87)");
	free(out);
	out = wrap_join(mix, 12);
	assert_string_equal(out, "see \xe6\x97\xa5\xe6\x9c\xac"
	    "\xe8\xaa\x9e\xe3\x81\xae|\xe3\x83\x86\xe3\x82\xad"
	    "\xe3\x82\xb9\xe3\x83\x88|here, \xe3\x80\x8c\xe4\xb8\xad|"
	    "\xe6\x96\x87\xe3\x80\x8d\xe3\x80\x82" GRIN GRIN "|"
	    "\xea\xb0\x80\xea\xb0\x80 " FAMILY "|"
	    "\xe4\xb8\xad" FLAG "\xe4\xb8\xad");
	free(out);

	/* Random mixes keep the promises of utf8_wrap at every width. */
	for (round = 0; round < 5000; round++) {
		for (len = 0, i = 0; i < (size_t)round % 40; i++) {
			seed = seed * 1103515245 + 12345;
			piece = pieces[(seed >> 16) % (sizeof pieces /
			    sizeof pieces[0])];
			memcpy(buf + len, piece, strlen(piece));
			len += strlen(piece);
		}
		width = 1 + round % 13;
		for (off = 0; off < len; off += next) {
			n = utf8_wrap(buf + off, len - off, width, &next);
			assert_true(next > 0 && n <= next && off + next <= len);
			if (n > 0 && utf8_gc_count(buf + off, n) > 1)
				assert_true(utf8_width(buf + off, n) <= width);
		}
		assert_int_equal(off, len);
	}
	len = strlen(mix);

	/* Wide characters and emoji at the margin never overflow. */
	for (width = 2; width <= 30; width++) {
		for (off = 0; off < len; off += next) {
			n = utf8_wrap(mix + off, len - off, width, &next);
			assert_true(n > 0 && next >= n);
			if (utf8_gc_count(mix + off, n) > 1)
				assert_true(utf8_width(mix + off, n) <= width);
			assert_true(mix[off] != ' ');
			assert_true(mix[off + n - 1] != ' ');
		}
		assert_int_equal(off, len);
	}
}

/* Random bytes: sanitising and wrapping keep their promises. */
static void
test_random(void **state)
{
	static const char	 pool[] = "ab \n\t\x1b\x9b\xc2\xe2\x80\xae"
				     "\xec\x95\x88\xf0\x9f\x98\x80\xcc\x81\xff";
	char			 buf[64], *out;
	uint32_t		 seed = 12345, cp;
	size_t			 len, i, off, n, next, width, olen;
	int			 round, k;

	(void)state;

	for (round = 0; round < 20000; round++) {
		len = round % sizeof buf;
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			buf[i] = pool[(seed >> 16) % (sizeof pool - 1)];
		}
		out = utf8_sanitize(buf, len, round & 1);
		olen = strlen(out);
		assert_true(utf8_valid(out, olen));
		for (off = 0; off < olen; off += k) {
			k = utf8_decode(out + off, olen - off, &cp);
			assert_true(k > 0);
			if (cp != '\n' || !(round & 1))
				assert_false(utf8_is_unsafe(cp));
		}
		free(out);

		width = 1 + round % 12;
		for (off = 0; off < len; off += next) {
			n = utf8_wrap(buf + off, len - off, width, &next);
			assert_true(next > 0 && n <= next && off + next <= len);
			if (n > 0 && utf8_gc_count(buf + off, n) > 1)
				assert_true(utf8_width(buf + off, n) <= width);
			assert_true(utf8_fit(buf + off, len - off, width,
			    NULL) <= len - off);
			assert_true(utf8_prev(buf, off + next) < off + next);
			assert_true(utf8_next(buf, len, off) > off);
			assert_true(utf8_gc_prev(buf, off + next) < off + next);
			assert_true(utf8_gc_next(buf, len, off) > off);
		}
	}
}

#define NIHON	"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"	/* 日本語 */
#define CHOBUN	"\xe9\x95\xb7\xe6\x96\x87"		/* 長文 */

/*
 * A text cut to max characters, as IRC's TOPICLEN: code points counted,
 * whole grapheme clusters kept.
 */
static void
test_head(void **state)
{
	(void)state;

	assert_int_equal(utf8_head("abc", 3, 5), 3);
	assert_int_equal(utf8_head("abcdef", 6, 4), 4);
	assert_int_equal(utf8_head("", 0, 4), 0);
	/* Each Hangul syllable of KOREAN is one code point of 3 bytes. */
	assert_int_equal(utf8_head(KOREAN, strlen(KOREAN), 2), 6);
	/* e and a combining acute are 2 code points: both or neither. */
	assert_int_equal(utf8_head("ae\xcc\x81z", 5, 2), 1);
	assert_int_equal(utf8_head("ae\xcc\x81z", 5, 3), 4);
}

/* A line too long for a message is cut where it may wrap (walk54 F7). */
static void
test_cut(void **state)
{
	const char	*s;
	size_t		 n, next;

	(void)state;

	/* It fits: all of it. */
	n = utf8_cut("abc", 3, 5, &next);
	assert_int_equal(n, 3);
	assert_int_equal(next, 3);

	/* After the last word that fits, its spaces left out. */
	n = utf8_cut("aaa bbb  ccc", 12, 9, &next);
	assert_int_equal(n, 7);
	assert_int_equal(next, 9);

	/* 長文0001 長文0002 at 8: not inside 長文0002. */
	s = CHOBUN "0001 " CHOBUN "0002";
	n = utf8_cut(s, strlen(s), 8, &next);
	assert_int_equal(n, 10);
	assert_int_equal(next, 11);

	/* Japanese with no spaces: between two ideographs. */
	s = NIHON NIHON;
	n = utf8_cut(s, strlen(s), 4, &next);
	assert_int_equal(n, 12);
	assert_int_equal(next, 12);

	/* A space far back loses to a break near the limit. */
	s = "ab " NIHON NIHON NIHON;
	n = utf8_cut(s, strlen(s), 8, &next);
	assert_int_equal(n, 3 + 15);
	assert_int_equal(next, 3 + 15);

	/* A Korean word breaks between syllables only when too long. */
	n = utf8_cut(KOREAN, strlen(KOREAN), 7, &next);
	assert_int_equal(n, 15);
	assert_int_equal(next, 16);
	n = utf8_cut(KOREAN, strlen(KOREAN), 3, &next);
	assert_int_equal(n, 9);
	assert_int_equal(next, 9);

	/* One word too long: the grapheme clusters that fit. */
	n = utf8_cut("abcdefghij", 10, 4, &next);
	assert_int_equal(n, 4);
	assert_int_equal(next, 4);
	s = "e" ACUTE "e" ACUTE "e";
	n = utf8_cut(s, strlen(s), 3, &next);
	assert_int_equal(n, 3);
	assert_int_equal(next, 3);
	s = "ab" FAMILY "cd";
	n = utf8_cut(s, strlen(s), 4, &next);
	assert_int_equal(n, 2);
	assert_int_equal(next, 2);

	/* A cluster longer than a message alone: between code points. */
	n = utf8_cut(FAMILY, strlen(FAMILY), 3, &next);
	assert_int_equal(n, 11);
	assert_int_equal(next, 11);

	/* Leading spaces are no place to cut. */
	n = utf8_cut("   abcdef", 9, 5, &next);
	assert_int_equal(n, 5);
	assert_int_equal(next, 5);
}

/*
 * No-break spaces, the plain ones of French typography and U+00A0 and
 * U+202F, hold on to both neighbours: a cut never leaves one at the end
 * of a part, nor starts the next with one or the ':' or "j" it holds.
 */
static void
test_nbsp(void **state)
{
	const char	*s;
	char		*out;
	size_t		 n, next;

	(void)state;

	/* Cut into messages: plain spaces as utf8_wrap has them. */
	s = "Il reste 7 j avant la fin";
	n = utf8_cut(s, strlen(s), 11, &next);
	assert_int_equal(n, 8);			/* "Il reste" */
	assert_int_equal(next, 9);
	s = "Bonjour tout le monde ! Il reste";
	n = utf8_cut(s, strlen(s), 22, &next);
	assert_int_equal(n, 15);		/* "Bonjour tout le" */
	assert_int_equal(next, 16);

	/* A word longer than the limit is cut before the U+00A0 and its word. */
	s = "abcdefgh\xc2\xa0!";
	n = utf8_cut(s, strlen(s), 9, &next);
	assert_int_equal(n, 7);
	assert_int_equal(next, 7);
	s = "abcdefgh\xe2\x80\xaf:";		/* U+202F */
	n = utf8_cut(s, strlen(s), 9, &next);
	assert_int_equal(n, 7);

	/* The same for a row: no row ends with one or starts with "!". */
	out = wrap_join("aaaaaaaa\xc2\xa0!", 9);
	assert_string_equal(out, "aaaaaaa|a\xc2\xa0!");
	free(out);
	out = wrap_join("aaaaaaaa\xc2\xa0!", 8);
	assert_string_equal(out, "aaaaaaa|a\xc2\xa0!");
	free(out);
	out = wrap_join("fin\xe2\x80\xaf: oui", 5);
	assert_string_equal(out, "fin\xe2\x80\xaf:|oui");
	free(out);
	/* With nothing before it, the row takes what fits. */
	out = wrap_join("\xc2\xa0!!!!", 2);
	assert_string_equal(out, "\xc2\xa0!|!!|!");
	free(out);
}

/*
 * Cut random lines into messages: each at most max code points, whole
 * UTF-8, on grapheme cluster boundaries (unless one cluster is longer than
 * a message), with only spaces left out between them, and always on.
 */
static void
test_cut_random(void **state)
{
	static const char *const pool[] = { "a", "b", "1", " ", "  ",
	    "\xe9\x95\xb7", "\xe6\x96\x87", "\xe3\x80\x82", "\xec\x95\x88",
	    "\xec\x95\x88\xeb\x85\x95", ACUTE, GRIN, FLAG, FAMILY, ZWJ,
	    "https://example.org/x?y=z" };
	char		 buf[512];
	size_t		 len, off, n, next, max, i, k;
	uint32_t	 seed = 7;
	int		 round;

	(void)state;

	for (round = 0; round < 5000; round++) {
		len = 0;
		while (len < 400) {
			seed = seed * 1103515245 + 12345;
			i = (seed >> 16) % (sizeof pool / sizeof pool[0]);
			memcpy(buf + len, pool[i], strlen(pool[i]));
			len += strlen(pool[i]);
		}
		max = 1 + round % 40;
		for (off = 0; off < len; off = next) {
			n = utf8_cut(buf + off, len - off, max, &next);
			next += off;
			n += off;
			assert_true(n > off);
			assert_true(next > off && n <= next && next <= len);
			assert_true(utf8_strlen(buf + off, n - off) <= max);
			assert_true(utf8_valid(buf + off, n - off));
			for (i = n; i < next; i++)
				assert_int_equal(buf[i], ' ');
			k = utf8_gc_next(buf, len, off);
			if (utf8_strlen(buf + off, k - off) > max)
				continue;	/* one cluster too long */
			while (k < n)
				k = utf8_gc_next(buf, len, k);
			assert_int_equal(k, n);
		}
	}
}

/* NFC (utf8-nfc.c): Hangul by arithmetic, the rest from the tables. */
static void
test_nfc(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} t[] = {
		/* Already NFC, or ASCII: unchanged. */
		{ "", "" },
		{ "alice", "alice" },
		{ "\xc3\xa9lodie", "\xc3\xa9lodie" },		/* élodie */
		{ KOREAN, KOREAN },
		{ GRIN FAMILY, GRIN FAMILY },
		/* Hangul L+V: ᄀ+ᅡ = 가. */
		{ "\xe1\x84\x80\xe1\x85\xa1", "\xea\xb0\x80" },
		/* Hangul L+V+T: ᄆ+ᅵ+ᆫ ᄉ+ᅮ = 민수. */
		{ "\xe1\x84\x86\xe1\x85\xb5\xe1\x86\xab"
		    "\xe1\x84\x89\xe1\x85\xae",
		    "\xeb\xaf\xbc\xec\x88\x98" },
		/* Hangul LV+T: 가+ᆨ = 각; LVT+T stays. */
		{ "\xea\xb0\x80\xe1\x86\xa8", "\xea\xb0\x81" },
		{ "\xea\xb0\x81\xe1\x86\xa8", "\xea\xb0\x81\xe1\x86\xa8" },
		/* Latin: e + U+0301 = é, E + U+0301 = É. */
		{ "e" ACUTE "lodie", "\xc3\xa9lodie" },
		{ "E" ACUTE, "\xc3\x89" },
		/*
		 * Two marks out of order: a + U+0301 (230) + U+0323 (220)
		 * is ạ́ = U+1EA1 U+0301 (the dot below first, then composed).
		 */
		{ "a" ACUTE "\xcc\xa3", "\xe1\xba\xa1" ACUTE },
		{ "a\xcc\xa3" ACUTE, "\xe1\xba\xa1" ACUTE },
		/* Same class: blocked, order kept (a + U+0301 + U+0300). */
		{ "a" ACUTE "\xcc\x80", "\xc3\xa1\xcc\x80" },
		{ "a\xcc\x80" ACUTE, "\xc3\xa0" ACUTE },
		/* Composition exclusions: U+0958 क़ stays decomposed. */
		{ "\xe0\xa5\x98", "\xe0\xa4\x95\xe0\xa4\xbc" },
		{ "\xe0\xa4\x95\xe0\xa4\xbc", "\xe0\xa4\x95\xe0\xa4\xbc" },
		/* Singletons: U+212B ANGSTROM SIGN is U+00C5 Å. */
		{ "\xe2\x84\xab", "\xc3\x85" },
		/* A mark with no base stays, and does not compose. */
		{ ACUTE "e", ACUTE "e" },
		/* Multi-level: U+1E69 ṩ from s + U+0323 + U+0307. */
		{ "s\xcc\x87\xcc\xa3", "\xe1\xb9\xa9" },
	};
	static const char	*bad[] = {
		"\xff", "e\xcc", "\xe1\x84", "\xed\xa0\x80",	/* surrogate */
		"\xc0\xaf", "ok\x80",
	};
	char	*out;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		out = utf8_nfc(t[i].in);
		assert_non_null(out);
		assert_string_equal(out, t[i].out);
		assert_int_equal(utf8_nfc_is(t[i].in),
		    strcmp(t[i].in, t[i].out) == 0);
		free(out);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_null(utf8_nfc(bad[i]));
		assert_int_equal(utf8_nfc_is(bad[i]), 0);
	}
	assert_int_equal(utf8_nfc_class('a'), 0);
	assert_int_equal(utf8_nfc_class(0x301), 230);
	assert_int_equal(utf8_nfc_class(0x323), 220);
	assert_int_equal(utf8_nfc_class(0xAC00), 0);
}

/* Canonically equivalent names fold alike; invalid bytes are kept. */
static void
test_nfc_casefold(void **state)
{
	char	*a, *b;

	(void)state;
	a = utf8_casefold("\xc3\x89lodie");			/* Élodie */
	b = utf8_casefold("e" ACUTE "LODIE");
	assert_string_equal(a, b);
	assert_string_equal(a, "\xc3\xa9lodie");
	free(a);
	free(b);
	a = utf8_casefold("\xeb\xaf\xbc\xec\x88\x98");		/* 민수 */
	b = utf8_casefold("\xe1\x84\x86\xe1\x85\xb5\xe1\x86\xab"
	    "\xe1\x84\x89\xe1\x85\xae");
	assert_string_equal(a, b);
	free(a);
	free(b);
	a = utf8_casefold("AB\xff");
	assert_string_equal(a, "ab\xff");
	free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_strlen),
		cmocka_unit_test(test_ascii_runs),
		cmocka_unit_test(test_cpwidth),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_is_unsafe),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_casefold),
		cmocka_unit_test(test_script_mixed),
		cmocka_unit_test(test_script_compat_form),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_nfc_casefold),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_wrap_words),
		cmocka_unit_test(test_wrap_korean),
		cmocka_unit_test(test_wrap_french),
		cmocka_unit_test(test_wrap_newline),
		cmocka_unit_test(test_wrap_edges),
		cmocka_unit_test(test_prev_next),
		cmocka_unit_test(test_graphemes),
		cmocka_unit_test(test_wrap_graphemes),
		cmocka_unit_test(test_wrap_cjk),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_cut_random),
		cmocka_unit_test(test_nbsp),
		cmocka_unit_test(test_random),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
