/* SPDX-License-Identifier: ISC */
/* peer-pass.c: a peer's output of one loop pass: its array and pieces. */

#include <sys/types.h>

#include <errno.h>
#include <event2/buffer.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "peer.h"

/*
 * What a pass sends gathers in a plain array (pend), not an evbuffer:
 * an append is a copy, and the pass's output reaches the socket (or TLS)
 * in one piece, straight from there.  Only what the socket does not take
 * goes on to the evbuffers.  The arrays come from a small pool, in sizes
 * of powers of two, so that a busy connection does not cost a malloc and
 * a free a pass (above a few arrays, each such pair moved the heap's top
 * and cost brk calls and fresh pages), and an idle one keeps none.
 */
#define PEER_PEND_SIZE	4096	/* the smallest array */
#define PEER_PEND_CLASSES 7	/* sizes: 4 KiB to 256 KiB */
#define PEER_PEND_GUESS	(256 * 1024) /* the most guessed from the last */
#define PEER_PEND_SPARES 128	/* spare arrays kept of a size */
#define PEER_PEND_KEPT	(2 * 1024 * 1024) /* and in all, at most */
static struct {
	char		*spare[PEER_PEND_SPARES];
	u_int		 n;
} peer_pend_pool[PEER_PEND_CLASSES];
static size_t		 peer_pend_kept;

/*
 * Bytes whose owner keeps them until the pass's output is written (a
 * stored message's frame, the same for every member of its room) are not
 * copied: the pass's output becomes a list of pieces, such bytes and runs
 * of the array, gathered at the flush into one buffer (the kernel copies
 * one run faster than many pieces) for a write or for TLS records.  A
 * message then reaches a thousand sockets from one copy in the cache,
 * not through a thousand arrays written now and read back at the flush.
 * The owner pins the bytes with peer_pin, which releases them after the
 * flush.
 */
#define PEER_SEGS	256	/* pieces in a pooled list */
#define PEER_SEG_SPARES	64	/* spare lists kept */
#define PEER_GATHER	65536	/* bytes gathered for a write */
static struct peer_seg	*peer_seg_spare[PEER_SEG_SPARES];
static u_int		 peer_nseg_spare;

static size_t	peer_pass_class(size_t, u_int *);
static void	peer_pass_array_free(char *, size_t);
static int	peer_pass_settle_piece(struct peer *, const char *, size_t,
		    void *);
static int	peer_pass_gather_piece(struct peer *, const char *, size_t,
		    void *);
static int	peer_pass_write_run(struct peer *, const char *, size_t,
		    void *);

/* Add a piece to the pass's list: pinned bytes, or len more array bytes. */
void
peer_pass_seg_add(struct peer *peer, const char *data, size_t len)
{
	struct peer_seg	*last;

	if (data == NULL && peer->nsegs > 0) {
		last = &peer->segs[peer->nsegs - 1];
		if (last->data == NULL) {
			last->len += len;
			return;
		}
	}
	if (peer->nsegs == peer->segsize) {
		if (peer->segs == NULL && peer_nseg_spare > 0) {
			peer->segs = peer_seg_spare[--peer_nseg_spare];
			peer->segsize = PEER_SEGS;
		} else {
			peer->segsize = peer->segsize == 0 ? PEER_SEGS :
			    peer->segsize * 2;
			peer->segs = xreallocarray(peer->segs, peer->segsize,
			    sizeof *peer->segs);
		}
	}
	peer->segs[peer->nsegs].data = data;
	peer->segs[peer->nsegs++].len = len;
}

/* The pool's size for at least need bytes, and its class (its index). */
static size_t
peer_pass_class(size_t need, u_int *class)
{
	size_t	size = PEER_PEND_SIZE;

	for (*class = 0; size < need; (*class)++)
		size *= 2;
	return (size);
}

/* Make room in the pass's array for len more bytes. */
void
peer_pass_grow(struct peer *peer, size_t len)
{
	size_t	 need = peer->pendlen + len, size;
	char	*pend;
	u_int	 class;

	/* A pass sends about what the last one did: room for that at once. */
	if (peer->pend == NULL && need < peer->lastpass)
		need = peer->lastpass < PEER_PEND_GUESS ? peer->lastpass :
		    PEER_PEND_GUESS;
	if (need < peer->pendsize)
		need = peer->pendsize;
	size = peer_pass_class(need, &class);
	if (class < PEER_PEND_CLASSES && peer_pend_pool[class].n > 0) {
		pend = peer_pend_pool[class].spare[--peer_pend_pool[class].n];
		peer_pend_kept -= size;
	} else
		pend = xmalloc(size);
	if (peer->pendlen > 0)
		memcpy(pend, peer->pend, peer->pendlen);
	if (peer->pend != NULL)
		peer_pass_array_free(peer->pend, peer->pendsize);
	peer->pend = pend;
	peer->pendsize = size;
}

/* Give back an array: to the pool while it keeps little. */
static void
peer_pass_array_free(char *pend, size_t pendsize)
{
	size_t	size;
	u_int	class;

	size = peer_pass_class(pendsize, &class);
	if (size == pendsize && class < PEER_PEND_CLASSES &&
	    peer_pend_pool[class].n < PEER_PEND_SPARES &&
	    peer_pend_kept + size <= PEER_PEND_KEPT) {
		peer_pend_pool[class].spare[peer_pend_pool[class].n++] = pend;
		peer_pend_kept += size;
	} else
		free(pend);
}

/* The pass's output is gone: give back its array and its list. */
void
peer_pass_free(struct peer *peer)
{
	if (peer->pend != NULL)
		peer_pass_array_free(peer->pend, peer->pendsize);
	peer->pend = NULL;
	peer->pendlen = peer->pendsize = 0;
	if (peer->segs != NULL) {
		if (peer->segsize == PEER_SEGS &&
		    peer_nseg_spare < PEER_SEG_SPARES)
			peer_seg_spare[peer_nseg_spare++] = peer->segs;
		else
			free(peer->segs);
	}
	peer->segs = NULL;
	peer->nsegs = peer->segsize = 0;
	peer->passlen = 0;
}

/*
 * Move the pass's output behind what waits in the output buffer, for
 * whatever must come after it there.
 */
void
peer_pass_settle(struct peer *peer)
{
	peer_pass_each(peer, peer_pass_settle_piece, NULL);
	peer_pass_free(peer);
}

/* Put a piece of the pass's output behind what waits. */
static int
peer_pass_settle_piece(struct peer *peer, const char *p, size_t len, void *arg)
{
	if (evbuffer_add(peer_out(peer), p, len) != 0) {
		peer_fail(peer, "out of memory");
		return (-1);
	}
	return (0);
}

/*
 * Call fn with each piece of the pass's output in turn (its array's
 * runs, or the list's pieces); stop at the first that returns nonzero,
 * and return that.
 */
int
peer_pass_each(struct peer *peer, peer_piece_cb fn, void *arg)
{
	size_t		 off = 0;
	const char	*p;
	u_int		 i;
	int		 r;

	if (peer->nsegs == 0)
		return (peer->pendlen > 0 ? fn(peer, peer->pend,
		    peer->pendlen, arg) : 0);
	for (i = 0; i < peer->nsegs; i++) {
		if ((p = peer->segs[i].data) == NULL) {
			p = peer->pend + off;
			off += peer->segs[i].len;
		}
		if ((r = fn(peer, p, peer->segs[i].len, arg)) != 0)
			return (r);
	}
	return (0);
}

/* Pieces gathered into runs of up to size bytes, handed on to fn. */
struct peer_gather {
	char		*buf;
	size_t		 size;
	size_t		 fill;
	peer_piece_cb	 fn;
	void		*arg;
};

/*
 * Call fn with the pass's output in runs of up to size bytes: its array
 * as it is, or its pieces gathered in buf (a piece of size or more goes
 * on its own, from where it is).
 */
int
peer_pass_gather(struct peer *peer, char *buf, size_t size, peer_piece_cb fn,
    void *arg)
{
	struct peer_gather	g = { buf, size, 0, fn, arg };
	int			r;

	if (peer->nsegs == 0)
		return (peer_pass_each(peer, fn, arg));
	if ((r = peer_pass_each(peer, peer_pass_gather_piece, &g)) != 0)
		return (r);
	return (g.fill > 0 ? fn(peer, buf, g.fill, arg) : 0);
}

/* Add a piece to the gathered run, handing on each run that is full. */
static int
peer_pass_gather_piece(struct peer *peer, const char *p, size_t len, void *arg)
{
	struct peer_gather	*g = arg;
	size_t			 n;
	int			 r;

	if (g->fill == 0 && len >= g->size)
		return (g->fn(peer, p, len, g->arg));
	while (len > 0) {
		n = g->size - g->fill < len ? g->size - g->fill : len;
		memcpy(g->buf + g->fill, p, n);
		g->fill += n;
		p += n;
		len -= n;
		if (g->fill == g->size) {
			g->fill = 0;
			if ((r = g->fn(peer, g->buf, g->size, g->arg)) != 0)
				return (r);
		}
	}
	return (0);
}

/*
 * Write a plain peer's pass output, from its array or its pieces
 * gathered, straight to the socket when nothing waits before it; what
 * the socket does not take waits in the socket's buffer.  1 if the
 * socket is full (just found so, or waited for), -1 if the peer failed,
 * else 0.
 */
int
peer_pass_write(struct peer *peer)
{
	static char	buf[PEER_GATHER];
	int		direct, writing;

	direct = writing = peer_wire_len(peer) == 0;
	if (peer_pass_gather(peer, buf, sizeof buf, peer_pass_write_run,
	    &writing) != 0)
		return (-1);
	peer_pass_free(peer);
	if (writing)
		return (0);
	/* A socket known to be full: its write event sends this, later. */
	return (direct || (peer->flags & PEER_WRITING));
}

/*
 * Write a run of bytes while *writing (the socket took all so far), and
 * copy what it does not take to wait; -1 if the peer failed.
 */
static int
peer_pass_write_run(struct peer *peer, const char *p, size_t len, void *arg)
{
	int	*writing = arg, err;
	ssize_t	 n = 0;

	if (*writing) {
		if ((n = write(peer->fd, p, len)) < 0) {
			err = errno;
			if (err != EAGAIN && err != EWOULDBLOCK &&
			    err != EINTR) {
				peer_write_error(peer, err);
				return (-1);
			}
			n = 0;
		}
		if ((size_t)n < len)
			*writing = 0;
	}
	if ((size_t)n < len &&
	    evbuffer_add(peer_wire(peer), p + n, len - n) != 0) {
		peer_fail(peer, "out of memory");
		return (-1);
	}
	return (0);
}

/* The last peer is gone: free the spare arrays and lists. */
void
peer_pass_free_spares(void)
{
	u_int	i;

	while (peer_nseg_spare > 0)
		free(peer_seg_spare[--peer_nseg_spare]);
	for (i = 0; i < PEER_PEND_CLASSES; i++) {
		while (peer_pend_pool[i].n > 0)
			free(peer_pend_pool[i].spare[--peer_pend_pool[i].n]);
	}
	peer_pend_kept = 0;
}
