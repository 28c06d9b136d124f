/* SPDX-License-Identifier: ISC */
/* jbuf.c: a growing buffer that encodes one JSON frame at a time. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"

static void	jbuf_grow(struct jbuf *, size_t);
static void	jbuf_key(struct jbuf *, const char *);
static size_t	jbuf_plain(const u_char *, size_t);

/* Prepare an empty buffer (always a string, even while empty). */
void
jbuf_init(struct jbuf *jb)
{
	jb->size = 256;
	jb->buf = xmalloc(jb->size);
	jb->buf[0] = '\0';
	jb->len = 0;
	jb->first = 1;
	jb->idend = 0;
}

/* Empty a buffer for the next frame, keeping its memory. */
void
jbuf_reset(struct jbuf *jb)
{
	if (jb->buf != NULL)
		jb->buf[0] = '\0';
	jb->len = 0;
	jb->first = 1;
	jb->idend = 0;
}

/* Release a buffer. */
void
jbuf_free(struct jbuf *jb)
{
	free(jb->buf);
	jb->buf = NULL;
	jb->len = jb->size = 0;
}

/* Make room for n more bytes. */
static void
jbuf_grow(struct jbuf *jb, size_t n)
{
	if (jb->len + n + 1 <= jb->size)
		return;
	while (jb->len + n + 1 > jb->size)
		jb->size *= 2;
	jb->buf = xrealloc(jb->buf, jb->size);
}

/* Append bytes (this file's own inline copy of jbuf_add). */
static inline void
jbuf_put(struct jbuf *jb, const void *s, size_t n)
{
	if (jb->len + n + 1 > jb->size)
		jbuf_grow(jb, n);
	memcpy(jb->buf + jb->len, s, n);
	jb->len += n;
	jb->buf[jb->len] = '\0';
}

/* Append raw bytes (another codec's text, already spelt). */
void
jbuf_add(struct jbuf *jb, const char *s, size_t n)
{
	jbuf_put(jb, s, n);
}

/*
 * How many bytes at p a JSON string takes as they are: printable ASCII
 * but '"' and '\\'.  Eight bytes are looked at a time: a word with none
 * below 0x20, none of '"', '\\' or DEL and no high bit is all plain.
 */
static size_t
jbuf_plain(const u_char *p, size_t n)
{
	const uint64_t	 ones = 0x0101010101010101ULL;
	const uint64_t	 highs = 0x8080808080808080ULL;
	uint64_t	 w, q, b, d, bad;
	size_t		 i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		q = w ^ (ones * '"');
		b = w ^ (ones * '\\');
		d = w ^ (ones * 0x7f);
		bad = ((w - ones * 0x20) & ~w) | ((q - ones) & ~q) |
		    ((b - ones) & ~b) | ((d - ones) & ~d) | w;
		if ((bad & highs) != 0)
			break;
	}
	while (i < n && p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' &&
	    p[i] != '\\')
		i++;
	return (i);
}

/*
 * Append a JSON string literal for n bytes of s.  Besides what JSON
 * requires, DEL and the code points no terminal should get raw (C1
 * controls, bidirectional formatting, line separators: utf8_is_unsafe)
 * are written as \uXXXX, so that a client printing frames as they come
 * (--json) passes on nothing harmful.
 */
void
jbuf_escape(struct jbuf *jb, const char *s, size_t n)
{
	static const char	 hex[] = "0123456789abcdef";
	const u_char		*p = (const u_char *)s, *end = p + n;
	const u_char		*run;
	char			 esc[8];
	uint32_t		 cp;
	int			 l;

	jbuf_grow(jb, n + 2);
	jb->buf[jb->len++] = '"';
	while (p < end) {
		run = p;
		p += jbuf_plain(p, end - p);
		if (p != run)
			jbuf_put(jb, run, p - run);
		if (p == end)
			break;
		if (*p >= 0x80) {
			/* Copy a safe code point (or an invalid byte) as is. */
			l = utf8_decode((const char *)p, end - p, &cp);
			if (l < 0)
				l = 1;
			else if (utf8_is_unsafe(cp)) {
				memcpy(esc, "\\u", 2);
				esc[2] = hex[(cp >> 12) & 0xf];
				esc[3] = hex[(cp >> 8) & 0xf];
				esc[4] = hex[(cp >> 4) & 0xf];
				esc[5] = hex[cp & 0xf];
				jbuf_add(jb, esc, 6);
				p += l;
				continue;
			}
			jbuf_add(jb, (const char *)p, l);
			p += l;
			continue;
		}
		switch (*p) {
		case '"':
			jbuf_add(jb, "\\\"", 2);
			break;
		case '\\':
			jbuf_add(jb, "\\\\", 2);
			break;
		case '\n':
			jbuf_add(jb, "\\n", 2);
			break;
		case '\t':
			jbuf_add(jb, "\\t", 2);
			break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[*p >> 4];
			esc[5] = hex[*p & 0xf];
			jbuf_add(jb, esc, 6);
			break;
		}
		p++;
	}
	jbuf_put(jb, "\"", 1);
}

/* Append a member name and its colon, with a comma if needed. */
static void
jbuf_key(struct jbuf *jb, const char *key)
{
	size_t	 n = 0;
	u_char	 c;
	char	*q;

	/* Keys are short: a byte at a time, with their length. */
	while (key != NULL && (c = key[n]) != '\0' && (u_char)(c - 0x20) < 0x5f &&
	    c != '"' && c != '\\')
		n++;
	if (key != NULL && key[n] == '\0') {
		/* The usual key: all at once. */
		if (jb->len + n + 5 > jb->size)
			jbuf_grow(jb, n + 4);
		q = jb->buf + jb->len;
		if (!jb->first)
			*q++ = ',';
		*q++ = '"';
		memcpy(q, key, n);
		q += n;
		*q++ = '"';
		*q++ = ':';
		*q = '\0';
		jb->len = q - jb->buf;
		jb->first = 0;
		return;
	}
	if (!jb->first)
		jbuf_put(jb, ",", 1);
	jb->first = 0;
	if (key != NULL) {
		jbuf_escape(jb, key, strlen(key));
		jbuf_put(jb, ":", 1);
	}
}

/* Start a frame of the given type. */
void
jbuf_begin(struct jbuf *jb, enum proto_type type)
{
	jbuf_reset(jb);
	jbuf_add(jb, "{", 1);
	jbuf_str(jb, PF_TYPE, proto_type_name(type));
}

/* Close a frame and add its newline. */
void
jbuf_end(struct jbuf *jb)
{
	jbuf_add(jb, "}\n", 2);
}

/* Add a string member. */
void
jbuf_str(struct jbuf *jb, const char *key, const char *value)
{
	jbuf_strn(jb, key, value, strlen(value));
}

/* Add a string member of n bytes. */
void
jbuf_strn(struct jbuf *jb, const char *key, const char *value, size_t n)
{
	jbuf_key(jb, key);
	jbuf_escape(jb, value, n);
}

/*
 * Add an integer member.  The digits are made here, not by snprintf,
 * which costs several times as much: every frame has ids and times.
 */
void
jbuf_int(struct jbuf *jb, const char *key, long long value)
{
	char			 tmp[24], *p = tmp + sizeof tmp;
	unsigned long long	 u;

	jbuf_key(jb, key);
	u = (unsigned long long)value;
	if (value < 0)
		u = 0ULL - u;
	do {
		*--p = '0' + u % 10;
		u /= 10;
	} while (u != 0);
	if (value < 0)
		*--p = '-';
	jbuf_add(jb, p, tmp + sizeof tmp - p);
}

/* Add a boolean member. */
void
jbuf_bool(struct jbuf *jb, const char *key, int value)
{
	jbuf_key(jb, key);
	if (value)
		jbuf_add(jb, "true", 4);
	else
		jbuf_add(jb, "false", 5);
}

/* Add a member whose value is already JSON text. */
void
jbuf_raw(struct jbuf *jb, const char *key, const char *json)
{
	jbuf_key(jb, key);
	jbuf_add(jb, json, strlen(json));
}

/* Open an array member. */
void
jbuf_array_begin(struct jbuf *jb, const char *key)
{
	jbuf_key(jb, key);
	jbuf_add(jb, "[", 1);
	jb->first = 1;
}

/* Add a string to the open array. */
void
jbuf_array_str(struct jbuf *jb, const char *value)
{
	jbuf_key(jb, NULL);
	jbuf_escape(jb, value, strlen(value));
}

/* Close an array. */
void
jbuf_array_end(struct jbuf *jb)
{
	jbuf_add(jb, "]", 1);
	jb->first = 0;
}

/* Open an object member (or an array element when key is NULL). */
void
jbuf_object_begin(struct jbuf *jb, const char *key)
{
	jbuf_key(jb, key);
	jbuf_add(jb, "{", 1);
	jb->first = 1;
}

/* Close an object. */
void
jbuf_object_end(struct jbuf *jb)
{
	jbuf_add(jb, "}", 1);
	jb->first = 0;
}
