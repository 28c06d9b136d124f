/* SPDX-License-Identifier: ISC */
/* utf8-nfc.c: Unicode canonical composition (NFC) of names. */

#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"

/*
 * "민수" typed as one syllable per character and as six conjoining jamo,
 * or "é" as U+00E9 and as "e" with U+0301, look the same and are the same
 * text to a reader: the hub compares and keeps names in Unicode's
 * Normalization Form C (UAX #15), so that one cannot pass for the other.
 * The three steps are the standard ones: decompose canonically (Hangul by
 * arithmetic, the rest from tables made from UnicodeData.txt by
 * tools/gen-utf8-nfc.py), put each run of combining marks in the order of
 * their combining classes, then compose again every pair that has a
 * primary composite and is not blocked by a mark of the same or a higher
 * class in between.
 */

struct utf8_nfc_ccc {			/* code points first to last: class */
	uint32_t	first;
	uint32_t	last;
	u_char		ccc;
};

struct utf8_nfc_pair {			/* a = b c (c 0 for a singleton) */
	uint32_t	a;
	uint32_t	b;
	uint32_t	c;
};

#include "utf8-nfc-table.h"

#define UTF8_NFC_NITEMS(t) (sizeof (t) / sizeof (t)[0])

/* Hangul syllables: UAX #15's arithmetic. */
#define UTF8_NFC_SBASE	0xAC00
#define UTF8_NFC_LBASE	0x1100
#define UTF8_NFC_VBASE	0x1161
#define UTF8_NFC_TBASE	0x11A7
#define UTF8_NFC_LCOUNT	19
#define UTF8_NFC_VCOUNT	21
#define UTF8_NFC_TCOUNT	28
#define UTF8_NFC_NCOUNT	(UTF8_NFC_VCOUNT * UTF8_NFC_TCOUNT)
#define UTF8_NFC_SCOUNT	(UTF8_NFC_LCOUNT * UTF8_NFC_NCOUNT)

/* No canonical decomposition is deeper than this (U+1E9B U+0323: 4). */
#define UTF8_NFC_DEPTH	8

struct utf8_nfc_buf {
	uint32_t	*cp;
	size_t		 n;
	size_t		 size;
};

static void	utf8_nfc_add(struct utf8_nfc_buf *, uint32_t);
static void	utf8_nfc_decompose(struct utf8_nfc_buf *, uint32_t, int);
static void	utf8_nfc_reorder(struct utf8_nfc_buf *);
static uint32_t	utf8_nfc_pair(uint32_t, uint32_t);
static void	utf8_nfc_compose(struct utf8_nfc_buf *);

/* Return the canonical combining class of a code point. */
u_int
utf8_nfc_class(uint32_t cp)
{
	size_t	lo = 0, hi = UTF8_NFC_NITEMS(utf8_nfc_ccc_table), mid;

	if (cp < 0x300)
		return (0);
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cp < utf8_nfc_ccc_table[mid].first)
			hi = mid;
		else if (cp > utf8_nfc_ccc_table[mid].last)
			lo = mid + 1;
		else
			return (utf8_nfc_ccc_table[mid].ccc);
	}
	return (0);
}

/* Append a code point, growing the buffer. */
static void
utf8_nfc_add(struct utf8_nfc_buf *b, uint32_t cp)
{
	if (b->n == b->size) {
		b->size = b->size == 0 ? 32 : b->size * 2;
		b->cp = xreallocarray(b->cp, b->size, sizeof *b->cp);
	}
	b->cp[b->n++] = cp;
}

/* Append the full canonical decomposition of a code point. */
static void
utf8_nfc_decompose(struct utf8_nfc_buf *b, uint32_t cp, int depth)
{
	size_t	lo = 0, hi = UTF8_NFC_NITEMS(utf8_nfc_decomp_table), mid;
	u_int	s;

	if (cp >= UTF8_NFC_SBASE && cp < UTF8_NFC_SBASE + UTF8_NFC_SCOUNT) {
		s = cp - UTF8_NFC_SBASE;
		utf8_nfc_add(b, UTF8_NFC_LBASE + s / UTF8_NFC_NCOUNT);
		utf8_nfc_add(b, UTF8_NFC_VBASE +
		    (s % UTF8_NFC_NCOUNT) / UTF8_NFC_TCOUNT);
		if (s % UTF8_NFC_TCOUNT != 0)
			utf8_nfc_add(b, UTF8_NFC_TBASE + s % UTF8_NFC_TCOUNT);
		return;
	}
	if (cp >= 0xC0 && depth < UTF8_NFC_DEPTH) {
		while (lo < hi) {
			mid = (lo + hi) / 2;
			if (cp < utf8_nfc_decomp_table[mid].a)
				hi = mid;
			else if (cp > utf8_nfc_decomp_table[mid].a)
				lo = mid + 1;
			else {
				utf8_nfc_decompose(b,
				    utf8_nfc_decomp_table[mid].b, depth + 1);
				if (utf8_nfc_decomp_table[mid].c != 0) {
					utf8_nfc_decompose(b,
					    utf8_nfc_decomp_table[mid].c,
					    depth + 1);
				}
				return;
			}
		}
	}
	utf8_nfc_add(b, cp);
}

/*
 * Put the marks of each run in the order of their classes, keeping the
 * order of marks of the same class (a stable insertion sort: runs are
 * short).
 */
static void
utf8_nfc_reorder(struct utf8_nfc_buf *b)
{
	size_t		i, j;
	uint32_t	cp;
	u_int		c;

	for (i = 1; i < b->n; i++) {
		cp = b->cp[i];
		c = utf8_nfc_class(cp);
		if (c == 0)
			continue;
		for (j = i; j > 0; j--) {
			if (utf8_nfc_class(b->cp[j - 1]) <= c)
				break;
			b->cp[j] = b->cp[j - 1];
		}
		b->cp[j] = cp;
	}
}

/* Return the primary composite of two code points, or 0. */
static uint32_t
utf8_nfc_pair(uint32_t first, uint32_t second)
{
	size_t				 lo = 0, mid;
	size_t				 hi = UTF8_NFC_NITEMS(utf8_nfc_compose_table);
	const struct utf8_nfc_pair	*p;
	u_int				 s;

	if (first >= UTF8_NFC_LBASE &&
	    first < UTF8_NFC_LBASE + UTF8_NFC_LCOUNT &&
	    second >= UTF8_NFC_VBASE &&
	    second < UTF8_NFC_VBASE + UTF8_NFC_VCOUNT) {
		return (UTF8_NFC_SBASE +
		    ((first - UTF8_NFC_LBASE) * UTF8_NFC_VCOUNT +
		    (second - UTF8_NFC_VBASE)) * UTF8_NFC_TCOUNT);
	}
	if (first >= UTF8_NFC_SBASE &&
	    first < UTF8_NFC_SBASE + UTF8_NFC_SCOUNT &&
	    second > UTF8_NFC_TBASE &&
	    second < UTF8_NFC_TBASE + UTF8_NFC_TCOUNT) {
		s = first - UTF8_NFC_SBASE;
		if (s % UTF8_NFC_TCOUNT != 0)
			return (0);
		return (first + (second - UTF8_NFC_TBASE));
	}
	while (lo < hi) {
		mid = (lo + hi) / 2;
		p = &utf8_nfc_compose_table[mid];
		if (first < p->a || (first == p->a && second < p->b))
			hi = mid;
		else if (first > p->a || second > p->b)
			lo = mid + 1;
		else
			return (p->c);
	}
	return (0);
}

/*
 * Compose in place: each code point joins the last starter before it if
 * they have a composite and nothing between them blocks it (a mark of
 * the same or a higher class, or another starter).
 */
static void
utf8_nfc_compose(struct utf8_nfc_buf *b)
{
	size_t		i, out, starter = 0;
	uint32_t	comp;
	u_int		c, last;

	if (b->n == 0)
		return;
	last = utf8_nfc_class(b->cp[0]);
	if (last != 0)
		last = 256;	/* no starter yet: nothing composes */
	for (i = 1, out = 1; i < b->n; i++) {
		c = utf8_nfc_class(b->cp[i]);
		if (last < c || last == 0) {
			comp = utf8_nfc_pair(b->cp[starter], b->cp[i]);
			if (comp != 0) {
				b->cp[starter] = comp;
				continue;
			}
		}
		if (c == 0)
			starter = out;
		last = c;
		b->cp[out++] = b->cp[i];
	}
	b->n = out;
}

/*
 * Return a new string, s in NFC, or NULL if s is not valid UTF-8 (the
 * caller refuses it or keeps it as it is).
 */
char *
utf8_nfc(const char *s)
{
	struct utf8_nfc_buf	 b;
	size_t			 len = strlen(s), off, i, o;
	uint32_t		 cp;
	char			*out;
	int			 n;

	for (off = 0; off < len; off++) {
		if ((u_char)s[off] >= 0x80)
			break;
	}
	if (off == len)
		return (xstrdup(s));	/* ASCII is its own NFC */
	if (!utf8_valid(s, len))
		return (NULL);

	memset(&b, 0, sizeof b);
	for (off = 0; off < len; off += n) {
		n = utf8_decode(s + off, len - off, &cp);
		if (n <= 0) {
			free(b.cp);
			return (NULL);
		}
		utf8_nfc_decompose(&b, cp, 0);
	}
	utf8_nfc_reorder(&b);
	utf8_nfc_compose(&b);

	/* Never longer than the input times 4 (one code point per byte). */
	out = xmalloc(b.n * 4 + 1);
	for (i = 0, o = 0; i < b.n; i++)
		o += utf8_encode(b.cp[i], out + o);
	out[o] = '\0';
	free(b.cp);
	return (out);
}

/* Is s valid UTF-8 already in NFC? */
int
utf8_nfc_is(const char *s)
{
	const char	*p;
	char		*n;
	int		 same;

	for (p = s; *p != '\0' && (u_char)*p < 0x80; p++)
		/* nothing */;
	if (*p == '\0')
		return (1);	/* ASCII, without a copy */
	if ((n = utf8_nfc(s)) == NULL)
		return (0);
	same = strcmp(n, s) == 0;
	free(n);
	return (same);
}
