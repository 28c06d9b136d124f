/* SPDX-License-Identifier: ISC */
/* peer-read.c: a peer's input: read, split into lines, hand them on. */

#include <sys/types.h>

#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "peer.h"
#include "proto.h"

static void	peer_read_oversize(struct peer *);
static int	peer_read_plain(struct peer *);

/* Answer an oversize line (the owner's way, or a JSON error) and close. */
static void
peer_read_oversize(struct peer *peer)
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

/* Read what came, split it into lines and hand each to the owner. */
void
peer_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct peer		*peer = arg;
	struct evbuffer		*in;
	struct evbuffer_ptr	 pos;
	struct timeval		 tv;
	size_t			 eol_len, len;
	char			*line;

	if ((peer->flags & (PEER_DEAD | PEER_DRAINING)) == PEER_DRAINING) {
		if (what & EV_READ)
			peer_discard(peer);
		return;
	}
	if ((peer->flags & (PEER_DEAD | PEER_CLOSING)) == PEER_CLOSING &&
	    peer->ssl != NULL && !(peer->flags & PEER_TLS_OPEN)) {
		/* Closed in the handshake: end it, then send (peer_close). */
		peer->rbudget = PEER_READ_MAX;
		if ((what & EV_READ) && peer_tls_handshake(peer) != 0 &&
		    !(peer->flags & PEER_DEAD)) {
			event_del(&peer->rev);
			tv.tv_sec = PEER_CLOSE_SECS;
			tv.tv_usec = 0;
			if (peer->linger != NULL &&
			    !(peer->flags & PEER_DRAINING))
				evtimer_add(peer->linger, &tv);
		}
		return;
	}
	if (peer->flags & (PEER_DEAD | PEER_CLOSING))
		return;
	/* Released (EV_TIMEOUT alone): the lines that waited, no read. */
	if ((what & EV_READ) && (peer->ssl != NULL ? peer_tls_read(peer) :
	    peer_read_plain(peer)) != 0)
		return;
	while ((in = peer->in) != NULL &&
	    !(peer->flags & (PEER_DEAD | PEER_CLOSING | PEER_HELD))) {
		pos = evbuffer_search_eol(in, NULL, &eol_len, EVBUFFER_EOL_LF);
		if (pos.pos < 0) {
			if (evbuffer_get_length(in) > peer->maxline)
				peer_read_oversize(peer);
			break;
		}
		len = pos.pos;
		if (len + 1 > peer->maxline) {
			peer_read_oversize(peer);
			break;
		}
		line = (char *)evbuffer_pullup(in, len + 1);
		if (len > 0 && line[len - 1] == '\r')
			len--;
		line[len] = '\0';	/* the '\n' (or '\r') we drop */
		peer->cb(peer, line, len, peer->arg);
		evbuffer_drain(in, pos.pos + 1);
	}
	if (peer->flags & PEER_FAIL_LATER)
		peer_fail(peer, peer->reason);
	else if ((peer->flags & PEER_TLS_NOTIFY) &&
	    !(peer->flags & (PEER_DEAD | PEER_CLOSING))) {
		/* TLS ended: what came before is answered, then the close. */
		peer->cause = PEER_CAUSE_EOF;
		if (peer->reason == NULL)
			peer->reason = xstrdup("connection closed");
		peer_close(peer);
	}
	peer_trim(peer);
}

/*
 * Read a plain socket into the input buffer: 0 if there may be lines, -1
 * at end of file or on an error (the peer failed).
 */
static int
peer_read_plain(struct peer *peer)
{
	static char	buf[PEER_READ_MAX];
	size_t		len;
	ssize_t		n;
	int		err;

	/*
	 * One read of up to PEER_READ_MAX, appended to what waits: the buffer
	 * grows by what came, no more.  (evbuffer_read asks FIONREAD first and
	 * takes at most 4 KiB, so a burst of messages took several loop
	 * passes, each sent on its own.)  No more than one line longer than
	 * the peer may send is taken at once: before hello that is 4 KiB, so
	 * a connection that never says hello makes the hub hold no more.
	 */
	len = peer->maxline < sizeof buf ? peer->maxline + 1 : sizeof buf;
	n = read(peer->fd, buf, len);
	if (n > 0) {
		if (evbuffer_add(peer_in(peer), buf, n) != 0) {
			peer_fail(peer, "out of memory");
			return (-1);
		}
		return (0);
	}
	if (n == 0) {
		peer->cause = PEER_CAUSE_EOF;
		peer_fail(peer, "connection closed");
		return (-1);
	}
	err = EVUTIL_SOCKET_ERROR();
	if (err == EAGAIN || err == EWOULDBLOCK || err == EINTR)
		return (0);
	peer->cause = PEER_CAUSE_ERRNO;
	peer->errnum = err;
	peer_fail(peer, strerror(err));
	return (-1);
}
