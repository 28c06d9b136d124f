/* SPDX-License-Identifier: ISC */
/* peer.c: one line-framed connection on a socket, for both roles. */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "peer.h"

/*
 * A peer hands each complete line (without its '\n') to its callback, and
 * NULL exactly once when the connection is gone.  The NULL call always comes
 * from an event of its own, never from inside peer_send or a line callback,
 * so owners may fan out to many peers without any of them vanishing under
 * their feet; the owner frees the peer from the NULL call.
 *
 * A peer is two events on its socket and a few buffers (see peer.h), not
 * a bufferevent: that is lighter, and what an idle connection keeps is
 * little more than its socket.  TLS is in peer-tls.c.
 */

/*
 * Output is written once per loop pass for every peer that has some:
 * one write each, without arming a write event, which would cost two
 * epoll_ctl calls per delivery.  Only what the kernel does not take at
 * once waits for the socket to become writable.  What a pass sends is
 * in peer-pass.c.
 */
static TAILQ_HEAD(, peer) peer_flush_list =
    TAILQ_HEAD_INITIALIZER(peer_flush_list);
static struct event	*peer_flush_ev;
static u_int		 peer_count;

/* What peer_pin keeps alive until the flush (see peer-pass.c). */
static struct {
	void		(*release)(void *);
	void		*arg;
}			*peer_pins;
static u_int		 peer_npins;
static u_int		 peer_pinsize;

static void	peer_flush_cb(evutil_socket_t, short, void *);
static void	peer_write_cb(evutil_socket_t, short, void *);
static void	peer_want_write(struct peer *, int);
static void	peer_drained(struct peer *);
static void	peer_done_cb(evutil_socket_t, short, void *);
static void	peer_linger_cb(evutil_socket_t, short, void *);
static void	peer_linger(struct peer *);
static size_t	peer_counted(struct peer *);
static void	peer_refill(struct peer *);
static void	peer_source_free(struct peer_source *);
static int	peer_may_send(struct peer *, size_t);
static void	peer_unpin(void);

/* Wrap a connected socket. */
struct peer *
peer_new(struct event_base *base, int fd, size_t maxline, size_t sendq_max,
    peer_cb cb, void *arg)
{
	return (peer_new_tls(base, fd, NULL, 0, maxline, sendq_max, cb, arg));
}

/*
 * Wrap a connected socket, with TLS when ssl is not NULL (the peer owns
 * it): accepting for the hub, connecting for a client.  The ready
 * callback, if set, runs once the TLS handshake is over.
 */
struct peer *
peer_new_tls(struct event_base *base, int fd, SSL *ssl, int accepting,
    size_t maxline, size_t sendq_max, peer_cb cb, void *arg)
{
	struct peer	*peer;
	int		 one = 1;

	peer = xcalloc(1, sizeof *peer);
	peer->base = base;
	peer->maxline = maxline;
	peer->sendq_max = sendq_max;
	peer->cb = cb;
	peer->arg = arg;
	TAILQ_INIT(&peer->sources);

	evutil_make_socket_nonblocking(fd);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	peer->fd = fd;
	if (ssl != NULL)
		peer_tls_setup(peer, ssl, accepting);
	event_assign(&peer->rev, base, fd, EV_READ | EV_PERSIST, peer_read_cb,
	    peer);
	event_add(&peer->rev, NULL);
	if (peer_flush_ev == NULL)
		peer_flush_ev = event_new(base, -1, 0, peer_flush_cb, NULL);
	peer_count++;
	if (ssl != NULL && !accepting)
		peer_tls_handshake(peer);	/* the ClientHello */
	return (peer);
}

/* Release a peer and close its socket. */
void
peer_free(struct peer *peer)
{
	if (peer == NULL)
		return;
	if (peer->flags & PEER_QUEUED)
		TAILQ_REMOVE(&peer_flush_list, peer, flush_entry);
	if (--peer_count == 0) {
		/* Free it with the last peer, while its event base lives. */
		peer_unpin();
		event_free(peer_flush_ev);
		peer_flush_ev = NULL;
		peer_pass_free_spares();
	}
	peer_drop_sources(peer);
	peer_pass_free(peer);
	if (peer->done != NULL)
		event_free(peer->done);
	if (peer->linger != NULL)
		event_free(peer->linger);
	event_del(&peer->rev);
	if (peer->wev != NULL)
		event_free(peer->wev);
	if (peer->ssl != NULL) {
		SSL_free(peer->ssl);
		peer_tls_done(peer);
		if (peer->out != NULL)
			evbuffer_free(peer->out);
	}
	if (peer->in != NULL)
		evbuffer_free(peer->in);
	if (peer->wire != NULL)
		evbuffer_free(peer->wire);	/* a plain peer's out too */
	close(peer->fd);
	free(peer->reason);
	free(peer->plain);
	free(peer);
}

/* Set what runs when the TLS handshake is over. */
void
peer_set_ready(struct peer *peer, void (*ready)(struct peer *, void *))
{
	peer->ready = ready;
}

/* Set what answers a line longer than the limit (default: a JSON error). */
void
peer_set_oversize(struct peer *peer, void (*oversize)(struct peer *, void *))
{
	peer->oversize = oversize;
}

/* The TLS connection, or NULL. */
SSL *
peer_ssl(struct peer *peer)
{
	return (peer->ssl);
}

/* Change the longest line accepted. */
void
peer_set_maxline(struct peer *peer, size_t maxline)
{
	peer->maxline = maxline;
}

/* Change how much may be queued for the peer before it is dropped. */
void
peer_set_sendq(struct peer *peer, size_t sendq_max)
{
	peer->sendq_max = sendq_max;
}

/*
 * The buffer of output to send: for TLS, made when there is some (an
 * idle connection keeps none).
 */
struct evbuffer *
peer_out(struct peer *peer)
{
	if (peer->ssl == NULL)
		return (peer_wire(peer));	/* the same buffer */
	if (peer->out == NULL && (peer->out = evbuffer_new()) == NULL)
		fatalx("out of memory");
	return (peer->out);
}

/*
 * The buffer of bytes for the socket, made when the socket does not take
 * all it is given (and, for a plain peer, for what sources make).
 */
struct evbuffer *
peer_wire(struct peer *peer)
{
	if (peer->wire == NULL && (peer->wire = evbuffer_new()) == NULL)
		fatalx("out of memory");
	if (peer->ssl == NULL)
		peer->out = peer->wire;
	return (peer->wire);
}

/* How many bytes wait for the socket. */
size_t
peer_wire_len(struct peer *peer)
{
	return (peer->wire != NULL ? evbuffer_get_length(peer->wire) : 0);
}

/* The buffer of input to split into lines, made when bytes come. */
struct evbuffer *
peer_in(struct peer *peer)
{
	if (peer->in == NULL && (peer->in = evbuffer_new()) == NULL)
		fatalx("out of memory");
	return (peer->in);
}

/* Bytes waiting to be written (before encryption, or after). */
size_t
peer_queued(struct peer *peer)
{
	size_t	out = peer->out != NULL ? evbuffer_get_length(peer->out) : 0;

	out += peer->passlen + peer->behind;
	if (peer->ssl == NULL)
		return (out);
	return (out + peer_wire_len(peer));
}

/*
 * What counts against the send queue: everything queued but what
 * sources may still have in it.  A source adds to the queue only below
 * PEER_LOWAT, so the credit stays below that plus one ask's worth.
 */
static size_t
peer_counted(struct peer *peer)
{
	size_t	queued = peer_queued(peer) - peer->behind;

	if (peer->credit > queued)
		peer->credit = queued;
	return (queued - peer->credit + peer->behind);
}

/*
 * Queue output made on demand: fill is called with the peer whenever less
 * than PEER_LOWAT is queued (and every earlier source is done; at once if
 * that is so already), puts about
 * the room it is given with peer_emit, and returns 0 once it has put
 * everything.  The arg is freed with free_arg when the source is done or
 * the peer goes.  What peer_send queues meanwhile follows the source's
 * output.
 */
void
peer_add_source(struct peer *peer, peer_fill_cb fill,
    void (*free_arg)(void *), void *arg)
{
	struct peer_source	*src;

	if (peer->flags & (PEER_DEAD | PEER_CLOSING)) {
		if (free_arg != NULL)
			free_arg(arg);
		return;
	}
	peer_pass_settle(peer);	/* what came before goes first */
	src = xcalloc(1, sizeof *src);
	src->fill = fill;
	src->free = free_arg;
	src->arg = arg;
	if ((src->after = evbuffer_new()) == NULL)
		fatalx("out of memory");
	TAILQ_INSERT_TAIL(&peer->sources, src, entry);
	/*
	 * A peer that keeps up gets the first part now, made from the state
	 * the request saw, as if it had been queued in one go.
	 */
	peer_refill(peer);
	peer_queue_flush(peer);
}

/* Put bytes a source made in the output, outside the send queue's count. */
void
peer_emit(struct peer *peer, const void *data, size_t len)
{
	if (peer->flags & PEER_DEAD)
		return;
	if (evbuffer_add(peer_out(peer), data, len) != 0) {
		peer_fail(peer, "out of memory");
		return;
	}
	peer->credit += len;
}

/* Does the peer still have output to make on demand? */
int
peer_has_sources(struct peer *peer)
{
	return (!TAILQ_EMPTY(&peer->sources));
}

/* Free a source and its argument. */
static void
peer_source_free(struct peer_source *src)
{
	if (src->free != NULL)
		src->free(src->arg);
	evbuffer_free(src->after);
	free(src);
}

/*
 * Ask the sources for output while little is queued.  A finished source
 * hands on what was sent behind it.
 */
static void
peer_refill(struct peer *peer)
{
	struct peer_source	*src;
	size_t			 queued;

	while ((src = TAILQ_FIRST(&peer->sources)) != NULL &&
	    !(peer->flags & PEER_DEAD)) {
		queued = peer_queued(peer) - peer->behind;
		if (queued >= PEER_LOWAT)
			break;
		if (src->fill(peer, PEER_CHUNK, src->arg) != 0)
			continue;
		TAILQ_REMOVE(&peer->sources, src, entry);
		peer->behind -= evbuffer_get_length(src->after);
		if (evbuffer_add_buffer(peer_out(peer), src->after) != 0)
			peer_fail(peer, "out of memory");
		peer_source_free(src);
	}
}

/*
 * Give up the sources: what was sent behind them is kept (for a close)
 * unless the peer is dead.
 */
void
peer_drop_sources(struct peer *peer)
{
	struct peer_source	*src;

	while ((src = TAILQ_FIRST(&peer->sources)) != NULL) {
		TAILQ_REMOVE(&peer->sources, src, entry);
		peer->behind -= evbuffer_get_length(src->after);
		if (!(peer->flags & PEER_DEAD))
			evbuffer_add_buffer(peer_out(peer), src->after);
		peer_source_free(src);
	}
}

/* Have the peer's output written at the end of this loop pass. */
void
peer_queue_flush(struct peer *peer)
{
	if (peer->flags & (PEER_QUEUED | PEER_DEAD))
		return;
	if (TAILQ_EMPTY(&peer_flush_list))
		event_active(peer_flush_ev, 0, 0);
	TAILQ_INSERT_TAIL(&peer_flush_list, peer, flush_entry);
	peer->flags |= PEER_QUEUED;
}

/* Write what each queued peer has; arm write events only for leftovers. */
static void
peer_flush_cb(evutil_socket_t fd, short what, void *arg)
{
	struct peer	*peer;
	int		 n, err, waits;

	while ((peer = TAILQ_FIRST(&peer_flush_list)) != NULL) {
		TAILQ_REMOVE(&peer_flush_list, peer, flush_entry);
		peer->flags &= ~PEER_QUEUED;
		if (peer->flags & PEER_DEAD)
			continue;
		if (!TAILQ_EMPTY(&peer->sources))
			peer_refill(peer);
		waits = 0;
		peer->lastpass = peer->pendlen;
		if (peer->ssl != NULL) {
			if (peer_tls_encrypt(peer) != 0)
				continue;
		} else if (peer->passlen > 0 &&
		    (waits = peer_pass_write(peer)) < 0)
			continue;
		/* Closing: after the last bytes, TLS's close_notify. */
		if ((peer->flags & (PEER_CLOSING | PEER_TLS_OPEN |
		    PEER_TLS_SHUT)) == (PEER_CLOSING | PEER_TLS_OPEN))
			peer_tls_shutdown(peer);
		/*
		 * A TLS peer can be here with nothing to send.  After a short
		 * write, trying again at once would only meet EAGAIN.
		 */
		if (peer->flags & PEER_SHORT)
			waits = 1;
		peer->flags &= ~PEER_SHORT;
		n = 0;
		if (!waits && peer_wire_len(peer) > 0)
			n = evbuffer_write(peer->wire, peer->fd);
		if (n < 0) {
			err = EVUTIL_SOCKET_ERROR();
			if (err != EAGAIN && err != EWOULDBLOCK &&
			    err != EINTR) {
				peer_write_error(peer, err);
				continue;
			}
		}
		if (peer_wire_len(peer) > 0)
			peer_want_write(peer, 1);
		else
			peer_drained(peer);
		peer_trim(peer);
	}
	peer_unpin();
}

/* Arm or disarm the write event (armed only while output waits). */
static void
peer_want_write(struct peer *peer, int on)
{
	if (on && !(peer->flags & PEER_WRITING)) {
		/* Made the first time: most connections never need it. */
		if (peer->wev == NULL && (peer->wev = event_new(peer->base,
		    peer->fd, EV_WRITE | EV_PERSIST, peer_write_cb,
		    peer)) == NULL)
			fatalx("event_new failed");
		event_add(peer->wev, NULL);
		peer->flags |= PEER_WRITING;
	} else if (!on && (peer->flags & PEER_WRITING)) {
		event_del(peer->wev);
		peer->flags &= ~PEER_WRITING;
	}
}

/*
 * The socket took everything: sources make more, and a graceful close
 * with nothing left to send is over.
 */
static void
peer_drained(struct peer *peer)
{
	if (!TAILQ_EMPTY(&peer->sources)) {
		peer_queue_flush(peer);
		return;
	}
	if (peer_queued(peer) != 0)
		return;
	peer_want_write(peer, 0);
	if (peer->flags & PEER_CLOSING)
		peer_linger(peer);
}

/*
 * Everything is sent: end a graceful close.  Closing a socket with input
 * unread (or with more still coming) makes the kernel answer with a
 * reset rather than the end of file: a flooder, still writing, then
 * meets a failed write before it reads the error that says why it was
 * thrown out, and a client stops there (socat does; some kernels even
 * throw away what came and was not read yet).  So a peer that asked to
 * linger shuts its side (the other side reads to our end of file, after
 * the error), then reads and drops what still comes, until the other
 * side closes too, CR_LINGER_MS have passed or CR_LINGER_BYTES have
 * come, and only then closes.  Its owner keeps it until then, so it
 * counts against the limits on connections.
 */
static void
peer_linger(struct peer *peer)
{
	struct timeval	tv;

	if (peer->flags & PEER_DRAINING)
		return;
	if ((peer->flags & (PEER_TLS_OPEN | PEER_TLS_SHUT)) == PEER_TLS_OPEN) {
		peer_queue_flush(peer);		/* its close_notify first */
		return;
	}
	if (!(peer->flags & PEER_LINGER) ||
	    shutdown(peer->fd, SHUT_WR) != 0) {
		peer->flags &= ~PEER_CLOSING;
		peer_fail(peer, peer->reason);
		return;
	}
	peer->flags |= PEER_DRAINING;
	if (peer->linger == NULL)
		peer->linger = evtimer_new(peer->base, peer_linger_cb, peer);
	tv.tv_sec = CR_LINGER_MS / 1000;
	tv.tv_usec = (CR_LINGER_MS % 1000) * 1000;
	evtimer_add(peer->linger, &tv);
	event_add(&peer->rev, NULL);
}

/*
 * Read and drop what came on a lingering peer's socket (raw: TLS has
 * said its close_notify, and nothing that comes now is used); it ends at
 * the other side's end of file, an error or the cap on bytes.
 */
void
peer_discard(struct peer *peer)
{
	static char	buf[PEER_READ_MAX];
	ssize_t		n;

	/* Lines that came before the close are not for anyone either. */
	if (peer->in != NULL) {
		evbuffer_free(peer->in);
		peer->in = NULL;
	}
	n = read(peer->fd, buf, sizeof buf);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR))
		return;
	if (n > 0) {
		peer->drained += n;
		if (peer->drained < CR_LINGER_BYTES)
			return;
	}
	peer->flags &= ~PEER_CLOSING;
	peer_fail(peer, peer->reason);
}

/*
 * Have graceful closes of the peer linger (peer_linger), or not; a peer
 * lingering now is closed at once (the hub is stopping).
 */
void
peer_set_linger(struct peer *peer, int on)
{
	if (on) {
		peer->flags |= PEER_LINGER;
		return;
	}
	peer->flags &= ~PEER_LINGER;
	if ((peer->flags & (PEER_DRAINING | PEER_DEAD)) == PEER_DRAINING) {
		peer->flags &= ~PEER_CLOSING;
		peer_fail(peer, peer->reason);
	}
}

/* Writing failed: the other side is gone. */
void
peer_write_error(struct peer *peer, int err)
{
	peer->cause = PEER_CAUSE_ERRNO;
	peer->errnum = err;
	peer_fail(peer, strerror(err));
}

/* Is the peer finished (failed or closing)? */
int
peer_dead(struct peer *peer)
{
	return ((peer->flags & (PEER_DEAD | PEER_CLOSING)) != 0);
}

/* Why the peer went away. */
const char *
peer_reason(struct peer *peer)
{
	return (peer->reason != NULL ? peer->reason : "connection closed");
}

/* Was the peer dropped because its send queue was full? */
int
peer_overflowed(struct peer *peer)
{
	return ((peer->flags & PEER_OVERFLOW) != 0);
}

/*
 * What the other side sent in the clear where a client expected TLS to
 * begin (NULL if nothing, or TLS): the first bytes, for the client to
 * tell a hub without TLS from something else.
 */
const char *
peer_tls_plain(struct peer *peer, size_t *len)
{
	*len = peer->plain != NULL ? strlen(peer->plain) : 0;
	return (peer->plain);
}

/* Is a TLS handshake still unfinished? */
int
peer_tls_pending(struct peer *peer)
{
	return (peer->ssl != NULL && !(peer->flags & PEER_TLS_OPEN));
}

/* Did the peer end on a TLS renegotiation, refused? */
int
peer_tls_renegotiated(struct peer *peer)
{
	return ((peer->flags & PEER_TLS_RENEG) != 0);
}

/*
 * Why the peer went away, as a value the client can word for its user:
 * PEER_CAUSE_EOF, PEER_CAUSE_ERRNO with an errno, PEER_CAUSE_TLS with an
 * OpenSSL error code, or PEER_CAUSE_LOCAL (this side chose to).
 */
int
peer_cause(struct peer *peer, int *errnum, unsigned long *tlserr)
{
	*errnum = peer->errnum;
	*tlserr = peer->tlserr;
	return (peer->cause);
}

/* Drop the connection now, discarding what is unsent. */
void
peer_fail(struct peer *peer, const char *reason)
{
	if (peer->flags & PEER_DEAD)
		return;
	peer->flags |= PEER_DEAD;
	if (peer->reason == NULL)
		peer->reason = xstrdup(reason);
	event_del(&peer->rev);
	peer_want_write(peer, 0);
	/* Made only now: a live peer keeps no event for its end. */
	if (peer->done == NULL &&
	    (peer->done = event_new(peer->base, -1, 0, peer_done_cb,
	    peer)) == NULL)
		fatalx("event_new failed");
	event_active(peer->done, 0, 0);
}

/* Stop reading, send what is queued, then drop the connection. */
void
peer_close(struct peer *peer)
{
	struct timeval	tv = { PEER_CLOSE_SECS, 0 };

	if (peer->flags & (PEER_DEAD | PEER_CLOSING))
		return;
	peer->flags |= PEER_CLOSING;
	if (peer->reason == NULL)
		peer->reason = xstrdup("closed");
	/*
	 * A TLS peer closed before its handshake (the hub is full, the
	 * address is banned) reads on until the handshake is over: what it
	 * is told, why it is closed, can be sent only then (peer_read_cb).
	 * The handshake has as long as a hub's deadline for hello; the
	 * sending, PEER_CLOSE_SECS more from its end.
	 */
	if (peer->ssl == NULL || (peer->flags & PEER_TLS_OPEN))
		event_del(&peer->rev);
	else
		tv.tv_sec = CR_HANDSHAKE_TIMEOUT;
	peer_drop_sources(peer);
	if (peer_queued(peer) == 0 && !(peer->flags & PEER_TLS_OPEN)) {
		peer_linger(peer);
		return;
	}
	peer->linger = evtimer_new(peer->base, peer_linger_cb, peer);
	evtimer_add(peer->linger, &tv);
	if (peer->ssl != NULL)
		peer_queue_flush(peer);		/* for the close_notify */
}

/*
 * Queue bytes for the peer.  The send queue is counted here: a reader
 * that stops reading is cut off once its queue passes the cap, so the
 * process's memory stays bounded.
 */
int
peer_send(struct peer *peer, const void *data, size_t len)
{
	struct peer_source	*src;

	if (!peer_may_send(peer, len))
		return (-1);
	if (len == 0)
		return (0);	/* (pend may be NULL yet: no memcpy to it) */
	if ((src = TAILQ_LAST(&peer->sources, peer_sources)) != NULL) {
		/* After what the sources still have to make. */
		if (evbuffer_add(src->after, data, len) != 0) {
			peer_fail(peer, "out of memory");
			return (-1);
		}
		peer->behind += len;
		return (0);
	}
	if (peer->pendlen + len > peer->pendsize)
		peer_pass_grow(peer, len);
	memcpy(peer->pend + peer->pendlen, data, len);
	if (peer->nsegs > 0)
		peer_pass_seg_add(peer, NULL, len);
	if (peer->passlen == 0)
		peer_queue_flush(peer);
	peer->pendlen += len;
	peer->passlen += len;
	return (0);
}

/*
 * Queue bytes pinned until the end of this pass (peer_pin), without
 * copying them; as peer_send otherwise.
 */
int
peer_send_pinned(struct peer *peer, const void *data, size_t len)
{
	if (!TAILQ_EMPTY(&peer->sources))
		return (peer_send(peer, data, len));
	if (!peer_may_send(peer, len))
		return (-1);
	if (peer->nsegs == 0 && peer->pendlen > 0)
		peer_pass_seg_add(peer, NULL, peer->pendlen);
	peer_pass_seg_add(peer, data, len);
	if (peer->passlen == 0)
		peer_queue_flush(peer);
	peer->passlen += len;
	return (0);
}

/*
 * May len more bytes be queued?  Not when the peer is finished, nor when
 * they would pass its send queue's cap (the peer then fails).
 */
static int
peer_may_send(struct peer *peer, size_t len)
{
	size_t	queued;

	if (peer->flags & (PEER_DEAD | PEER_CLOSING))
		return (0);
	/*
	 * Within a pass only what the pass added is counted again: the rest
	 * can only have shrunk since (the socket took some).
	 */
	if (peer->passlen == 0)
		peer->counted = peer_counted(peer);
	queued = peer->counted + peer->passlen;
	if (queued + len > peer->sendq_max) {
		log_debug("send queue exceeded (%zu bytes queued)", queued);
		peer->flags |= PEER_OVERFLOW;
		peer_fail(peer, "send queue exceeded");
		return (0);
	}
	return (1);
}

/*
 * Keep something alive until this pass's output is written: release(arg)
 * runs after the flush.  -1 if there is no flush to wait for (no peer).
 */
int
peer_pin(void (*release)(void *), void *arg)
{
	if (peer_flush_ev == NULL)
		return (-1);
	if (peer_npins == peer_pinsize) {
		peer_pinsize = peer_pinsize == 0 ? 64 : peer_pinsize * 2;
		peer_pins = xreallocarray(peer_pins, peer_pinsize,
		    sizeof *peer_pins);
	}
	peer_pins[peer_npins].release = release;
	peer_pins[peer_npins++].arg = arg;
	event_active(peer_flush_ev, 0, 0);
	return (0);
}

/* The pass's output is written or copied: release what was pinned. */
static void
peer_unpin(void)
{
	u_int	i;

	for (i = 0; i < peer_npins; i++)
		peer_pins[i].release(peer_pins[i].arg);
	peer_npins = 0;
	if (peer_pinsize > 1024) {
		free(peer_pins);
		peer_pins = NULL;
		peer_pinsize = 0;
	}
}

/*
 * Take no more lines from the peer until peer_release: what came stays in
 * its input buffer, and what comes waits in the socket.  Its owner waits
 * for the answer to a request (made off the loop) before the next.
 */
void
peer_hold(struct peer *peer)
{
	if (peer->flags & (PEER_DEAD | PEER_HELD))
		return;
	peer->flags |= PEER_HELD;
	event_del(&peer->rev);
}

/* Go on with the lines a held peer sent meanwhile, then read again. */
void
peer_release(struct peer *peer)
{
	if (!(peer->flags & PEER_HELD))
		return;
	peer->flags &= ~PEER_HELD;
	if (peer->flags & PEER_DEAD)
		return;
	event_add(&peer->rev, NULL);
	event_active(&peer->rev, EV_TIMEOUT, 0);
}

/*
 * Let an idle peer give back its input buffer, and a TLS one its plain
 * text output buffer.
 */
void
peer_trim(struct peer *peer)
{
	if (peer->in != NULL && evbuffer_get_length(peer->in) == 0) {
		evbuffer_free(peer->in);
		peer->in = NULL;
	}
	if (peer->ssl != NULL && peer->out != NULL &&
	    evbuffer_get_length(peer->out) == 0 &&
	    TAILQ_EMPTY(&peer->sources)) {
		evbuffer_free(peer->out);
		peer->out = NULL;
	}
	if (peer->wire != NULL && evbuffer_get_length(peer->wire) == 0 &&
	    (peer->ssl != NULL || TAILQ_EMPTY(&peer->sources))) {
		evbuffer_free(peer->wire);
		peer->wire = NULL;
		if (peer->ssl == NULL)
			peer->out = NULL;
	}
}

/* The socket can take more of what waits for it. */
static void
peer_write_cb(evutil_socket_t fd, short what, void *arg)
{
	struct peer	*peer = arg;
	int		 n, err;

	if (peer->flags & PEER_DEAD)
		return;
	if (peer_wire_len(peer) > 0 &&
	    (n = evbuffer_write(peer->wire, peer->fd)) < 0) {
		err = EVUTIL_SOCKET_ERROR();
		if (err != EAGAIN && err != EWOULDBLOCK && err != EINTR) {
			peer_write_error(peer, err);
			return;
		}
	}
	if (peer_wire_len(peer) == 0) {
		peer_want_write(peer, 0);
		peer_drained(peer);
	} else if (!TAILQ_EMPTY(&peer->sources) &&
	    peer_wire_len(peer) < PEER_LOWAT)
		peer_queue_flush(peer);		/* make more meanwhile */
}

/* A graceful close took too long: give up on the output. */
static void
peer_linger_cb(evutil_socket_t fd, short what, void *arg)
{
	struct peer	*peer = arg;

	peer->flags &= ~PEER_CLOSING;
	peer_fail(peer, peer->reason);
}

/* Tell the owner, once, that the peer is gone. */
static void
peer_done_cb(evutil_socket_t fd, short what, void *arg)
{
	struct peer	*peer = arg;

	if (peer->flags & PEER_REPORTED)
		return;
	peer->flags |= PEER_REPORTED;
	if (peer->linger != NULL)
		evtimer_del(peer->linger);
	peer->cb(peer, NULL, 0, peer->arg);
}

/*
 * Could what is queued for the peer now reach its socket before this
 * pass's flush?  Only through the write event of a plain peer whose
 * output waits for the socket (TLS output is encrypted by the flush).
 */
int
peer_writes_early(struct peer *peer)
{
	return (peer->ssl == NULL && (peer->flags & PEER_WRITING));
}

/*
 * Have this pass's flush run after the events made active so far: the
 * hub's journal writes what the pass stored before any of it is sent.
 */
void
peer_flush_behind(void)
{
	if (peer_flush_ev == NULL)
		return;
	event_del(peer_flush_ev);
	event_active(peer_flush_ev, 0, 0);
}
