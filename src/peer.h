/* SPDX-License-Identifier: ISC */
/* peer.h: what peer.c, peer-pass.c, peer-read.c and peer-tls.c share. */

#ifndef PEER_H
#define PEER_H

#include <sys/types.h>
#include <sys/queue.h>

#include <event2/event.h>
#include <event2/event_struct.h>
#include <openssl/ssl.h>

#include "chatroom.h"

/*
 * Output the hub makes for a request (a replay, a list) can be far bigger
 * than the send queue: it is a source, asked for more only while less
 * than PEER_LOWAT is queued, so it is made as the socket drains.  What is
 * sent while a source is unfinished waits behind it, in order.  The send
 * queue counts only what the other side has not read of the rest: the
 * credit is an upper bound on a source's bytes still queued.
 */
#define PEER_LOWAT	(32 * 1024)	/* ask sources for more below this */
#define PEER_CHUNK	(16 * 1024)	/* about this much from each ask */
#define PEER_READ_MAX	(64 * 1024)	/* read at most this a readiness */
#define PEER_CLOSE_SECS	5	/* for a graceful close to send its last */
struct peer_source {
	peer_fill_cb		 fill;
	void			(*free)(void *);
	void			*arg;
	struct evbuffer		*after;		/* sent while it runs */
	TAILQ_ENTRY(peer_source) entry;
};
TAILQ_HEAD(peer_sources, peer_source);

/* A piece of a pass's output: bytes held elsewhere, or the array's next. */
struct peer_seg {
	const char		*data;		/* NULL: the next pend bytes */
	size_t			 len;
};

/*
 * A connection: two events on its socket (the write one made the first
 * time the kernel does not take everything, and armed only while that
 * lasts) and its buffers.  What a loop pass sends gathers in an array
 * (pend) written at the pass's end; every buffer (that array, input, TLS
 * plain text output, and what waits for the socket) is made when there
 * are bytes for it and freed once empty, so an idle connection keeps
 * none.
 */
struct peer {
	/* What a send touches, together (64 bytes). */
	int			 flags;
#define PEER_DEAD	0x1	/* no more input or output */
#define PEER_CLOSING	0x2	/* flushing output, then dead */
#define PEER_REPORTED	0x4	/* the NULL call has been made */
#define PEER_QUEUED	0x8	/* on the flush list */
#define PEER_TLS_OPEN	0x10	/* the TLS handshake is over */
#define PEER_OVERFLOW	0x20	/* dropped for a full send queue */
#define PEER_WRITING	0x40	/* the write event is armed */
#define PEER_EOF	0x80	/* TLS: the socket said end of file */
#define PEER_SOCKERR	0x100	/* TLS: the socket failed (errnum) */
#define PEER_TLS_COUNTED 0x200	/* its handshake is counted as over */
#define PEER_FAIL_LATER	0x400	/* TLS: failed, once its lines are read */
#define PEER_TLS_NOTIFY	0x800	/* the other side's close_notify came */
#define PEER_TLS_SHUT	0x1000	/* our close_notify is queued */
#define PEER_SHORT	0x2000	/* TLS: the socket took part of a record */
#define PEER_HELD	0x4000	/* its owner takes no more lines for now */
#define PEER_LINGER	0x8000	/* a close drains input before the end */
#define PEER_DRAINING	0x10000	/* shut for writing, dropping input */
#define PEER_TLS_HEARD	0x20000	/* TLS: the first bytes have come */
#define PEER_TLS_RENEG	0x40000	/* TLS: a renegotiation was refused */
	u_int			 nsegs;
	u_int			 segsize;
	int			 fd;
	struct peer_seg		*segs;		/* the pass in pieces, or NULL */
	struct peer_sources	 sources;
	size_t			 passlen;	/* bytes the pass queued */
	size_t			 counted;	/* the rest, when the pass began */
	size_t			 sendq_max;

	struct event_base	*base;
	SSL			*ssl;		/* NULL: plain */
	struct event		 rev;		/* the socket is readable */
	struct event		*wev;		/* and writable, when armed */
	struct event		*done;		/* delivers the NULL call */
	struct event		*linger;	/* bounds a graceful close */
	size_t			 maxline;
	peer_cb			 cb;
	void			(*ready)(struct peer *, void *);
	void			(*oversize)(struct peer *, void *);
	void			*arg;
	char			*reason;
	char			*plain;		/* text where TLS was due */
	int			 cause;		/* PEER_CAUSE_* */
	int			 errnum;	/* with PEER_CAUSE_ERRNO */
	unsigned long		 tlserr;	/* with PEER_CAUSE_TLS */
	size_t			 rbudget;	/* TLS: bytes it may read now */
	size_t			 drained;	/* input dropped while draining */
	struct evbuffer		*out;		/* queued by peer_send */
	struct evbuffer		*wire;		/* bytes for the socket, or NULL */
	struct evbuffer		*in;		/* bytes to split into lines */
	char			*pend;		/* this pass's output, or NULL */
	size_t			 pendlen;	/* bytes of it in pend */
	size_t			 pendsize;
	size_t			 lastpass;	/* pendlen the last pass sent */
	size_t			 credit;	/* source bytes maybe queued */
	size_t			 behind;	/* bytes in sources' after */
	TAILQ_ENTRY(peer)	 flush_entry;
};

/* peer.c */
void		 peer_queue_flush(struct peer *);
struct evbuffer	*peer_out(struct peer *);
struct evbuffer	*peer_wire(struct peer *);
size_t		 peer_wire_len(struct peer *);
struct evbuffer	*peer_in(struct peer *);
void		 peer_write_error(struct peer *, int);
void		 peer_discard(struct peer *);
void		 peer_trim(struct peer *);

/* peer-pass.c */
void		 peer_pass_seg_add(struct peer *, const char *, size_t);
void		 peer_pass_grow(struct peer *, size_t);
void		 peer_pass_settle(struct peer *);
void		 peer_pass_free(struct peer *);
typedef int	(*peer_piece_cb)(struct peer *, const char *, size_t, void *);
int		 peer_pass_each(struct peer *, peer_piece_cb, void *);
int		 peer_pass_gather(struct peer *, char *, size_t, peer_piece_cb,
		     void *);
int		 peer_pass_write(struct peer *);
void		 peer_pass_free_spares(void);

/* peer-read.c */
void		 peer_read_cb(evutil_socket_t, short, void *);

/* peer-tls.c */
void		 peer_tls_setup(struct peer *, SSL *, int);
int		 peer_tls_handshake(struct peer *);
void		 peer_tls_done(struct peer *);
int		 peer_tls_read(struct peer *);
int		 peer_tls_encrypt(struct peer *);
void		 peer_tls_shutdown(struct peer *);
void		 peer_tls_fail(struct peer *, const char *);
void		 peer_tls_cause(struct peer *, const char *);

#endif
