/* SPDX-License-Identifier: ISC */
/* utf8-lb.c: where a line of Chinese, Japanese or Korean may break. */

#include <sys/types.h>

#include <stdint.h>
#include <string.h>

#include "chatroom.h"

/*
 * Latin text wraps at spaces (see utf8_wrap).  Chinese and Japanese have no
 * spaces: a line may break before and after each ideograph or kana, as
 * UAX #14 has it for its classes ID, CJ and H2/H3, but never before closing
 * punctuation such as 。、」 and small kana, nor after opening punctuation
 * such as 「 (the "kinsoku" rules; strict ones, so a line never starts with
 * ー or っ).  Emoji are ID as well.  Korean is written with spaces between words, so a Hangul word
 * is kept whole like a Latin one, and breaks between syllables only when it
 * is wider than a whole row: those breaks are "soft".  Only the first code
 * point of a grapheme cluster counts.  The tables are hand-made from
 * Unicode 14 LineBreak.txt, for the wide blocks only: that is the text a
 * terminal client needs to fill its rows with.
 */

#define UTF8_LB_NITEMS(t) (sizeof (t) / sizeof (t)[0])

/*
 * Ideographs, kana, CJK symbols and fullwidth forms: UAX #14 ID and CJ.
 * The emoji blocks are ID too (with EB and EM, whose modifiers are part
 * of their cluster): a run of emoji breaks between any two of them.
 */
static const struct utf8_range utf8_lb_ideo[] = {
	{ 0x2E80, 0x2FFF }, { 0x3000, 0x303F }, { 0x3041, 0x30FF },
	{ 0x3105, 0x312F }, { 0x3190, 0x31FF }, { 0x3200, 0x4DBF },
	{ 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF }, { 0xF900, 0xFAFF },
	{ 0xFE10, 0xFE19 }, { 0xFE30, 0xFE6B }, { 0xFF01, 0xFF60 },
	{ 0xFFE0, 0xFFE6 }, { 0x1B000, 0x1B16F }, { 0x1F000, 0x1F0FF },
	{ 0x1F200, 0x1F2FF }, { 0x1F300, 0x1F64F }, { 0x1F680, 0x1F6FF },
	{ 0x1F7E0, 0x1F7FF }, { 0x1F900, 0x1F9FF }, { 0x1FA70, 0x1FAFF },
	{ 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD }
};

/* Hangul syllables and jamo that stand alone (ㅋㅋ): UAX #14 H2, H3, JL. */
static const struct utf8_range utf8_lb_hangul[] = {
	{ 0x1100, 0x115F }, { 0x3131, 0x318E }, { 0xA960, 0xA97F },
	{ 0xAC00, 0xD7A3 }
};

/* No break before: closing marks, stops, small kana, the long vowel mark. */
static const struct utf8_range utf8_lb_close[] = {
	{ 0x2019, 0x2019 }, { 0x201D, 0x201D }, { 0x2025, 0x2026 },
	{ 0x3000, 0x3002 }, { 0x3005, 0x3005 }, { 0x3009, 0x3009 },
	{ 0x300B, 0x300B }, { 0x300D, 0x300D }, { 0x300F, 0x300F },
	{ 0x3011, 0x3011 }, { 0x3015, 0x3015 }, { 0x3017, 0x3017 },
	{ 0x3019, 0x3019 }, { 0x301B, 0x301C }, { 0x301E, 0x301F },
	{ 0x303B, 0x303C }, { 0x3041, 0x3041 }, { 0x3043, 0x3043 },
	{ 0x3045, 0x3045 }, { 0x3047, 0x3047 }, { 0x3049, 0x3049 },
	{ 0x3063, 0x3063 }, { 0x3083, 0x3083 }, { 0x3085, 0x3085 },
	{ 0x3087, 0x3087 }, { 0x308E, 0x308E }, { 0x3095, 0x3096 },
	{ 0x309B, 0x309E }, { 0x30A0, 0x30A1 }, { 0x30A3, 0x30A3 },
	{ 0x30A5, 0x30A5 }, { 0x30A7, 0x30A7 }, { 0x30A9, 0x30A9 },
	{ 0x30C3, 0x30C3 }, { 0x30E3, 0x30E3 }, { 0x30E5, 0x30E5 },
	{ 0x30E7, 0x30E7 }, { 0x30EE, 0x30EE }, { 0x30F5, 0x30F6 },
	{ 0x30FB, 0x30FE }, { 0x31F0, 0x31FF }, { 0xFE10, 0xFE16 },
	{ 0xFE18, 0xFE19 }, { 0xFE36, 0xFE36 }, { 0xFE38, 0xFE38 },
	{ 0xFE3A, 0xFE3A }, { 0xFE3C, 0xFE3C }, { 0xFE3E, 0xFE3E },
	{ 0xFE40, 0xFE40 }, { 0xFE42, 0xFE42 }, { 0xFE44, 0xFE44 },
	{ 0xFE48, 0xFE48 }, { 0xFE50, 0xFE57 }, { 0xFE5A, 0xFE5A },
	{ 0xFE5C, 0xFE5C }, { 0xFE5E, 0xFE5E }, { 0xFF01, 0xFF01 },
	{ 0xFF09, 0xFF09 }, { 0xFF0C, 0xFF0C }, { 0xFF0E, 0xFF0E },
	{ 0xFF1A, 0xFF1B }, { 0xFF1F, 0xFF1F }, { 0xFF3D, 0xFF3D },
	{ 0xFF5D, 0xFF5D }, { 0xFF60, 0xFF60 }
};

/* No break after: opening brackets and quotes. */
static const struct utf8_range utf8_lb_open[] = {
	{ 0x2018, 0x2018 }, { 0x201C, 0x201C }, { 0x3008, 0x3008 },
	{ 0x300A, 0x300A }, { 0x300C, 0x300C }, { 0x300E, 0x300E },
	{ 0x3010, 0x3010 }, { 0x3014, 0x3014 }, { 0x3016, 0x3016 },
	{ 0x3018, 0x3018 }, { 0x301A, 0x301A }, { 0x301D, 0x301D },
	{ 0xFE17, 0xFE17 }, { 0xFE35, 0xFE35 }, { 0xFE37, 0xFE37 },
	{ 0xFE39, 0xFE39 }, { 0xFE3B, 0xFE3B }, { 0xFE3D, 0xFE3D },
	{ 0xFE3F, 0xFE3F }, { 0xFE41, 0xFE41 }, { 0xFE43, 0xFE43 },
	{ 0xFE47, 0xFE47 }, { 0xFE59, 0xFE59 }, { 0xFE5B, 0xFE5B },
	{ 0xFE5D, 0xFE5D }, { 0xFF08, 0xFF08 }, { 0xFF3B, 0xFF3B },
	{ 0xFF5B, 0xFF5B }, { 0xFF5F, 0xFF5F }
};

/* The UTF8_LB_* flags of the grapheme cluster of len bytes at s. */
int
utf8_lb_class(const char *s, size_t len)
{
	uint32_t	cp;
	int		flags = 0;

	if (len == 0)
		return (0);
	if ((u_char)*s < 0x80) {
		/* Latin punctuation next to an ideograph holds on to it. */
		switch (*s) {
		case '!': case ')': case ',': case '.': case ':': case ';':
		case '?': case ']': case '}': case '%':
			return (UTF8_LB_NOBEFORE);
		case '(': case '[': case '{':
			return (UTF8_LB_NOAFTER);
		case '"': case '\'':
			return (UTF8_LB_NOBEFORE|UTF8_LB_NOAFTER);
		}
		return (0);
	}
	if (utf8_decode(s, len, &cp) < 0 || cp < 0x1100)
		return (0);
	/* The most common first: Chinese ideographs, Hangul syllables. */
	if (cp >= 0x4E00 && cp <= 0x9FFF)
		return (UTF8_LB_BEFORE|UTF8_LB_AFTER);
	if (cp >= 0xAC00 && cp <= 0xD7A3)
		return (UTF8_LB_SOFT);
	if (utf8_in_table(cp, utf8_lb_hangul, UTF8_LB_NITEMS(utf8_lb_hangul)))
		return (UTF8_LB_SOFT);
	if (utf8_in_table(cp, utf8_lb_ideo, UTF8_LB_NITEMS(utf8_lb_ideo)))
		flags = UTF8_LB_BEFORE|UTF8_LB_AFTER;
	if (utf8_in_table(cp, utf8_lb_close, UTF8_LB_NITEMS(utf8_lb_close)))
		flags = (flags & ~UTF8_LB_BEFORE)|UTF8_LB_NOBEFORE;
	else if (utf8_in_table(cp, utf8_lb_open, UTF8_LB_NITEMS(utf8_lb_open)))
		flags = (flags & ~UTF8_LB_AFTER)|UTF8_LB_NOAFTER;
	return (flags);
}

/*
 * May a line break between a cluster of flags a and one of flags b, with
 * no space between them?  UTF8_LB_HARD if so, UTF8_LB_SOFT for a break
 * inside a Korean word, 0 if not.
 */
int
utf8_lb_break(int a, int b)
{
	if ((a & UTF8_LB_NOAFTER) || (b & UTF8_LB_NOBEFORE))
		return (0);
	if ((a & UTF8_LB_AFTER) || (b & UTF8_LB_BEFORE))
		return (UTF8_LB_HARD);
	if ((a | b) & UTF8_LB_SOFT)
		return (UTF8_LB_SOFT);
	return (0);
}
