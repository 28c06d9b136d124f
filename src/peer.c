/* SPDX-License-Identifier: ISC */
/* peer.c: one line-framed connection over a bufferevent, for both roles. */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"

/*
 * A peer hands each complete line (without its '\n') to its callback, and
 * NULL exactly once when the connection is gone.  The NULL call always comes
 * from an event of its own, never from inside peer_send or a line callback,
 * so owners may fan out to many peers without any of them vanishing under
 * their feet; the owner frees the peer from the NULL call.
 *
 * TLS runs over the same plain socket bufferevent, through a BIO that
 * reads the bufferevent's input and writes its output.  Everything that
 * came in is decrypted in one go, and what was queued in a loop pass is
 * encrypted at its end, in records of up to 16 KiB rather than one per
 * message, and written with the same single writev as plain output.
 */
struct peer {
	struct event_base	*base;
	struct bufferevent	*bev;
	SSL			*ssl;		/* NULL: plain */
	struct event		*done;		/* delivers the NULL call */
	struct event		*linger;	/* bounds a graceful close */
	size_t			 maxline;
	size_t			 sendq_max;
	peer_cb			 cb;
	void			(*ready)(struct peer *, void *);
	void			(*oversize)(struct peer *, void *);
	void			*arg;
	int			 flags;
#define PEER_DEAD	0x1	/* no more input or output */
#define PEER_CLOSING	0x2	/* flushing output, then dead */
#define PEER_REPORTED	0x4	/* the NULL call has been made */
#define PEER_QUEUED	0x8	/* on the flush list */
#define PEER_TLS_OPEN	0x10	/* the TLS handshake is over */
#define PEER_OVERFLOW	0x20	/* dropped for a full send queue */
#define PEER_TLS_EOF	0x40	/* the other side's close_notify came */
#define PEER_TLS_SHUT	0x80	/* our close_notify is queued */
	char			*reason;
	int			 cause;		/* PEER_CAUSE_* */
	int			 errnum;	/* with PEER_CAUSE_ERRNO */
	unsigned long		 tlserr;	/* with PEER_CAUSE_TLS */
	struct evbuffer		*out;		/* queued by peer_send */
	struct evbuffer		*wire;		/* bytes for the socket */
	struct evbuffer		*in;		/* bytes to split into lines */
	int			 fd;
	TAILQ_ENTRY(peer)	 flush_entry;
};

/*
 * Output is written once per loop pass for every peer that has some:
 * one writev each, without arming a write event, which would cost two
 * epoll_ctl calls per delivery.  Only what the kernel does not take at
 * once waits for the socket to become writable.
 */
static TAILQ_HEAD(, peer) peer_flush_list =
    TAILQ_HEAD_INITIALIZER(peer_flush_list);
static struct event	*peer_flush_ev;
static u_int		 peer_count;

static void	peer_flush_cb(evutil_socket_t, short, void *);
static void	peer_queue_flush(struct peer *);
static int	peer_tls_handshake(struct peer *);
static int	peer_tls_read(struct peer *);
static int	peer_tls_encrypt(struct peer *);
static void	peer_tls_fail(struct peer *, const char *);
static BIO_METHOD *peer_bio_method(void);
static int	peer_bio_write(BIO *, const char *, int);
static int	peer_bio_read(BIO *, char *, int);
static long	peer_bio_ctrl(BIO *, int, long, void *);

static void	peer_read_cb(struct bufferevent *, void *);
static void	peer_write_cb(struct bufferevent *, void *);
static void	peer_event_cb(struct bufferevent *, short, void *);
static void	peer_done_cb(evutil_socket_t, short, void *);
static void	peer_linger_cb(evutil_socket_t, short, void *);
static void	peer_oversize(struct peer *);

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
	BIO		*bio;
	int		 one = 1;

	peer = xcalloc(1, sizeof *peer);
	peer->base = base;
	peer->maxline = maxline;
	peer->sendq_max = sendq_max;
	peer->cb = cb;
	peer->arg = arg;

	evutil_make_socket_nonblocking(fd);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	peer->bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (peer->bev == NULL)
		fatalx("bufferevent_socket_new failed");
	peer->wire = bufferevent_get_output(peer->bev);
	peer->fd = fd;
	if (ssl == NULL) {
		peer->out = peer->wire;
		peer->in = bufferevent_get_input(peer->bev);
	} else {
		peer->ssl = ssl;
		peer->out = evbuffer_new();
		peer->in = evbuffer_new();
		if (peer->out == NULL || peer->in == NULL ||
		    (bio = BIO_new(peer_bio_method())) == NULL)
			fatalx("out of memory");
		BIO_set_data(bio, peer);
		BIO_set_init(bio, 1);
		SSL_set_bio(ssl, bio, bio);
		/* An idle connection keeps no record buffers. */
		SSL_set_mode(ssl, SSL_MODE_RELEASE_BUFFERS);
		if (accepting)
			SSL_set_accept_state(ssl);
		else
			SSL_set_connect_state(ssl);
	}
	bufferevent_setcb(peer->bev, peer_read_cb, peer_write_cb,
	    peer_event_cb, peer);
	bufferevent_disable(peer->bev, EV_WRITE);
	bufferevent_enable(peer->bev, EV_READ);
	if (peer_flush_ev == NULL)
		peer_flush_ev = event_new(base, -1, 0, peer_flush_cb, NULL);
	peer_count++;
	peer->done = event_new(base, -1, 0, peer_done_cb, peer);
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
		event_free(peer_flush_ev);
		peer_flush_ev = NULL;
	}
	event_free(peer->done);
	if (peer->linger != NULL)
		event_free(peer->linger);
	if (peer->ssl != NULL) {
		SSL_free(peer->ssl);
		evbuffer_free(peer->out);
		evbuffer_free(peer->in);
	}
	bufferevent_free(peer->bev);
	free(peer->reason);
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

/* Bytes waiting to be written (before encryption, or after). */
size_t
peer_queued(struct peer *peer)
{
	if (peer->ssl == NULL)
		return (evbuffer_get_length(peer->out));
	return (evbuffer_get_length(peer->out) +
	    evbuffer_get_length(peer->wire));
}

/* Have the peer's output written at the end of this loop pass. */
static void
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
	int		 n, err;

	while ((peer = TAILQ_FIRST(&peer_flush_list)) != NULL) {
		TAILQ_REMOVE(&peer_flush_list, peer, flush_entry);
		peer->flags &= ~PEER_QUEUED;
		if (peer->flags & PEER_DEAD)
			continue;
		if (peer->ssl != NULL && peer_tls_encrypt(peer) != 0)
			continue;
		/* Closing: after the last bytes, TLS's close_notify. */
		if ((peer->flags & (PEER_CLOSING|PEER_TLS_OPEN|PEER_TLS_SHUT)) ==
		    (PEER_CLOSING|PEER_TLS_OPEN)) {
			peer->flags |= PEER_TLS_SHUT;
			ERR_clear_error();
			SSL_shutdown(peer->ssl);
			ERR_clear_error();
		}
		/*
		 * The bufferevent keeps its output frozen but for itself.
		 * An empty buffer "fails" to write: a TLS peer can be here
		 * with nothing to send.
		 */
		n = 0;
		if (evbuffer_get_length(peer->wire) > 0) {
			evbuffer_unfreeze(peer->wire, 1);
			n = evbuffer_write(peer->wire, peer->fd);
			evbuffer_freeze(peer->wire, 1);
		}
		if (n < 0) {
			err = EVUTIL_SOCKET_ERROR();
			if (err != EAGAIN && err != EWOULDBLOCK &&
			    err != EINTR) {
				peer->cause = PEER_CAUSE_ERRNO;
				peer->errnum = err;
				peer_fail(peer, strerror(err));
				continue;
			}
		}
		if (evbuffer_get_length(peer->wire) > 0)
			bufferevent_enable(peer->bev, EV_WRITE);
		else if (peer->flags & PEER_CLOSING)
			peer_write_cb(peer->bev, peer);
	}
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

/* Is a TLS handshake still unfinished? */
int
peer_tls_pending(struct peer *peer)
{
	return (peer->ssl != NULL && !(peer->flags & PEER_TLS_OPEN));
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
	bufferevent_disable(peer->bev, EV_READ | EV_WRITE);
	event_active(peer->done, 0, 0);
}

/* Stop reading, send what is queued, then drop the connection. */
void
peer_close(struct peer *peer)
{
	struct timeval	tv = { 5, 0 };

	if (peer->flags & (PEER_DEAD | PEER_CLOSING))
		return;
	peer->flags |= PEER_CLOSING;
	if (peer->reason == NULL)
		peer->reason = xstrdup("closed");
	bufferevent_disable(peer->bev, EV_READ);
	if (peer_queued(peer) == 0 && !(peer->flags & PEER_TLS_OPEN)) {
		peer_fail(peer, peer->reason);
		return;
	}
	bufferevent_setcb(peer->bev, NULL, peer_write_cb, peer_event_cb, peer);
	peer->linger = evtimer_new(peer->base, peer_linger_cb, peer);
	evtimer_add(peer->linger, &tv);
	if (peer->ssl != NULL)
		peer_queue_flush(peer);		/* for the close_notify */
}

/*
 * Queue bytes for the peer.  The send queue is counted here, not left to
 * the bufferevent: a reader that stops reading is cut off once its queue
 * passes the cap, so the process's memory stays bounded.
 */
int
peer_send(struct peer *peer, const void *data, size_t len)
{
	size_t	queued;

	if (peer->flags & (PEER_DEAD | PEER_CLOSING))
		return (-1);
	queued = peer_queued(peer);
	if (queued + len > peer->sendq_max) {
		log_info("send queue exceeded (%zu bytes queued)", queued);
		peer->flags |= PEER_OVERFLOW;
		peer_fail(peer, "send queue exceeded");
		return (-1);
	}
	if (evbuffer_add(peer->out, data, len) != 0) {
		peer_fail(peer, "out of memory");
		return (-1);
	}
	/*
	 * Plain output already queued is on the list or waits for the
	 * socket, which writes it; TLS output must be encrypted first.
	 */
	if (queued == 0 || peer->ssl != NULL)
		peer_queue_flush(peer);
	return (0);
}

/* Answer an oversize line (the owner's way, or a JSON error) and close. */
static void
peer_oversize(struct peer *peer)
{
	struct jbuf	jb;
	char		detail[64];

	if (peer->oversize != NULL)
		peer->oversize(peer, peer->arg);
	else {
		snprintf(detail, sizeof detail, "line longer than %zu bytes",
		    peer->maxline);
		jbuf_init(&jb);
		proto_make_error(&jb, PERR_LINE_TOO_LONG, detail, 0);
		peer_send(peer, jb.buf, jb.len);
		jbuf_free(&jb);
	}
	free(peer->reason);
	peer->reason = xstrdup("line too long");
	peer_close(peer);
}

/* Split input into lines and hand each to the owner. */
static void
peer_read_cb(struct bufferevent *bev, void *arg)
{
	struct peer		*peer = arg;
	struct evbuffer		*in = peer->in;
	struct evbuffer_ptr	 pos;
	size_t			 eol_len, len;
	char			*line;

	if (peer->ssl != NULL && peer_tls_read(peer) != 0)
		return;
	while (!(peer->flags & (PEER_DEAD | PEER_CLOSING))) {
		pos = evbuffer_search_eol(in, NULL, &eol_len, EVBUFFER_EOL_LF);
		if (pos.pos < 0) {
			if (evbuffer_get_length(in) > peer->maxline)
				peer_oversize(peer);
			break;
		}
		len = pos.pos;
		if (len + 1 > peer->maxline) {
			peer_oversize(peer);
			return;
		}
		line = (char *)evbuffer_pullup(in, len + 1);
		if (len > 0 && line[len - 1] == '\r')
			len--;
		line[len] = '\0';	/* the '\n' (or '\r') we drop */
		peer->cb(peer, line, len, peer->arg);
		evbuffer_drain(in, pos.pos + 1);
	}
	/* TLS ended: what came before is answered, then the close. */
	if ((peer->flags & PEER_TLS_EOF) &&
	    !(peer->flags & (PEER_DEAD | PEER_CLOSING))) {
		peer->cause = PEER_CAUSE_EOF;
		if (peer->reason == NULL)
			peer->reason = xstrdup("connection closed");
		peer_close(peer);
	}
}

/*
 * The output drained: stop watching for writability, and
 * during a graceful close, finish.
 */
static void
peer_write_cb(struct bufferevent *bev, void *arg)
{
	struct peer	*peer = arg;

	if (peer_queued(peer) != 0)
		return;
	bufferevent_disable(peer->bev, EV_WRITE);
	if (peer->flags & PEER_CLOSING) {
		peer->flags &= ~PEER_CLOSING;
		peer_fail(peer, peer->reason);
	}
}

/* End of file or an error on the socket. */
static void
peer_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct peer	*peer = arg;
	int		 err = EVUTIL_SOCKET_ERROR();

	if (peer->flags & PEER_DEAD)
		return;
	if (what & BEV_EVENT_EOF) {
		peer->cause = PEER_CAUSE_EOF;
		peer_fail(peer, "connection closed");
	} else if (what & BEV_EVENT_ERROR) {
		if (err != 0) {
			peer->cause = PEER_CAUSE_ERRNO;
			peer->errnum = err;
			peer_fail(peer, strerror(err));
		} else {
			peer->cause = PEER_CAUSE_EOF;
			peer_fail(peer, "connection error");
		}
	}
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
 * Go on with the TLS handshake: 1 when it is over (the ready callback has
 * run), 0 while it goes on, -1 when it failed.
 */
static int
peer_tls_handshake(struct peer *peer)
{
	int	r;

	if (peer->flags & PEER_TLS_OPEN)
		return (1);
	ERR_clear_error();
	r = SSL_do_handshake(peer->ssl);
	peer_queue_flush(peer);		/* its next flight, or an alert */
	if (r != 1) {
		if (SSL_get_error(peer->ssl, r) == SSL_ERROR_WANT_READ)
			return (0);
		peer_tls_fail(peer, "TLS handshake failed");
		return (-1);
	}
	peer->flags |= PEER_TLS_OPEN;
	if (peer->ready != NULL)
		peer->ready(peer, peer->arg);
	return ((peer->flags & (PEER_DEAD | PEER_CLOSING)) ? -1 : 1);
}

/*
 * Decrypt all that came in; 0 when there may be lines to split, -1 when
 * there cannot be (handshake going on, or the peer failed).
 */
static int
peer_tls_read(struct peer *peer)
{
	char	buf[16384];
	int	r;

	if (peer_tls_handshake(peer) != 1)
		return (-1);
	for (;;) {
		ERR_clear_error();
		if ((r = SSL_read(peer->ssl, buf, sizeof buf)) > 0) {
			if (evbuffer_add(peer->in, buf, r) != 0) {
				peer_fail(peer, "out of memory");
				return (-1);
			}
			continue;
		}
		switch (SSL_get_error(peer->ssl, r)) {
		case SSL_ERROR_WANT_READ:
			break;
		case SSL_ERROR_ZERO_RETURN:
			/* Lines before the close_notify go first. */
			peer->flags |= PEER_TLS_EOF;
			break;
		default:
			peer_tls_fail(peer, "TLS error");
			return (-1);
		}
		break;
	}
	/* Reading can make TLS answer (a key update). */
	if (evbuffer_get_length(peer->wire) > 0)
		peer_queue_flush(peer);
	return (0);
}

/*
 * Encrypt what is queued into the socket's output, up to 16 KiB a record
 * (the largest TLS allows); 0 or -1 if the peer failed.
 */
static int
peer_tls_encrypt(struct peer *peer)
{
	size_t	 len;
	u_char	*p;
	int	 r;

	if (!(peer->flags & PEER_TLS_OPEN))
		return (0);
	while ((len = evbuffer_get_length(peer->out)) > 0) {
		if (len > 16384)
			len = 16384;
		if ((p = evbuffer_pullup(peer->out, len)) == NULL) {
			peer_fail(peer, "out of memory");
			return (-1);
		}
		ERR_clear_error();
		if ((r = SSL_write(peer->ssl, p, len)) <= 0) {
			peer_tls_fail(peer, "TLS error");
			return (-1);
		}
		evbuffer_drain(peer->out, r);
	}
	return (0);
}

/*
 * Fail with OpenSSL's reason, if it has one; without one, the other side
 * closed the connection in the middle of TLS.
 */
static void
peer_tls_fail(struct peer *peer, const char *what)
{
	unsigned long	e = ERR_get_error();
	char		buf[256];

	if (peer->flags & PEER_DEAD) {
		ERR_clear_error();
		return;
	}
	if (e == 0) {
		peer->cause = PEER_CAUSE_EOF;
		peer_fail(peer, what);
		return;
	}
	peer->cause = PEER_CAUSE_TLS;
	peer->tlserr = e;
	ERR_error_string_n(e, buf, sizeof buf);
	ERR_clear_error();
	peer_fail(peer, buf);
}

/* The BIO under a peer's TLS: the bufferevent's input and output. */
static BIO_METHOD *
peer_bio_method(void)
{
	static BIO_METHOD	*m;

	if (m != NULL)
		return (m);
	m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "peer");
	if (m == NULL ||
	    BIO_meth_set_write(m, peer_bio_write) != 1 ||
	    BIO_meth_set_read(m, peer_bio_read) != 1 ||
	    BIO_meth_set_ctrl(m, peer_bio_ctrl) != 1)
		fatalx("BIO_meth_new failed");
	return (m);
}

/* TLS output goes to the socket's output buffer; it never blocks. */
static int
peer_bio_write(BIO *bio, const char *data, int len)
{
	struct peer	*peer = BIO_get_data(bio);

	BIO_clear_retry_flags(bio);
	if (evbuffer_add(peer->wire, data, len) != 0)
		return (-1);
	return (len);
}

/* TLS input comes from what the bufferevent has read. */
static int
peer_bio_read(BIO *bio, char *data, int len)
{
	struct peer	*peer = BIO_get_data(bio);
	int		 n;

	BIO_clear_retry_flags(bio);
	n = evbuffer_remove(bufferevent_get_input(peer->bev), data, len);
	if (n <= 0) {
		BIO_set_retry_read(bio);
		return (-1);
	}
	return (n);
}

/* The few controls OpenSSL asks a BIO about. */
static long
peer_bio_ctrl(BIO *bio, int cmd, long num, void *ptr)
{
	struct peer	*peer = BIO_get_data(bio);

	switch (cmd) {
	case BIO_CTRL_FLUSH:
		return (1);
	case BIO_CTRL_PENDING:
		return (evbuffer_get_length(bufferevent_get_input(peer->bev)));
	case BIO_CTRL_WPENDING:
		return (0);
	}
	return (0);
}
