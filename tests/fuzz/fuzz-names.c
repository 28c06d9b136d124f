/* SPDX-License-Identifier: ISC */
/* fuzz-names.c: fuzz target for name and text checks and the UTF-8 helpers. */

#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"

/*
 * The first input byte picks a wrap width (low six bits) and whether
 * newlines are kept (0x40); the rest is the string.  The checks run on the
 * string up to its first NUL, as they see names taken out of JSON; the
 * UTF-8 helpers get every byte.  A violated property aborts.
 */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void	fuzz_check_name(const char *, int);
static void	fuzz_check_text(const char *);
static void	fuzz_sanitize(const char *, size_t, int);
static void	fuzz_wrap(const char *, size_t, size_t);
static void	fuzz_walk(const char *, size_t);
static void	fuzz_fail(const char *);

/* Report a broken property and abort, so the fuzzer keeps the input. */
static void
fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz-names: property violated: %s\n", what);
	abort();
}

/* A nick or room name that passes must be one a terminal can show. */
static void
fuzz_check_name(const char *s, int room)
{
	enum proto_err	 err;
	char		*cause = NULL, *key, *key2;
	size_t		 len = strlen(s), off, n;
	uint32_t	 cp;
	int		 l, r;

	if (room)
		r = proto_check_room(s, &err, &cause);
	else
		r = proto_check_nick(s, &err, &cause);
	if (r != 0) {
		if (cause == NULL)
			fuzz_fail("rejected name without a cause");
		if (err != (room ? PERR_ROOM_INVALID : PERR_NICK_INVALID) &&
		    err != PERR_NICK_RESERVED)
			fuzz_fail("rejected name with an unexpected code");
		free(cause);
		return;
	}
	if (!utf8_valid(s, len))
		fuzz_fail("accepted name is not valid UTF-8");
	/* Counted as the hub keeps it: in NFC. */
	if ((key = utf8_nfc(s)) == NULL)
		fuzz_fail("accepted name has no NFC form");
	n = utf8_strlen(key, strlen(key));
	free(key);
	if (n == 0 || n > (room ? CR_ROOM_MAX : CR_NICK_MAX))
		fuzz_fail("accepted name has a bad length");
	n = utf8_strlen(s, len);
	if (strchr("@#/*-+", s[0]) != NULL)
		fuzz_fail("accepted name has a bad first character");
	for (off = 0; off < len; off += l) {
		l = utf8_decode(s + off, len - off, &cp);
		if (l <= 0)
			fuzz_fail("accepted name does not decode");
		if (utf8_is_unsafe(cp) || cp == ' ' || cp == ',' ||
		    cp == '"' || cp == '\\')
			fuzz_fail("accepted name has an unsafe character");
		if (utf8_is_invisible(cp))
			fuzz_fail("accepted name has an invisible character");
	}

	/*
	 * Case folding keeps the string valid, within three times as many
	 * bytes and characters (folding makes U+023A, two bytes, U+2C65,
	 * three; NFC, which it ends with, composes, but decomposes what may
	 * not be composed again: U+1D160, four bytes, is three code points,
	 * twelve), and is stable.
	 */
	key = utf8_casefold(s);
	if (!utf8_valid(key, strlen(key)) || strlen(key) > 3 * len ||
	    utf8_strlen(key, strlen(key)) > 3 * n)
		fuzz_fail("case folding changed validity or length");
	key2 = utf8_casefold(key);
	if (strcmp(key, key2) != 0)
		fuzz_fail("case folding is not idempotent");
	if (!room && (strcmp(key, "system") == 0 ||
	    strcmp(key, "server") == 0 || strcmp(key, "chatroom") == 0))
		fuzz_fail("accepted a reserved nick");
	free(key2);
	free(key);
}

/* Text that passes is valid UTF-8, not blank, and within its limit. */
static void
fuzz_check_text(const char *s)
{
	enum proto_err	 err;
	char		*cause = NULL;
	size_t		 len = strlen(s);
	int		 nl;

	for (nl = 0; nl <= 1; nl++) {
		if (proto_check_text(s, CR_TEXT_MAX, nl, &err, &cause) != 0) {
			if (cause == NULL || err == PERR_NONE)
				fuzz_fail("rejected text without a reason");
			free(cause);
			cause = NULL;
			continue;
		}
		if (len > CR_TEXT_MAX || !utf8_valid(s, len))
			fuzz_fail("accepted text too long or not UTF-8");
		if (strspn(s, " \t\r\n") == len)
			fuzz_fail("accepted blank text");
		if (!nl && strpbrk(s, "\r\n") != NULL)
			fuzz_fail("accepted a newline where none is allowed");
	}
}

/* Sanitised output is valid UTF-8 with nothing a terminal would obey. */
static void
fuzz_sanitize(const char *s, size_t len, int keep)
{
	char		*out;
	size_t		 olen, off;
	uint32_t	 cp;
	int		 l;

	out = utf8_sanitize(s, len, keep);
	olen = strlen(out);
	if (olen > 3 * len)
		fuzz_fail("sanitised output longer than the buffer allows");
	if (!utf8_valid(out, olen))
		fuzz_fail("sanitised output is not valid UTF-8");
	for (off = 0; off < olen; off += l) {
		l = utf8_decode(out + off, olen - off, &cp);
		if (l <= 0)
			fuzz_fail("sanitised output does not decode");
		if (utf8_is_unsafe(cp) && !(keep && cp == '\n'))
			fuzz_fail("sanitised output has an unsafe code point");
	}
	free(out);
}

/* Wrapping always moves on and never overfills a line. */
static void
fuzz_wrap(const char *s, size_t len, size_t width)
{
	size_t	pos = 0, n, next, w, used, lines = 0, fit;

	while (pos < len) {
		next = 0;
		n = utf8_wrap(s + pos, len - pos, width, &next);
		if (next == 0 || next > len - pos)
			fuzz_fail("utf8_wrap did not move on");
		if (n > next)
			fuzz_fail("utf8_wrap shows past the next line");
		if (n == 0 && s[pos] != '\n')
			fuzz_fail("utf8_wrap returned an empty line");
		w = utf8_width(s + pos, n);
		/* Wider only as one grapheme cluster, which is never cut. */
		if (w > (width == 0 ? 1 : width) &&
		    n != utf8_gc_next(s + pos, len - pos, 0))
			fuzz_fail("utf8_wrap line wider than the width");
		if (++lines > len)
			fuzz_fail("utf8_wrap made more lines than bytes");
		pos += next;
	}

	fit = utf8_fit(s, len, width, &used);
	if (fit > len || used > width || utf8_width(s, fit) != used)
		fuzz_fail("utf8_fit overfills");
}

/* Stepping forward and back over code points agree. */
static void
fuzz_walk(const char *s, size_t len)
{
	size_t	off = 0, next;

	if (utf8_width(s, len) > len || utf8_strlen(s, len) > len)
		fuzz_fail("width or length larger than the byte count");
	while (off < len) {
		next = utf8_next(s, len, off);
		if (next <= off || next > len)
			fuzz_fail("utf8_next did not move on");
		if (utf8_prev(s, next) != off)
			fuzz_fail("utf8_prev does not undo utf8_next");
		off = next;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;
	size_t	 len, width;
	int	 keep;

	if (size < 1)
		return (0);
	width = data[0] & 0x3f;
	keep = (data[0] & 0x40) != 0;
	len = size - 1;
	s = xmalloc(len + 1);
	memcpy(s, data + 1, len);
	s[len] = '\0';

	fuzz_check_name(s, 0);
	fuzz_check_name(s, 1);
	fuzz_check_text(s);
	free(utf8_casefold(s));

	fuzz_sanitize(s, len, keep);
	fuzz_wrap(s, len, width);
	fuzz_walk(s, len);

	free(s);
	return (0);
}
