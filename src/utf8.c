/* SPDX-License-Identifier: ISC */
/* utf8.c: UTF-8 validation, sanitising, display width and wrapping. */

#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "chatroom.h"

/*
 * Display widths come from the tables below rather than wcwidth(3), so that
 * the hub and every client agree on them whatever the locale or the C
 * library.  They were generated from Unicode 14: zero width for categories
 * Mn, Me and Cf (except the soft hyphen and the prepended concatenation
 * marks) and for the Hangul medial vowels and final consonants; two columns
 * for East_Asian_Width W and F, for the whole CJK ideograph blocks and
 * planes 2 and 3, for U+3248-324F and U+4DC0-4DFF as glibc has them, and
 * for the unassigned code points of the emoji blocks U+1F900-1F9FF and
 * U+1FA70-1FAFF, so emoji added there later are wide too.  Both tables are
 * sorted and no code point is in both.
 */
/* An ASCII letter or digit, whatever the locale. */
#define UTF8_ALNUM(c) (((c) >= 'a' && (c) <= 'z') || \
	((c) >= 'A' && (c) <= 'Z') || ((c) >= '0' && (c) <= '9'))

static uint32_t	utf8_fold(uint32_t);
static size_t	utf8_step(const char *, size_t, size_t, size_t *);
static int	utf8_wrap_long(const char *, size_t, size_t, size_t);
static int	utf8_wrap_glue(const char *, size_t, size_t);
static int	utf8_nbsp(const char *, size_t);
static size_t	utf8_nbsp_back(const char *, size_t, size_t);

/* Combining marks, format characters and Hangul jamo that join a syllable. */
static const struct utf8_range utf8_zero[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
	{ 0x05BF, 0x05BF }, { 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 },
	{ 0x05C7, 0x05C7 }, { 0x0610, 0x061A }, { 0x061C, 0x061C },
	{ 0x064B, 0x065F }, { 0x0670, 0x0670 }, { 0x06D6, 0x06DC },
	{ 0x06DF, 0x06E4 }, { 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED },
	{ 0x0711, 0x0711 }, { 0x0730, 0x074A }, { 0x07A6, 0x07B0 },
	{ 0x07EB, 0x07F3 }, { 0x07FD, 0x07FD }, { 0x0816, 0x0819 },
	{ 0x081B, 0x0823 }, { 0x0825, 0x0827 }, { 0x0829, 0x082D },
	{ 0x0859, 0x085B }, { 0x0898, 0x089F }, { 0x08CA, 0x08E1 },
	{ 0x08E3, 0x0902 }, { 0x093A, 0x093A }, { 0x093C, 0x093C },
	{ 0x0941, 0x0948 }, { 0x094D, 0x094D }, { 0x0951, 0x0957 },
	{ 0x0962, 0x0963 }, { 0x0981, 0x0981 }, { 0x09BC, 0x09BC },
	{ 0x09C1, 0x09C4 }, { 0x09CD, 0x09CD }, { 0x09E2, 0x09E3 },
	{ 0x09FE, 0x09FE }, { 0x0A01, 0x0A02 }, { 0x0A3C, 0x0A3C },
	{ 0x0A41, 0x0A42 }, { 0x0A47, 0x0A48 }, { 0x0A4B, 0x0A4D },
	{ 0x0A51, 0x0A51 }, { 0x0A70, 0x0A71 }, { 0x0A75, 0x0A75 },
	{ 0x0A81, 0x0A82 }, { 0x0ABC, 0x0ABC }, { 0x0AC1, 0x0AC5 },
	{ 0x0AC7, 0x0AC8 }, { 0x0ACD, 0x0ACD }, { 0x0AE2, 0x0AE3 },
	{ 0x0AFA, 0x0AFF }, { 0x0B01, 0x0B01 }, { 0x0B3C, 0x0B3C },
	{ 0x0B3F, 0x0B3F }, { 0x0B41, 0x0B44 }, { 0x0B4D, 0x0B4D },
	{ 0x0B55, 0x0B56 }, { 0x0B62, 0x0B63 }, { 0x0B82, 0x0B82 },
	{ 0x0BC0, 0x0BC0 }, { 0x0BCD, 0x0BCD }, { 0x0C00, 0x0C00 },
	{ 0x0C04, 0x0C04 }, { 0x0C3C, 0x0C3C }, { 0x0C3E, 0x0C40 },
	{ 0x0C46, 0x0C48 }, { 0x0C4A, 0x0C4D }, { 0x0C55, 0x0C56 },
	{ 0x0C62, 0x0C63 }, { 0x0C81, 0x0C81 }, { 0x0CBC, 0x0CBC },
	{ 0x0CBF, 0x0CBF }, { 0x0CC6, 0x0CC6 }, { 0x0CCC, 0x0CCD },
	{ 0x0CE2, 0x0CE3 }, { 0x0D00, 0x0D01 }, { 0x0D3B, 0x0D3C },
	{ 0x0D41, 0x0D44 }, { 0x0D4D, 0x0D4D }, { 0x0D62, 0x0D63 },
	{ 0x0D81, 0x0D81 }, { 0x0DCA, 0x0DCA }, { 0x0DD2, 0x0DD4 },
	{ 0x0DD6, 0x0DD6 }, { 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A },
	{ 0x0E47, 0x0E4E }, { 0x0EB1, 0x0EB1 }, { 0x0EB4, 0x0EBC },
	{ 0x0EC8, 0x0ECD }, { 0x0F18, 0x0F19 }, { 0x0F35, 0x0F35 },
	{ 0x0F37, 0x0F37 }, { 0x0F39, 0x0F39 }, { 0x0F71, 0x0F7E },
	{ 0x0F80, 0x0F84 }, { 0x0F86, 0x0F87 }, { 0x0F8D, 0x0F97 },
	{ 0x0F99, 0x0FBC }, { 0x0FC6, 0x0FC6 }, { 0x102D, 0x1030 },
	{ 0x1032, 0x1037 }, { 0x1039, 0x103A }, { 0x103D, 0x103E },
	{ 0x1058, 0x1059 }, { 0x105E, 0x1060 }, { 0x1071, 0x1074 },
	{ 0x1082, 0x1082 }, { 0x1085, 0x1086 }, { 0x108D, 0x108D },
	{ 0x109D, 0x109D }, { 0x1160, 0x11FF }, { 0x135D, 0x135F },
	{ 0x1712, 0x1714 }, { 0x1732, 0x1733 }, { 0x1752, 0x1753 },
	{ 0x1772, 0x1773 }, { 0x17B4, 0x17B5 }, { 0x17B7, 0x17BD },
	{ 0x17C6, 0x17C6 }, { 0x17C9, 0x17D3 }, { 0x17DD, 0x17DD },
	{ 0x180B, 0x180F }, { 0x1885, 0x1886 }, { 0x18A9, 0x18A9 },
	{ 0x1920, 0x1922 }, { 0x1927, 0x1928 }, { 0x1932, 0x1932 },
	{ 0x1939, 0x193B }, { 0x1A17, 0x1A18 }, { 0x1A1B, 0x1A1B },
	{ 0x1A56, 0x1A56 }, { 0x1A58, 0x1A5E }, { 0x1A60, 0x1A60 },
	{ 0x1A62, 0x1A62 }, { 0x1A65, 0x1A6C }, { 0x1A73, 0x1A7C },
	{ 0x1A7F, 0x1A7F }, { 0x1AB0, 0x1ACE }, { 0x1B00, 0x1B03 },
	{ 0x1B34, 0x1B34 }, { 0x1B36, 0x1B3A }, { 0x1B3C, 0x1B3C },
	{ 0x1B42, 0x1B42 }, { 0x1B6B, 0x1B73 }, { 0x1B80, 0x1B81 },
	{ 0x1BA2, 0x1BA5 }, { 0x1BA8, 0x1BA9 }, { 0x1BAB, 0x1BAD },
	{ 0x1BE6, 0x1BE6 }, { 0x1BE8, 0x1BE9 }, { 0x1BED, 0x1BED },
	{ 0x1BEF, 0x1BF1 }, { 0x1C2C, 0x1C33 }, { 0x1C36, 0x1C37 },
	{ 0x1CD0, 0x1CD2 }, { 0x1CD4, 0x1CE0 }, { 0x1CE2, 0x1CE8 },
	{ 0x1CED, 0x1CED }, { 0x1CF4, 0x1CF4 }, { 0x1CF8, 0x1CF9 },
	{ 0x1DC0, 0x1DFF }, { 0x200B, 0x200F }, { 0x202A, 0x202E },
	{ 0x2060, 0x2064 }, { 0x2066, 0x206F }, { 0x20D0, 0x20F0 },
	{ 0x2CEF, 0x2CF1 }, { 0x2D7F, 0x2D7F }, { 0x2DE0, 0x2DFF },
	{ 0x302A, 0x302D }, { 0x3099, 0x309A }, { 0xA66F, 0xA672 },
	{ 0xA674, 0xA67D }, { 0xA69E, 0xA69F }, { 0xA6F0, 0xA6F1 },
	{ 0xA802, 0xA802 }, { 0xA806, 0xA806 }, { 0xA80B, 0xA80B },
	{ 0xA825, 0xA826 }, { 0xA82C, 0xA82C }, { 0xA8C4, 0xA8C5 },
	{ 0xA8E0, 0xA8F1 }, { 0xA8FF, 0xA8FF }, { 0xA926, 0xA92D },
	{ 0xA947, 0xA951 }, { 0xA980, 0xA982 }, { 0xA9B3, 0xA9B3 },
	{ 0xA9B6, 0xA9B9 }, { 0xA9BC, 0xA9BD }, { 0xA9E5, 0xA9E5 },
	{ 0xAA29, 0xAA2E }, { 0xAA31, 0xAA32 }, { 0xAA35, 0xAA36 },
	{ 0xAA43, 0xAA43 }, { 0xAA4C, 0xAA4C }, { 0xAA7C, 0xAA7C },
	{ 0xAAB0, 0xAAB0 }, { 0xAAB2, 0xAAB4 }, { 0xAAB7, 0xAAB8 },
	{ 0xAABE, 0xAABF }, { 0xAAC1, 0xAAC1 }, { 0xAAEC, 0xAAED },
	{ 0xAAF6, 0xAAF6 }, { 0xABE5, 0xABE5 }, { 0xABE8, 0xABE8 },
	{ 0xABED, 0xABED }, { 0xD7B0, 0xD7FF }, { 0xFB1E, 0xFB1E },
	{ 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF },
	{ 0xFFF9, 0xFFFB }, { 0x101FD, 0x101FD }, { 0x102E0, 0x102E0 },
	{ 0x10376, 0x1037A }, { 0x10A01, 0x10A03 }, { 0x10A05, 0x10A06 },
	{ 0x10A0C, 0x10A0F }, { 0x10A38, 0x10A3A }, { 0x10A3F, 0x10A3F },
	{ 0x10AE5, 0x10AE6 }, { 0x10D24, 0x10D27 }, { 0x10EAB, 0x10EAC },
	{ 0x10F46, 0x10F50 }, { 0x10F82, 0x10F85 }, { 0x11001, 0x11001 },
	{ 0x11038, 0x11046 }, { 0x11070, 0x11070 }, { 0x11073, 0x11074 },
	{ 0x1107F, 0x11081 }, { 0x110B3, 0x110B6 }, { 0x110B9, 0x110BA },
	{ 0x110C2, 0x110C2 }, { 0x11100, 0x11102 }, { 0x11127, 0x1112B },
	{ 0x1112D, 0x11134 }, { 0x11173, 0x11173 }, { 0x11180, 0x11181 },
	{ 0x111B6, 0x111BE }, { 0x111C9, 0x111CC }, { 0x111CF, 0x111CF },
	{ 0x1122F, 0x11231 }, { 0x11234, 0x11234 }, { 0x11236, 0x11237 },
	{ 0x1123E, 0x1123E }, { 0x112DF, 0x112DF }, { 0x112E3, 0x112EA },
	{ 0x11300, 0x11301 }, { 0x1133B, 0x1133C }, { 0x11340, 0x11340 },
	{ 0x11366, 0x1136C }, { 0x11370, 0x11374 }, { 0x11438, 0x1143F },
	{ 0x11442, 0x11444 }, { 0x11446, 0x11446 }, { 0x1145E, 0x1145E },
	{ 0x114B3, 0x114B8 }, { 0x114BA, 0x114BA }, { 0x114BF, 0x114C0 },
	{ 0x114C2, 0x114C3 }, { 0x115B2, 0x115B5 }, { 0x115BC, 0x115BD },
	{ 0x115BF, 0x115C0 }, { 0x115DC, 0x115DD }, { 0x11633, 0x1163A },
	{ 0x1163D, 0x1163D }, { 0x1163F, 0x11640 }, { 0x116AB, 0x116AB },
	{ 0x116AD, 0x116AD }, { 0x116B0, 0x116B5 }, { 0x116B7, 0x116B7 },
	{ 0x1171D, 0x1171F }, { 0x11722, 0x11725 }, { 0x11727, 0x1172B },
	{ 0x1182F, 0x11837 }, { 0x11839, 0x1183A }, { 0x1193B, 0x1193C },
	{ 0x1193E, 0x1193E }, { 0x11943, 0x11943 }, { 0x119D4, 0x119D7 },
	{ 0x119DA, 0x119DB }, { 0x119E0, 0x119E0 }, { 0x11A01, 0x11A0A },
	{ 0x11A33, 0x11A38 }, { 0x11A3B, 0x11A3E }, { 0x11A47, 0x11A47 },
	{ 0x11A51, 0x11A56 }, { 0x11A59, 0x11A5B }, { 0x11A8A, 0x11A96 },
	{ 0x11A98, 0x11A99 }, { 0x11C30, 0x11C36 }, { 0x11C38, 0x11C3D },
	{ 0x11C3F, 0x11C3F }, { 0x11C92, 0x11CA7 }, { 0x11CAA, 0x11CB0 },
	{ 0x11CB2, 0x11CB3 }, { 0x11CB5, 0x11CB6 }, { 0x11D31, 0x11D36 },
	{ 0x11D3A, 0x11D3A }, { 0x11D3C, 0x11D3D }, { 0x11D3F, 0x11D45 },
	{ 0x11D47, 0x11D47 }, { 0x11D90, 0x11D91 }, { 0x11D95, 0x11D95 },
	{ 0x11D97, 0x11D97 }, { 0x11EF3, 0x11EF4 }, { 0x13430, 0x13438 },
	{ 0x16AF0, 0x16AF4 }, { 0x16B30, 0x16B36 }, { 0x16F4F, 0x16F4F },
	{ 0x16F8F, 0x16F92 }, { 0x16FE4, 0x16FE4 }, { 0x1BC9D, 0x1BC9E },
	{ 0x1BCA0, 0x1BCA3 }, { 0x1CF00, 0x1CF2D }, { 0x1CF30, 0x1CF46 },
	{ 0x1D167, 0x1D169 }, { 0x1D173, 0x1D182 }, { 0x1D185, 0x1D18B },
	{ 0x1D1AA, 0x1D1AD }, { 0x1D242, 0x1D244 }, { 0x1DA00, 0x1DA36 },
	{ 0x1DA3B, 0x1DA6C }, { 0x1DA75, 0x1DA75 }, { 0x1DA84, 0x1DA84 },
	{ 0x1DA9B, 0x1DA9F }, { 0x1DAA1, 0x1DAAF }, { 0x1E000, 0x1E006 },
	{ 0x1E008, 0x1E018 }, { 0x1E01B, 0x1E021 }, { 0x1E023, 0x1E024 },
	{ 0x1E026, 0x1E02A }, { 0x1E130, 0x1E136 }, { 0x1E2AE, 0x1E2AE },
	{ 0x1E2EC, 0x1E2EF }, { 0x1E8D0, 0x1E8D6 }, { 0x1E944, 0x1E94A },
	{ 0xE0001, 0xE0001 }, { 0xE0020, 0xE007F }, { 0xE0100, 0xE01EF },
};

/* East Asian Wide and Fullwidth, and emoji shown in emoji presentation. */
static const struct utf8_range utf8_wide[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A },
	{ 0x23E9, 0x23EC }, { 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 },
	{ 0x25FD, 0x25FE }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267F, 0x267F }, { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 },
	{ 0x26CE, 0x26CE }, { 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA },
	{ 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 }, { 0x26FA, 0x26FA },
	{ 0x26FD, 0x26FD }, { 0x2705, 0x2705 }, { 0x270A, 0x270B },
	{ 0x2728, 0x2728 }, { 0x274C, 0x274C }, { 0x274E, 0x274E },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF }, { 0x2B1B, 0x2B1C },
	{ 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x2E80, 0x2E99 },
	{ 0x2E9B, 0x2EF3 }, { 0x2F00, 0x2FD5 }, { 0x2FF0, 0x2FFB },
	{ 0x3000, 0x3029 }, { 0x302E, 0x303E }, { 0x3041, 0x3096 },
	{ 0x309B, 0x30FF }, { 0x3105, 0x312F }, { 0x3131, 0x318E },
	{ 0x3190, 0x31E3 }, { 0x31F0, 0x321E }, { 0x3220, 0xA48C },
	{ 0xA490, 0xA4C6 }, { 0xA960, 0xA97C }, { 0xAC00, 0xD7A3 },
	{ 0xF900, 0xFAFF }, { 0xFE10, 0xFE19 }, { 0xFE30, 0xFE52 },
	{ 0xFE54, 0xFE66 }, { 0xFE68, 0xFE6B }, { 0xFF01, 0xFF60 },
	{ 0xFFE0, 0xFFE6 }, { 0x16FE0, 0x16FE3 }, { 0x16FF0, 0x16FF1 },
	{ 0x17000, 0x187F7 }, { 0x18800, 0x18CD5 }, { 0x18D00, 0x18D08 },
	{ 0x1AFF0, 0x1AFF3 }, { 0x1AFF5, 0x1AFFB }, { 0x1AFFD, 0x1AFFE },
	{ 0x1B000, 0x1B122 }, { 0x1B150, 0x1B152 }, { 0x1B164, 0x1B167 },
	{ 0x1B170, 0x1B2FB }, { 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF },
	{ 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A }, { 0x1F200, 0x1F202 },
	{ 0x1F210, 0x1F23B }, { 0x1F240, 0x1F248 }, { 0x1F250, 0x1F251 },
	{ 0x1F260, 0x1F265 }, { 0x1F300, 0x1F320 }, { 0x1F32D, 0x1F335 },
	{ 0x1F337, 0x1F37C }, { 0x1F37E, 0x1F393 }, { 0x1F3A0, 0x1F3CA },
	{ 0x1F3CF, 0x1F3D3 }, { 0x1F3E0, 0x1F3F0 }, { 0x1F3F4, 0x1F3F4 },
	{ 0x1F3F8, 0x1F43E }, { 0x1F440, 0x1F440 }, { 0x1F442, 0x1F4FC },
	{ 0x1F4FF, 0x1F53D }, { 0x1F54B, 0x1F54E }, { 0x1F550, 0x1F567 },
	{ 0x1F57A, 0x1F57A }, { 0x1F595, 0x1F596 }, { 0x1F5A4, 0x1F5A4 },
	{ 0x1F5FB, 0x1F64F }, { 0x1F680, 0x1F6C5 }, { 0x1F6CC, 0x1F6CC },
	{ 0x1F6D0, 0x1F6D2 }, { 0x1F6D5, 0x1F6D7 }, { 0x1F6DD, 0x1F6DF },
	{ 0x1F6EB, 0x1F6EC }, { 0x1F6F4, 0x1F6FC }, { 0x1F7E0, 0x1F7EB },
	{ 0x1F7F0, 0x1F7F0 }, { 0x1F90C, 0x1F93A }, { 0x1F93C, 0x1F945 },
	{ 0x1F947, 0x1F9FF }, { 0x1FA70, 0x1FAFF }, { 0x20000, 0x2FFFD },
	{ 0x30000, 0x3FFFD },
};

#define UTF8_NITEMS(a)		(sizeof (a) / sizeof (a)[0])
#define UTF8_CONT(c)		(((c) & 0xC0) == 0x80)
#define UTF8_REPLACEMENT	0xFFFD

/* Look cp up in a sorted range table (here, and utf8-lb.c's). */
int
utf8_in_table(uint32_t cp, const struct utf8_range *t, size_t n)
{
	size_t	lo = 0, hi = n, mid;

	if (n == 0 || cp < t[0].first || cp > t[n - 1].last)
		return (0);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < t[mid].first)
			hi = mid;
		else if (cp > t[mid].last)
			lo = mid + 1;
		else
			return (1);
	}
	return (0);
}

/*
 * How many bytes at s are ASCII but NUL (most of any frame): eight bytes
 * are looked at a time, a word with no high bit and no zero byte being
 * all ASCII.
 */
size_t
utf8_ascii(const char *s, size_t len)
{
	const u_char	*p = (const u_char *)s;
	const uint64_t	 ones = 0x0101010101010101ULL;
	const uint64_t	 highs = 0x8080808080808080ULL;
	uint64_t	 w;
	size_t		 i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		if (((w | ((w - ones) & ~w)) & highs) != 0)
			break;
	}
	while (i < len && p[i] >= 0x01 && p[i] < 0x80)
		i++;
	return (i);
}

/* Check that s[0..len) is well-formed UTF-8 with no NUL bytes. */
int
utf8_valid(const char *s, size_t len)
{
	size_t		 off = 0;
	uint32_t	 cp;
	int		 n;

	while (off < len) {
		off += utf8_ascii(s + off, len - off);
		if (off == len)
			break;
		n = utf8_decode(s + off, len - off, &cp);
		if (n < 0 || cp == 0)
			return (0);
		off += n;
	}
	return (1);
}

/*
 * Decode the code point at s, with len bytes available.  Return its length,
 * or -1 with U+FFFD for an invalid or truncated sequence.  The second-byte
 * ranges are those of RFC 3629, which exclude overlong forms, surrogates and
 * code points past U+10FFFF.
 */
int
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const u_char	*p = (const u_char *)s;
	u_char		 lo = 0x80, hi = 0xBF;
	uint32_t	 v;
	int		 n, i;

	*cp = UTF8_REPLACEMENT;
	if (len == 0)
		return (-1);
	if (p[0] < 0x80) {
		*cp = p[0];
		return (1);
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2;
		v = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3;
		v = p[0] & 0x0F;
		if (p[0] == 0xE0)
			lo = 0xA0;
		else if (p[0] == 0xED)
			hi = 0x9F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4;
		v = p[0] & 0x07;
		if (p[0] == 0xF0)
			lo = 0x90;
		else if (p[0] == 0xF4)
			hi = 0x8F;
	} else
		return (-1);
	if (len < (size_t)n)
		return (-1);
	if (p[1] < lo || p[1] > hi)
		return (-1);
	for (i = 1; i < n; i++) {
		if (!UTF8_CONT(p[i]))
			return (-1);
		v = (v << 6) | (p[i] & 0x3F);
	}
	*cp = v;
	return (n);
}

/*
 * Encode cp into out, which has room for four bytes, and return the length.
 * Surrogates and values past U+10FFFF are written as U+FFFD.
 */
size_t
utf8_encode(uint32_t cp, char *out)
{
	u_char	*p = (u_char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = UTF8_REPLACEMENT;
	if (cp < 0x80) {
		p[0] = cp;
		return (1);
	}
	if (cp < 0x800) {
		p[0] = 0xC0 | (cp >> 6);
		p[1] = 0x80 | (cp & 0x3F);
		return (2);
	}
	if (cp < 0x10000) {
		p[0] = 0xE0 | (cp >> 12);
		p[1] = 0x80 | ((cp >> 6) & 0x3F);
		p[2] = 0x80 | (cp & 0x3F);
		return (3);
	}
	p[0] = 0xF0 | (cp >> 18);
	p[1] = 0x80 | ((cp >> 12) & 0x3F);
	p[2] = 0x80 | ((cp >> 6) & 0x3F);
	p[3] = 0x80 | (cp & 0x3F);
	return (4);
}

/* Count the code points in s; each invalid byte counts as one. */
size_t
utf8_strlen(const char *s, size_t len)
{
	size_t		off = 0, count = 0, run;
	uint32_t	cp;
	int		n;

	while (off < len) {
		if ((run = utf8_ascii(s + off, len - off)) > 0) {
			count += run;	/* ASCII goes fast */
			off += run;
			continue;
		}
		count++;
		if ((u_char)s[off] < 0x80) {	/* NUL */
			off++;
			continue;
		}
		n = utf8_decode(s + off, len - off, &cp);
		off += (n < 0) ? 1 : (size_t)n;
	}
	return (count);
}

/* Return the number of terminal columns cp takes: 0, 1 or 2. */
int
utf8_cpwidth(uint32_t cp)
{
	if (cp < 0x300)
		return (1);
	if (utf8_in_table(cp, utf8_zero, UTF8_NITEMS(utf8_zero)))
		return (0);
	if (utf8_in_table(cp, utf8_wide, UTF8_NITEMS(utf8_wide)))
		return (2);
	return (1);
}

/* Return the display width of s; each invalid byte counts as one column. */
size_t
utf8_width(const char *s, size_t len)
{
	size_t		off = 0, width = 0;
	uint32_t	cp;
	int		n;

	while (off < len) {
		n = utf8_decode(s + off, len - off, &cp);
		if (n < 0) {
			off++;
			width++;
			continue;
		}
		off += n;
		width += utf8_cpwidth(cp);
	}
	return (width);
}

/*
 * Return 1 for code points that must never reach a terminal as they are:
 * controls, which can start escape sequences, and the bidirectional and
 * separator characters that can make text appear other than it is.
 */
int
utf8_is_unsafe(uint32_t cp)
{
	if (cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F))
		return (1);
	switch (cp) {
	case 0x061C:
	case 0x200E:
	case 0x200F:
	case 0x2028:
	case 0x2029:
		return (1);
	}
	if (cp >= 0x202A && cp <= 0x202E)
		return (1);
	if (cp >= 0x2066 && cp <= 0x2069)
		return (1);
	if (cp >= 0xFFF9 && cp <= 0xFFFB)
		return (1);
	return (0);
}

/*
 * Return a new string that is safe to print: invalid bytes and unsafe code
 * points become U+FFFD, C0 controls their caret form, a tab a space and a
 * newline a space unless keep_newlines is set; carriage returns go.
 */
char *
utf8_sanitize(const char *s, size_t len, int keep_newlines)
{
	char		*out;
	size_t		 off = 0, o = 0;
	uint32_t	 cp;
	int		 n;

	/* Each input byte becomes at most three output bytes. */
	out = xreallocarray(NULL, len + 1, 3);
	while (off < len) {
		n = utf8_decode(s + off, len - off, &cp);
		if (n < 0) {
			o += utf8_encode(UTF8_REPLACEMENT, out + o);
			off++;
			continue;
		}
		if (!utf8_is_unsafe(cp)) {
			memcpy(out + o, s + off, n);
			o += n;
		} else if (cp == '\t')
			out[o++] = ' ';
		else if (cp == '\n')
			out[o++] = keep_newlines ? '\n' : ' ';
		else if (cp == '\r')
			;
		else if (cp <= 0x1F || cp == 0x7F) {
			out[o++] = '^';
			out[o++] = cp ^ 0x40;
		} else
			o += utf8_encode(UTF8_REPLACEMENT, out + o);
		off += n;
	}
	out[o] = '\0';
	return (out);
}

/*
 * Map one code point to its Unicode simple case folding (CaseFolding.txt
 * statuses C and S), from utf8proc's tables.  utf8proc gives the full
 * folding; where that is more than one code point, the simple one is the
 * lower case mapping (U+1E9E to U+00DF) or the code point itself (U+00DF).
 * U+0130 folds to i, so that it cannot pass for a nick with an i.
 */
static uint32_t
utf8_fold(uint32_t cp)
{
	utf8proc_int32_t	seq[4];
	utf8proc_ssize_t	n;
	int			last = 0;

	if (cp < 0x80)
		return (cp >= 'A' && cp <= 'Z' ? cp + 0x20 : cp);
	if (cp == 0x0130)
		return ('i');
	n = utf8proc_decompose_char(cp, seq, 4, UTF8PROC_CASEFOLD, &last);
	if (n == 1)
		return (seq[0]);
	if (n > 1)
		return (utf8proc_tolower(cp));
	return (cp);
}

/*
 * Return a case-folded copy of s, in NFC, for comparing nicks and room
 * names (see utf8-nfc.c).  A folded character may take one byte more than
 * the original (U+023A, two bytes, folds to U+2C65, three), so the copy
 * has room for half as much again.
 */
char *
utf8_casefold(const char *s)
{
	char		*out, *nfc;
	size_t		 len, off = 0, o = 0;
	uint32_t	 cp;
	int		 n;

	len = strlen(s);
	out = xmalloc(len + len / 2 + 2);
	while (off < len) {
		n = utf8_decode(s + off, len - off, &cp);
		if (n < 0) {
			out[o++] = s[off++];
			continue;
		}
		o += utf8_encode(utf8_fold(cp), out + o);
		off += n;
	}
	out[o] = '\0';
	/* Then in NFC, so that canonically equivalent names fold alike. */
	if ((nfc = utf8_nfc(out)) != NULL) {
		free(out);
		out = nfc;
	}
	return (out);
}

/*
 * Is a code point a combining mark (general category M), which needs a
 * character before it to sit on?
 */
int
utf8_is_mark(uint32_t cp)
{
	utf8proc_category_t	c;

	if (cp < 0x300)
		return (0);
	c = utf8proc_category(cp);
	return (c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
	    c == UTF8PROC_CATEGORY_ME);
}

/*
 * Return 1 for code points a name must not hold because they cannot be
 * seen or have no fixed look: default-ignorable ones (U+00AD, U+034F,
 * U+200B-200F, U+2060-206F, U+3164, U+FEFF, variation selectors, tags),
 * format characters, separators other than the space, private use,
 * surrogates and unassigned code points, and U+2800 (a blank).
 */
int
utf8_is_invisible(uint32_t cp)
{
	const utf8proc_property_t	*p;

	if (cp < 0x80)
		return (0);
	if (cp == 0x2800)
		return (1);
	p = utf8proc_get_property(cp);
	if (p->ignorable)
		return (1);
	switch (p->category) {
	case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CO:
	case UTF8PROC_CATEGORY_CS:
	case UTF8PROC_CATEGORY_CN:
		return (1);
	}
	return (0);
}

/*
 * Return the length of the longest prefix of s, ending between two grapheme
 * clusters, that fits in width columns; its width goes in *used.
 */
size_t
utf8_fit(const char *s, size_t len, size_t width, size_t *used)
{
	size_t	off = 0, col = 0, w, next;

	while (off < len) {
		next = utf8_step(s, len, off, &w);
		if (col + w > width)
			break;
		col += w;
		off = next;
	}
	if (used != NULL)
		*used = col;
	return (off);
}

/* Step over the grapheme cluster at off; its width goes in *w. */
static size_t
utf8_step(const char *s, size_t len, size_t off, size_t *w)
{
	size_t	next;

	next = utf8_gc_next(s, len, off);
	if (next == off + 1 && (u_char)s[off] < 0x80)
		*w = 1;
	else
		*w = utf8_width(s + off, next - off);
	return (next);
}

/*
 * Is the piece of s at off, up to the next space or place where a line
 * may break anyway, wider than width columns?  Then a Korean word in it
 * breaks between syllables, to fill the row instead of leaving it part
 * empty.
 */
static int
utf8_wrap_long(const char *s, size_t len, size_t off, size_t width)
{
	size_t	col = 0, w, n;
	int	f, pf = UTF8_LB_NOAFTER;

	while (off < len && s[off] != ' ' && s[off] != '\n') {
		n = utf8_step(s, len, off, &w);
		f = utf8_lb_class(s + off, n - off);
		if (utf8_lb_break(pf, f) == UTF8_LB_HARD)
			return (0);
		col += w;
		if (col > width)
			return (1);
		pf = f;
		off = n;
	}
	return (0);
}

/*
 * Is the space at off one a line never breaks at, as French typography's
 * no-break space: a single space before ':', ';', '!' or '?', or between
 * a number and its unit ("7 j", "90 min")?  Translations write plain
 * spaces there, and a row must not start with a lone ':' or "j)".
 */
static int
utf8_wrap_glue(const char *s, size_t len, size_t off)
{
	size_t	n;
	u_char	c;

	if (off + 1 >= len || s[off + 1] == ' ')
		return (0);
	c = s[off + 1];
	if (c == ':' || c == ';' || c == '!' || c == '?')
		return (1);
	if (off == 0 || s[off - 1] < '0' || s[off - 1] > '9')
		return (0);
	if (c < 0x80)
		return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
	/* A unit in Korean (7 일), not a Chinese word a line may start. */
	n = utf8_gc_next(s, len, off + 1);
	return (!(utf8_lb_class(s + off + 1, n - off - 1) & UTF8_LB_BEFORE));
}

/*
 * Is the character at s a no-break space: U+00A0, U+202F (the narrow one
 * French typography puts before ':' and '!') or U+2007?
 */
static int
utf8_nbsp(const char *s, size_t len)
{
	if (len >= 2 && (u_char)s[0] == 0xC2 && (u_char)s[1] == 0xA0)
		return (1);
	return (len >= 3 && (u_char)s[0] == 0xE2 && (u_char)s[1] == 0x80 &&
	    ((u_char)s[2] == 0xAF || (u_char)s[2] == 0x87));
}

/*
 * Move a break forced at off (inside a word too long for a line) off a
 * no-break space: back to before the character it follows, so that no line
 * ends with one nor the next starts with it or with the ':' or "j" it
 * holds on to.  When nothing would be left before it, the break stays.
 */
static size_t
utf8_nbsp_back(const char *s, size_t len, size_t off)
{
	size_t	at = off, prev;

	while (at > 0 && at < len) {
		prev = utf8_gc_prev(s, at);
		if (!utf8_nbsp(s + at, len - at) &&
		    !utf8_nbsp(s + prev, at - prev))
			break;
		at = prev;
	}
	return (at == 0 ? off : at);
}

/*
 * Find where to break s for a line of width columns.  Return the number of
 * bytes to show and put in *next where the following line starts.  Break at
 * a newline, else at the last place that fits where a line may break: after
 * a word and its spaces, or between two Chinese or Japanese characters (see
 * utf8-lb.c).  A Korean word breaks between syllables only when it is wider
 * than a whole row.  With no such place (a word longer than the line),
 * break after the last grapheme cluster that fits.  A space that French
 * typography makes a no-break one (utf8_wrap_glue) is no place to break,
 * nor is either side of a no-break space character, even in a word cut.
 * Spaces at a break are skipped, and so is a newline straight after them, so that a break never
 * leaves an empty line behind; leading spaces are kept as indentation.  The
 * result is 0 only for an empty line before a newline; *next always moves
 * on.
 */
size_t
utf8_wrap(const char *s, size_t len, size_t width, size_t *next)
{
	size_t	off = 0, col = 0, w, end, brk = 0, brk_next = 0, n;
	size_t	piece = 0, soft = 0;
	int	text = 0, f, pf = UTF8_LB_NOAFTER, b;

	if (width == 0)
		width = 1;
	while (off < len) {
		if (s[off] == '\n') {
			*next = off + 1;
			return (off);
		}
		if (s[off] == ' ' && text && !utf8_wrap_glue(s, len, off)) {
			/* A run of spaces after a word: remember it as a break. */
			for (end = off; end < len && s[end] == ' '; end++)
				/* nothing */;
			brk = off;
			brk_next = end;
			if (brk_next < len && s[brk_next] == '\n')
				brk_next++;
			piece = end;
			soft = 0;
			pf = UTF8_LB_NOAFTER;
			col += end - off;
			off = end;
			if (col > width)
				break;
			continue;
		}
		n = utf8_step(s, len, off, &w);
		if ((pf & ~UTF8_LB_NOAFTER) == 0 && n == off + 1 &&
		    UTF8_ALNUM(s[off]))
			f = b = 0;	/* inside a Latin word, the common case */
		else if (s[off] == ' ' && text) {
			/* A no-break space holds on to both neighbours. */
			f = UTF8_LB_NOBEFORE|UTF8_LB_NOAFTER;
			b = 0;
		} else {
			f = utf8_lb_class(s + off, n - off);
			b = text ? utf8_lb_break(pf, f) : 0;
		}
		if (b == UTF8_LB_HARD) {
			brk = brk_next = piece = off;
			soft = 0;
		} else if (b == UTF8_LB_SOFT)
			soft = off;
		if (col + w > width) {
			if (soft > brk && (brk == 0 ||
			    utf8_wrap_long(s, len, piece, width))) {
				*next = soft;
				return (soft);
			}
			if (brk != 0)
				break;
			/* Hard break; always take at least one cluster. */
			if (off == 0)
				off = n;
			off = utf8_nbsp_back(s, len, off);
			*next = off;
			return (off);
		}
		col += w;
		if (s[off] != ' ')
			text = 1;
		pf = f;
		off = n;
	}
	if (off >= len && col <= width) {
		*next = len;
		return (len);
	}
	*next = brk_next;
	return (brk);
}

/*
 * Cut a line (no newline in it) too long for a message of max characters
 * (code points): return the number of bytes of the first part and put in
 * *next where the rest starts.  Cut where a line may wrap, the last such
 * place before the limit: after a word, leaving its spaces out, as long as
 * that keeps at least half the limit; else between two Chinese or Japanese
 * characters (utf8-lb.c) or after a word; else inside a Korean word; and
 * only for one word longer than the limit, after the last whole grapheme
 * cluster that fits.  Never inside a cluster, unless one is longer than
 * the limit alone (then between code points).  No-break spaces are kept
 * with both neighbours, as utf8_wrap keeps them: those of French
 * typography written as plain spaces ("7 j", "fin :") and the characters
 * U+00A0 and U+202F.  *next always moves on.
 */
size_t
utf8_cut(const char *s, size_t len, size_t max, size_t *next)
{
	size_t	off = 0, chars = 0, n, end, space = 0, space_next = 0;
	size_t	space_chars = 0, brk = 0, brk_next = 0, soft = 0;
	int	text = 0, f, pf = UTF8_LB_NOAFTER, b;

	if (max == 0)
		max = 1;
	while (off < len) {
		if (s[off] == ' ' && text && !utf8_wrap_glue(s, len, off)) {
			/* A run of spaces after a word: cut before it. */
			for (end = off; end < len && s[end] == ' '; end++)
				/* nothing */;
			space = brk = off;
			space_next = brk_next = end;
			space_chars = chars;
			pf = UTF8_LB_NOAFTER;
			chars += end - off;
			off = end;
			if (chars > max)
				break;
			continue;
		}
		n = utf8_gc_next(s, len, off);
		if (s[off] == ' ' && text) {
			/* A no-break space holds on to both neighbours. */
			f = UTF8_LB_NOBEFORE|UTF8_LB_NOAFTER;
			b = 0;
		} else {
			f = utf8_lb_class(s + off, n - off);
			b = text ? utf8_lb_break(pf, f) : 0;
		}
		if (b == UTF8_LB_HARD)
			brk = brk_next = off;
		else if (b == UTF8_LB_SOFT)
			soft = off;
		if (chars + utf8_strlen(s + off, n - off) > max)
			break;
		chars += utf8_strlen(s + off, n - off);
		if (s[off] != ' ')
			text = 1;
		pf = f;
		off = n;
	}
	if (off >= len && chars <= max) {
		*next = len;
		return (len);
	}
	if (space != 0 && space_chars >= max / 2) {
		*next = space_next;
		return (space);
	}
	if (brk != 0) {
		*next = brk_next;
		return (brk);
	}
	if (soft != 0) {
		*next = soft;
		return (soft);
	}
	/* One word too long: the clusters that fit. */
	if (off == 0) {
		/* One cluster longer than a message alone. */
		for (chars = 0; off < len && chars < max; chars++)
			off = utf8_next(s, len, off);
	} else
		off = utf8_nbsp_back(s, len, off);
	*next = off;
	return (off);
}

/* Return the offset of the code point before off. */
size_t
utf8_prev(const char *s, size_t off)
{
	size_t		start;
	uint32_t	cp;
	int		n;

	if (off == 0)
		return (0);
	start = off - 1;
	while (start > 0 && off - start < 4 && UTF8_CONT((u_char)s[start]))
		start--;
	n = utf8_decode(s + start, off - start, &cp);
	if (n < 0 || start + n != off)
		return (off - 1);
	return (start);
}

/* Return the offset just after the code point at off. */
size_t
utf8_next(const char *s, size_t len, size_t off)
{
	uint32_t	cp;
	int		n;

	if (off >= len)
		return (len);
	n = utf8_decode(s + off, len - off, &cp);
	if (n < 0)
		return (off + 1);
	return (off + n);
}

/*
 * Return the bytes of the longest start of s that holds at most max
 * characters (code points) in whole grapheme clusters: a text cut to a
 * limit as IRC servers cut a topic, with no half-made character left.
 */
size_t
utf8_head(const char *s, size_t len, size_t max)
{
	size_t	off = 0, chars = 0, n, k;

	while (off < len) {
		n = utf8_gc_next(s, len, off);
		k = utf8_strlen(s + off, n - off);
		if (chars + k > max)
			break;
		chars += k;
		off = n;
	}
	return (off);
}
