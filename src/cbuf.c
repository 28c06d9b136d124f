/* SPDX-License-Identifier: ISC */
/* cbuf.c: the client's bounded scrollback of display lines, per room. */

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "image.h"

/*
 * A scrollback is a ring of lines bounded twice: in lines and in the
 * bytes the lines take (a picture weighs as much as a hundred lines of
 * text).  The ring grows as lines come, so an empty window costs next
 * to nothing.  Every byte added or dropped is also counted in the
 * client's total, which client-room.c keeps under its own bound.
 */

#define CBUF_MIN	16	/* slots allocated first */
#define CBUF_ALLOC	16	/* what malloc adds to each block, about */

static size_t	cbuf_line_bytes(struct cline *);
static void	cbuf_grow(struct cbuf *);

/* Set up a scrollback of at most size lines and max_bytes bytes. */
void
cbuf_init(struct cbuf *b, u_int size, size_t max_bytes, size_t *all)
{
	b->size = size > 0 ? size : 1;
	b->alloc = 0;
	b->lines = NULL;
	b->start = b->count = 0;
	b->total = 0;
	b->bytes = 0;
	b->max_bytes = max_bytes;
	b->all = all;
}

/* Drop every line. */
void
cbuf_clear(struct cbuf *b)
{
	while (cbuf_shift(b))
		/* nothing */;
	b->start = 0;
}

/* Free a scrollback. */
void
cbuf_free(struct cbuf *b)
{
	cbuf_clear(b);
	free(b->lines);
	b->lines = NULL;
	b->alloc = 0;
}

/* The i-th oldest line. */
struct cline *
cbuf_get(struct cbuf *b, u_int i)
{
	return (b->lines[(b->start + i) % b->alloc]);
}

/* What a line takes in memory, about. */
static size_t
cbuf_line_bytes(struct cline *l)
{
	struct image	*im = l->image;
	size_t		 n;
	u_int		 i;

	n = sizeof *l + strlen(l->text) + 1 + 2 * CBUF_ALLOC;
	if (l->nick != NULL)
		n += strlen(l->nick) + 1 + CBUF_ALLOC;
	if (l->nfmt > 0)
		n += l->nfmt * sizeof *l->fmt + CBUF_ALLOC;
	if (im != NULL) {
		n += sizeof *im + im->h * sizeof *im->rows + 2 * im->w * im->h +
		    4 * CBUF_ALLOC;
		for (i = 0; i < im->h; i++)
			n += strlen(im->rows[i]) + 1 + CBUF_ALLOC;
	}
	return (n);
}

/* More slots: twice as many, up to the bound, the oldest line first. */
static void
cbuf_grow(struct cbuf *b)
{
	struct cline	**lines;
	u_int		  n, i;

	n = b->alloc == 0 ? CBUF_MIN : b->alloc * 2;
	if (n > b->size)
		n = b->size;
	lines = xcalloc(n, sizeof *lines);
	for (i = 0; i < b->count; i++)
		lines[i] = cbuf_get(b, i);
	free(b->lines);
	b->lines = lines;
	b->alloc = n;
	b->start = 0;
}

/* Drop the oldest line; 0 if there was none. */
int
cbuf_shift(struct cbuf *b)
{
	struct cline	*l;

	if (b->count == 0)
		return (0);
	l = b->lines[b->start];
	b->lines[b->start] = NULL;
	b->start = (b->start + 1) % b->alloc;
	b->count--;
	b->bytes -= l->bytes;
	if (b->all != NULL)
		*b->all -= l->bytes;
	cline_free(l);
	return (1);
}

/*
 * Append a line, dropping the oldest while there are too many or they
 * take too much (but never the line just added).
 */
void
cbuf_push(struct cbuf *b, struct cline *l)
{
	l->bytes = cbuf_line_bytes(l);
	if (b->count == b->size)
		cbuf_shift(b);
	if (b->count == b->alloc)
		cbuf_grow(b);
	b->lines[(b->start + b->count) % b->alloc] = l;
	b->count++;
	b->total++;
	b->bytes += l->bytes;
	if (b->all != NULL)
		*b->all += l->bytes;
	while (b->count > 1 && b->bytes > b->max_bytes)
		cbuf_shift(b);
}

/* Free a line. */
void
cline_free(struct cline *l)
{
	if (l == NULL)
		return;
	free(l->nick);
	free(l->text);
	free(l->fmt);
	image_free(l->image);
	free(l);
}
