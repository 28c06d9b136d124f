/* peer.c: one line-framed connection over a bufferevent, for both roles. */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
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
 */
struct peer {
	struct event_base	*base;
	struct bufferevent	*bev;
	struct event		*done;		/* delivers the NULL call */
	struct event		*linger;	/* bounds a graceful close */
	size_t			 maxline;
	size_t			 sendq_max;
	peer_cb			 cb;
	void			(*ready)(struct peer *, void *);
	void			*arg;
	int			 flags;
#define PEER_DEAD	0x1	/* no more input or output */
#define PEER_CLOSING	0x2	/* flushing output, then dead */
#define PEER_REPORTED	0x4	/* the NULL call has been made */
#define PEER_QUEUED	0x8	/* on the flush list */
#define PEER_DIRECT	0x10	/* plain socket: we write, not libevent */
#define PEER_OVERFLOW	0x20	/* dropped for a full send queue */
	char			*reason;
	struct evbuffer		*out;
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
	int		 one = 1;

	peer = xcalloc(1, sizeof *peer);
	peer->base = base;
	peer->maxline = maxline;
	peer->sendq_max = sendq_max;
	peer->cb = cb;
	peer->arg = arg;

	evutil_make_socket_nonblocking(fd);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (ssl == NULL)
		peer->bev = bufferevent_socket_new(base, fd,
		    BEV_OPT_CLOSE_ON_FREE);
	else {
		peer->bev = bufferevent_openssl_socket_new(base, fd, ssl,
		    accepting ? BUFFEREVENT_SSL_ACCEPTING :
		    BUFFEREVENT_SSL_CONNECTING, BEV_OPT_CLOSE_ON_FREE);
		if (peer->bev != NULL)
			bufferevent_openssl_set_allow_dirty_shutdown(peer->bev,
			    1);
	}
	if (peer->bev == NULL)
		fatalx("bufferevent_socket_new failed");
	peer->out = bufferevent_get_output(peer->bev);
	peer->fd = fd;
	bufferevent_setcb(peer->bev, peer_read_cb, peer_write_cb,
	    peer_event_cb, peer);
	if (ssl == NULL) {
		peer->flags |= PEER_DIRECT;
		bufferevent_disable(peer->bev, EV_WRITE);
		bufferevent_enable(peer->bev, EV_READ);
	} else
		bufferevent_enable(peer->bev, EV_READ | EV_WRITE);
	if (peer_flush_ev == NULL)
		peer_flush_ev = event_new(base, -1, 0, peer_flush_cb, NULL);
	peer_count++;
	peer->done = event_new(base, -1, 0, peer_done_cb, peer);
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

/* The TLS connection, or NULL. */
SSL *
peer_ssl(struct peer *peer)
{
	return (bufferevent_openssl_get_ssl(peer->bev));
}

/* Change the longest line accepted. */
void
peer_set_maxline(struct peer *peer, size_t maxline)
{
	peer->maxline = maxline;
}

/* Bytes waiting to be written. */
size_t
peer_queued(struct peer *peer)
{
	return (evbuffer_get_length(peer->out));
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
		/* The bufferevent keeps its output frozen but for itself. */
		evbuffer_unfreeze(peer->out, 1);
		n = evbuffer_write(peer->out, peer->fd);
		evbuffer_freeze(peer->out, 1);
		if (n < 0) {
			err = EVUTIL_SOCKET_ERROR();
			if (err != EAGAIN && err != EWOULDBLOCK &&
			    err != EINTR) {
				peer_fail(peer, strerror(err));
				continue;
			}
		}
		if (evbuffer_get_length(peer->out) > 0)
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
	SSL	*ssl = bufferevent_openssl_get_ssl(peer->bev);

	return (ssl != NULL && !SSL_is_init_finished(ssl));
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
	if (peer_queued(peer) == 0) {
		peer_fail(peer, peer->reason);
		return;
	}
	bufferevent_setcb(peer->bev, NULL, peer_write_cb, peer_event_cb, peer);
	peer->linger = evtimer_new(peer->base, peer_linger_cb, peer);
	evtimer_add(peer->linger, &tv);
}

/*
 * Queue bytes for the peer.  The send queue is counted here, not left to
 * the bufferevent: a reader that stops reading is cut off once its queue
 * passes the cap, so the process's memory stays bounded.
 */
int
peer_send(struct peer *peer, const void *data, size_t len)
{
	struct evbuffer	*out;

	size_t		 queued;

	if (peer->flags & (PEER_DEAD | PEER_CLOSING))
		return (-1);
	out = peer->out;
	queued = evbuffer_get_length(out);
	if (queued + len > peer->sendq_max) {
		log_info("send queue exceeded (%zu bytes queued)", queued);
		peer->flags |= PEER_OVERFLOW;
		peer_fail(peer, "send queue exceeded");
		return (-1);
	}
	if (evbuffer_add(out, data, len) != 0) {
		peer_fail(peer, "out of memory");
		return (-1);
	}
	if ((peer->flags & (PEER_DIRECT | PEER_QUEUED)) == PEER_DIRECT &&
	    queued == 0) {
		if (TAILQ_EMPTY(&peer_flush_list))
			event_active(peer_flush_ev, 0, 0);
		TAILQ_INSERT_TAIL(&peer_flush_list, peer, flush_entry);
		peer->flags |= PEER_QUEUED;
	}
	return (0);
}

/* Answer an oversize line with an error frame and close. */
static void
peer_oversize(struct peer *peer)
{
	struct jbuf	jb;
	char		detail[64];

	snprintf(detail, sizeof detail, "line longer than %zu bytes",
	    peer->maxline);
	jbuf_init(&jb);
	proto_make_error(&jb, PERR_LINE_TOO_LONG, detail, 0);
	peer_send(peer, jb.buf, jb.len);
	jbuf_free(&jb);
	free(peer->reason);
	peer->reason = xstrdup("line too long");
	peer_close(peer);
}

/* Split input into lines and hand each to the owner. */
static void
peer_read_cb(struct bufferevent *bev, void *arg)
{
	struct peer		*peer = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	struct evbuffer_ptr	 pos;
	size_t			 eol_len, len;
	char			*line;

	while (!(peer->flags & (PEER_DEAD | PEER_CLOSING))) {
		pos = evbuffer_search_eol(in, NULL, &eol_len, EVBUFFER_EOL_LF);
		if (pos.pos < 0) {
			if (evbuffer_get_length(in) > peer->maxline)
				peer_oversize(peer);
			return;
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
}

/*
 * The output drained: stop watching for writability (direct peers), and
 * during a graceful close, finish.
 */
static void
peer_write_cb(struct bufferevent *bev, void *arg)
{
	struct peer	*peer = arg;

	if (peer_queued(peer) != 0)
		return;
	if (peer->flags & PEER_DIRECT)
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
	unsigned long	 tlserr;
	char		 buf[256];

	if (what & BEV_EVENT_CONNECTED) {
		if (peer->ready != NULL)
			peer->ready(peer, peer->arg);
		return;
	}
	if (what & BEV_EVENT_EOF)
		peer_fail(peer, "connection closed");
	else if (what & BEV_EVENT_ERROR) {
		if ((tlserr = bufferevent_get_openssl_error(bev)) != 0) {
			ERR_error_string_n(tlserr, buf, sizeof buf);
			while (bufferevent_get_openssl_error(bev) != 0)
				/* drain */;
			peer_fail(peer, buf);
		} else
			peer_fail(peer, err != 0 ? strerror(err) :
			    "connection error");
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
