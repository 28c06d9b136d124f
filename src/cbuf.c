/* SPDX-License-Identifier: ISC */
/* cbuf.c: the client's bounded scrollback of display lines, per room. */

#include <sys/types.h>

#include <stdlib.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "image.h"

/* Set up a bounded scrollback. */
void
cbuf_init(struct cbuf *b, u_int size)
{
	b->size = size > 0 ? size : 1;
	b->lines = xcalloc(b->size, sizeof *b->lines);
	b->start = b->count = 0;
	b->total = 0;
}

/* Drop every line. */
void
cbuf_clear(struct cbuf *b)
{
	u_int	i;

	for (i = 0; i < b->count; i++)
		cline_free(cbuf_get(b, i));
	b->start = b->count = 0;
}

/* Free a scrollback. */
void
cbuf_free(struct cbuf *b)
{
	cbuf_clear(b);
	free(b->lines);
	b->lines = NULL;
}

/* The i-th oldest line. */
struct cline *
cbuf_get(struct cbuf *b, u_int i)
{
	return (b->lines[(b->start + i) % b->size]);
}

/* Append a line, dropping the oldest when full. */
void
cbuf_push(struct cbuf *b, struct cline *l)
{
	if (b->count == b->size) {
		cline_free(b->lines[b->start]);
		b->lines[b->start] = l;
		b->start = (b->start + 1) % b->size;
	} else {
		b->lines[(b->start + b->count) % b->size] = l;
		b->count++;
	}
	b->total++;
}

/* Free a line. */
void
cline_free(struct cline *l)
{
	if (l == NULL)
		return;
	free(l->nick);
	free(l->text);
	image_free(l->image);
	free(l);
}
