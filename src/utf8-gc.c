/* SPDX-License-Identifier: ISC */
/* utf8-gc.c: extended grapheme clusters (UAX #29) through utf8proc. */

#include <sys/types.h>

#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "chatroom.h"

#define UTF8_GC_SCAN	256	/* bytes before a cluster sure to hold its start */

/*
 * The line editor moves and deletes, and wrapping breaks, only between
 * grapheme clusters, so that a flag, a family emoji joined by U+200D or a
 * letter with its accents is always handled whole.  utf8proc knows where
 * clusters end; widths still come from the tables in utf8.c, one code point
 * at a time, so hub and clients keep agreeing on them.  A cluster is as wide
 * as its code points together: the terminal client never sends U+200D to
 * the terminal (see tui_put), so what a terminal draws is the sum of the
 * pieces whatever it knows of emoji sequences, and two regional indicators
 * (one column each) make the two columns that terminals give a flag.
 */

/* Where the cluster that starts at off ends. */
size_t
utf8_gc_next(const char *s, size_t len, size_t off)
{
	utf8proc_int32_t	state = 0;
	uint32_t		prev, cp;
	int			n;

	if (off >= len)
		return (len);
	/* Two ASCII bytes other than CR LF always have a break between. */
	if ((u_char)s[off] < 0x80 && (off + 1 == len ||
	    ((u_char)s[off + 1] < 0x80 && s[off] != '\r')))
		return (off + 1);
	if ((n = utf8_decode(s + off, len - off, &prev)) < 0)
		return (off + 1);
	off += n;
	while (off < len) {
		if ((n = utf8_decode(s + off, len - off, &cp)) < 0)
			break;
		if (utf8proc_grapheme_break_stateful(prev, cp, &state))
			break;
		prev = cp;
		off += n;
	}
	return (off);
}

/* Where the cluster that ends at off starts: clusters are found forwards. */
size_t
utf8_gc_prev(const char *s, size_t off)
{
	size_t	pos = 0, next;

	/* A cluster is a few code points: start well before, at a break. */
	if (off > UTF8_GC_SCAN)
		pos = utf8_gc_start(s, off - UTF8_GC_SCAN);
	while (pos < off) {
		next = utf8_gc_next(s, off, pos);
		if (next >= off)
			return (pos);
		pos = next;
	}
	return (0);
}

/*
 * A place at or before off that is surely between two clusters: the start
 * of a code point that is plain ASCII or after a newline.  Falls back to 0.
 */
size_t
utf8_gc_start(const char *s, size_t off)
{
	while (off > 0) {
		if ((u_char)s[off] < 0x80 && (u_char)s[off - 1] < 0x80 &&
		    s[off - 1] != '\r')
			return (off);
		off--;
	}
	return (0);
}

/* The number of clusters in s: characters as a user counts them. */
size_t
utf8_gc_count(const char *s, size_t len)
{
	size_t	off = 0, n = 0;

	while (off < len) {
		off = utf8_gc_next(s, len, off);
		n++;
	}
	return (n);
}
