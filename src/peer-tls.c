/* SPDX-License-Identifier: ISC */
/* peer-tls.c: TLS under a peer, through a BIO over its socket. */

#include <sys/types.h>

#include <errno.h>
#ifdef HAVE_MALLOC_H
#include <malloc.h>
#endif
#include <event2/buffer.h>
#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "peer.h"

/*
 * OpenSSL reads the socket itself, through a BIO, and writes records
 * straight to the socket, or into the peer's socket output buffer when
 * something waits there already.  Everything that came in is decrypted
 * in one go (up to PEER_READ_MAX a readiness), and what was queued in a
 * loop pass is encrypted at its end, from the pass's array (or its pieces
 * gathered), in records of up to 16 KiB rather than one per message,
 * and the pass's records go to the socket in one write.
 * With SSL_MODE_RELEASE_BUFFERS an idle connection keeps no record
 * buffers.  A busy one then has OpenSSL allocate and free its write
 * buffer for each record; but that one chunk comes back for the next
 * peer's record, still in the cache.  Buffers kept by each busy
 * connection (17 KB each) were slower at 1,000 members: the copies into
 * and out of them missed the cache.
 *
 * What an idle connection still costs is OpenSSL's own, about 13.5 KB
 * in 32 allocations (3.0, TLS 1.3, X25519, AES-128-GCM; counted by
 * tests/unit/test-peer-tls.c), and nothing here can give it back.  The
 * SSL object is 7.6 KB, more than half of it record slots for 32
 * pipelines of which one is used; with its copies of the context's
 * certificate settings and verification parameters, 8.4 KB.  The two
 * record ciphers are 2.3 KB and the session 1 KB.  The remaining
 * 1.8 KB only the handshake needed, but OpenSSL 3.0 frees it with the
 * SSL alone: both key shares, two transcript hashes (one kept for a
 * post-handshake authentication), the client's cipher list (parsed and
 * raw) and the signature algorithms.  The BIO is one for all peers.
 */
/*
 * A handshake needs tens of KiB for a moment; after a burst of them (a
 * restarted hub that every client reconnects to) the heap keeps that
 * space, spread between the connections' own small allocations.  Once
 * no handshake is left going, after PEER_TLS_TRIM_AFTER of them, the
 * free pages are given back.
 */
#define PEER_TLS_TRIM_AFTER	64
static void	peer_tls_explain(struct peer *, unsigned long, char *, size_t);
static u_int	peer_tls_opening;	/* handshakes going on */
static u_int	peer_tls_settled;	/* and over since the last trim */

/* The largest record's plain text, and a pass's pieces gathered into one. */
#define PEER_TLS_RECORD	16384
static char	peer_tls_rec[PEER_TLS_RECORD];

/*
 * When a pass has more than a record's worth for a peer, its records are
 * gathered here and go to the socket together, as a plain peer's pass
 * does: a write costs the kernel 4-6 us at 1,000 members, what 20-40
 * deliveries cost.  Room for four records and what each adds.
 */
#define PEER_TLS_WIRE	(4 * (PEER_TLS_RECORD + 256))
static char	peer_tls_wire[PEER_TLS_WIRE];
static size_t	peer_tls_wirelen;
static int	peer_tls_gathering;

/*
 * One BIO serves every peer, rather than one each (its 200 bytes, with
 * its lock, on every connection): OpenSSL reaches it only from within
 * the calls below, which name their peer first and forget it after.
 * Outside them it neither reads nor writes.
 */
static BIO		*peer_tls_bio;
static struct peer	*peer_tls_cur;

static void	peer_tls_enter(struct peer *);
static void	peer_tls_leave(void);
static void	peer_tls_settle(void);
static int	peer_tls_write(struct peer *, const char *, size_t, void *);
static int	peer_tls_encrypt_pass(struct peer *);
static int	peer_tls_flush(struct peer *);
static void	peer_tls_ungather(void);
static BIO_METHOD *peer_tls_bio_method(void);
static int	peer_tls_bio_write(BIO *, const char *, int);
static int	peer_tls_bio_read(BIO *, char *, int);
static long	peer_tls_bio_ctrl(BIO *, int, long, void *);
static void	peer_tls_heard(struct peer *, const char *, size_t);

/* Put TLS under a new peer: accepting for the hub, connecting else. */
void
peer_tls_setup(struct peer *peer, SSL *ssl, int accepting)
{
	peer->ssl = ssl;
	if (peer_tls_bio == NULL) {
		if ((peer_tls_bio = BIO_new(peer_tls_bio_method())) == NULL)
			fatalx("out of memory");
		BIO_set_init(peer_tls_bio, 1);
	}
	/* The SSL takes this reference, and one more of its own. */
	if (BIO_up_ref(peer_tls_bio) != 1)
		fatalx("BIO_up_ref failed");
	SSL_set_bio(ssl, peer_tls_bio, peer_tls_bio);
	SSL_set_mode(ssl, SSL_MODE_RELEASE_BUFFERS);
	SSL_set_read_ahead(ssl, 1);
	peer_tls_opening++;
	if (accepting)
		SSL_set_accept_state(ssl);
	else
		SSL_set_connect_state(ssl);
}

/*
 * Go on with the TLS handshake: 1 when it is over (the ready callback has
 * run), 0 while it goes on, -1 when it failed.
 */
int
peer_tls_handshake(struct peer *peer)
{
	int	r, e = SSL_ERROR_NONE;

	if (peer->flags & PEER_TLS_OPEN)
		return (1);
	ERR_clear_error();
	peer_tls_enter(peer);
	r = SSL_do_handshake(peer->ssl);
	peer_tls_leave();
	if (r != 1)
		e = SSL_get_error(peer->ssl, r);
	peer_queue_flush(peer);		/* its next flight, or an alert */
	if (r != 1) {
		if (e == SSL_ERROR_WANT_READ)
			return (0);
		peer_tls_fail(peer, "TLS handshake failed");
		return (-1);
	}
	peer->flags |= PEER_TLS_OPEN;
	peer_tls_done(peer);
	if (peer->ready != NULL)
		peer->ready(peer, peer->arg);
	return ((peer->flags & (PEER_DEAD | PEER_CLOSING)) ? -1 : 1);
}

/* Lend the shared BIO to a peer for one call into OpenSSL. */
static void
peer_tls_enter(struct peer *peer)
{
	if (peer_tls_cur != NULL)
		fatalx("TLS calls nested");
	peer_tls_cur = peer;
}

/* Take the shared BIO back: until the next call it serves no peer. */
static void
peer_tls_leave(void)
{
	peer_tls_cur = NULL;
}

/* A handshake is over, or its peer is gone: count it. */
void
peer_tls_done(struct peer *peer)
{
	if (peer->flags & PEER_TLS_COUNTED)
		return;
	peer->flags |= PEER_TLS_COUNTED;
	peer_tls_opening--;
	peer_tls_settled++;
	peer_tls_settle();
}

/* Give free heap pages back after a burst of handshakes. */
static void
peer_tls_settle(void)
{
	if (peer_tls_opening != 0 || peer_tls_settled < PEER_TLS_TRIM_AFTER)
		return;
	peer_tls_settled = 0;
#ifdef HAVE_MALLOC_TRIM
	malloc_trim(0);
#endif
}

/*
 * Decrypt what came in; 0 when there may be lines to split, -1 when
 * there cannot be (handshake going on, or the peer failed).
 */
int
peer_tls_read(struct peer *peer)
{
	char	buf[16384];
	int	r;

	peer->rbudget = PEER_READ_MAX;
	if (peer_tls_handshake(peer) != 1)
		return (-1);
	for (;;) {
		ERR_clear_error();
		peer_tls_enter(peer);
		r = SSL_read(peer->ssl, buf, sizeof buf);
		peer_tls_leave();
		if (r > 0) {
			if (evbuffer_add(peer_in(peer), buf, r) != 0) {
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
			peer->flags |= PEER_TLS_NOTIFY;
			break;
		default:
			peer_tls_cause(peer, "TLS error");
			/* The lines that came before the end go first. */
			if (peer->in != NULL &&
			    evbuffer_get_length(peer->in) > 0) {
				peer->flags |= PEER_FAIL_LATER;
				return (0);
			}
			peer_fail(peer, peer->reason);
			return (-1);
		}
		break;
	}
	/* Reading can make TLS answer (a key update). */
	if (peer_wire_len(peer) > 0)
		peer_queue_flush(peer);
	return (0);
}

/* Queue TLS's close_notify after the last bytes of a closing peer. */
void
peer_tls_shutdown(struct peer *peer)
{
	peer->flags |= PEER_TLS_SHUT;
	ERR_clear_error();
	peer_tls_enter(peer);
	SSL_shutdown(peer->ssl);
	peer_tls_leave();
	ERR_clear_error();
}

/*
 * Encrypt what is queued into the socket's output, up to 16 KiB a record
 * (the largest TLS allows); 0 or -1 if the peer failed.  The BIO takes
 * everything, so SSL_write either writes all or failed for good: no
 * SSL_get_error, and so no clearing of OpenSSL's error queue first (a
 * walk of its every slot, once a record); the failure's own reason is the
 * last error queued.
 */
int
peer_tls_encrypt(struct peer *peer)
{
	size_t	queued;
	int	r;

	/* Until the handshake is over, and behind older output, it waits. */
	if (!(peer->flags & PEER_TLS_OPEN) || (peer->out != NULL &&
	    evbuffer_get_length(peer->out) > 0))
		peer_pass_settle(peer);
	if (!(peer->flags & PEER_TLS_OPEN))
		return (0);
	queued = peer->passlen + (peer->out != NULL ?
	    evbuffer_get_length(peer->out) : 0);
	/* More than a record, and the socket is free: one write for all. */
	peer_tls_gathering = queued > PEER_TLS_RECORD &&
	    peer_wire_len(peer) == 0;
	r = peer_tls_encrypt_pass(peer);
	peer_tls_gathering = 0;
	if (r != 0) {
		peer_tls_ungather();
		return (-1);
	}
	if (peer_tls_flush(peer) != 0) {
		peer_fail(peer, "out of memory");
		return (-1);
	}
	return (0);
}

/* Encrypt the pass's output and what waits; -1 if the peer failed. */
static int
peer_tls_encrypt_pass(struct peer *peer)
{
	size_t	 len;
	u_char	*p;
	int	 r;

	if (peer_pass_gather(peer, peer_tls_rec, sizeof peer_tls_rec,
	    peer_tls_write, NULL) != 0)
		return (-1);
	peer_pass_free(peer);
	if (peer->out == NULL)
		return (0);
	while ((len = evbuffer_get_length(peer->out)) > 0) {
		if (len > PEER_TLS_RECORD)
			len = PEER_TLS_RECORD;
		if ((p = evbuffer_pullup(peer->out, len)) == NULL) {
			peer_tls_ungather();
			peer_fail(peer, "out of memory");
			return (-1);
		}
		peer_tls_enter(peer);
		r = SSL_write(peer->ssl, p, len);
		peer_tls_leave();
		if (r <= 0) {
			peer_tls_ungather();
			peer_tls_fail(peer, "TLS error");
			return (-1);
		}
		evbuffer_drain(peer->out, r);
	}
	return (0);
}

/* A failed peer's gathered records are dropped: nothing more is written. */
static void
peer_tls_ungather(void)
{
	peer_tls_gathering = 0;
	peer_tls_wirelen = 0;
}

/*
 * Write the gathered records, straight to the socket; what it does not
 * take waits in its buffer.  -1 if out of memory.
 */
static int
peer_tls_flush(struct peer *peer)
{
	ssize_t	n = 0;
	size_t	len = peer_tls_wirelen;

	if (len == 0)
		return (0);
	peer_tls_wirelen = 0;
	if (peer_wire_len(peer) == 0 &&
	    (n = write(peer->fd, peer_tls_wire, len)) < 0)
		n = 0;
	if ((size_t)n == len)
		return (0);
	peer->flags |= PEER_SHORT;
	return (evbuffer_add(peer_wire(peer), peer_tls_wire + n, len - n));
}

/* Encrypt len bytes, in records of up to 16 KiB; -1 if the peer failed. */
static int
peer_tls_write(struct peer *peer, const char *p, size_t len, void *arg)
{
	size_t	n;
	int	r;

	for (; len > 0; p += n, len -= n) {
		n = len < PEER_TLS_RECORD ? len : PEER_TLS_RECORD;
		peer_tls_enter(peer);
		r = SSL_write(peer->ssl, p, n);
		peer_tls_leave();
		if (r <= 0) {
			peer_tls_ungather();
			peer_tls_fail(peer, "TLS error");
			return (-1);
		}
	}
	return (0);
}

/* Fail with the reason peer_tls_cause finds. */
void
peer_tls_fail(struct peer *peer, const char *what)
{
	if (peer->flags & PEER_DEAD) {
		ERR_clear_error();
		return;
	}
	peer_tls_cause(peer, what);
	peer_fail(peer, peer->reason);
}

/* OpenSSL's reasons, in words an operator reading the log understands. */
static const struct {
	int		 reason;
	const char	*text;
} peer_tls_reasons[] = {
	{ SSL_R_HTTP_REQUEST, "not TLS: an HTTP request (a web browser "
	    "or http:// URL?)" },
	{ SSL_R_HTTPS_PROXY_REQUEST, "not TLS: an HTTP proxy request" },
	{ SSL_R_WRONG_VERSION_NUMBER, "not TLS (garbage, a plain-text "
	    "client, or an unknown TLS version)" },
	{ SSL_R_PACKET_LENGTH_TOO_LONG, "not TLS (garbage)" },
	{ SSL_R_RECORD_LENGTH_MISMATCH, "not TLS (garbage)" },
	{ SSL_R_UNSUPPORTED_PROTOCOL, "the client's TLS version is too old" },
	{ SSL_R_TLSV1_ALERT_PROTOCOL_VERSION, "the client does not speak the "
	    "hub's TLS version" },
	{ SSL_R_NO_SHARED_CIPHER, "no cipher in common with the client" },
	{ SSL_R_TLSV1_ALERT_UNKNOWN_CA, "the client does not trust the "
	    "hub's certificate" },
	{ SSL_R_SSLV3_ALERT_BAD_CERTIFICATE, "the client does not trust the "
	    "hub's certificate" },
	{ SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN, "the client does not trust "
	    "the hub's certificate" },
	{ SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE, "the client gave up the TLS "
	    "handshake" },
#ifdef SSL_R_UNEXPECTED_EOF_WHILE_READING
	{ SSL_R_UNEXPECTED_EOF_WHILE_READING, "the connection was closed in "
	    "the middle of TLS" },
#endif
};
#define PEER_TLS_NREASONS \
	(sizeof peer_tls_reasons / sizeof peer_tls_reasons[0])

/*
 * OpenSSL's error e in words, with its own short reason after them (for a
 * search): "not TLS: an HTTP request ... (OpenSSL: http request)".  An
 * alert once the handshake is done can only be the answer to the hub's
 * refusal of a renegotiation, which the hub never allows.
 */
static void
peer_tls_explain(struct peer *peer, unsigned long e, char *buf, size_t size)
{
	const char	*text = NULL, *why;
	u_int		 i;
	int		 reason = ERR_GET_REASON(e);

	if ((why = ERR_reason_error_string(e)) == NULL) {
		ERR_error_string_n(e, buf, size);
		return;
	}
	if (reason == SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE &&
	    (peer->flags & PEER_TLS_OPEN)) {
		text = "the client tried to renegotiate TLS, which the hub "
		    "refuses";
		peer->flags |= PEER_TLS_RENEG;
	}
	for (i = 0; text == NULL && i < PEER_TLS_NREASONS; i++) {
		if (peer_tls_reasons[i].reason == reason)
			text = peer_tls_reasons[i].text;
	}
	if (text == NULL)
		snprintf(buf, size, "TLS failed (OpenSSL: %s)", why);
	else
		snprintf(buf, size, "%s (OpenSSL: %s)", text, why);
}

/*
 * Note why TLS stopped: the socket's end of file or error if it had one,
 * else OpenSSL's reason; without either, the other side closed the
 * connection in the middle of TLS (what says where).
 */
void
peer_tls_cause(struct peer *peer, const char *what)
{
	unsigned long	 e = ERR_peek_last_error();
	char		 buf[256];
	const char	*reason = what;

	ERR_clear_error();
	if (peer->flags & PEER_SOCKERR) {
		peer->cause = PEER_CAUSE_ERRNO;
		reason = strerror(peer->errnum);
	} else if ((peer->flags & PEER_EOF) || e == 0) {
		peer->cause = PEER_CAUSE_EOF;
		if (peer->flags & PEER_EOF)
			reason = "connection closed";
	} else {
		peer->cause = PEER_CAUSE_TLS;
		peer->tlserr = e;
		peer_tls_explain(peer, e, buf, sizeof buf);
		reason = buf;
	}
	if (peer->reason == NULL)
		peer->reason = xstrdup(reason);
}

/* The BIO under every peer's TLS: the socket in, the output buffer out. */
static BIO_METHOD *
peer_tls_bio_method(void)
{
	static BIO_METHOD	*m;

	if (m != NULL)
		return (m);
	m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "peer");
	if (m == NULL ||
	    BIO_meth_set_write(m, peer_tls_bio_write) != 1 ||
	    BIO_meth_set_read(m, peer_tls_bio_read) != 1 ||
	    BIO_meth_set_ctrl(m, peer_tls_bio_ctrl) != 1)
		fatalx("BIO_meth_new failed");
	return (m);
}

/*
 * TLS output goes to the socket of the peer being served, or what it
 * does not take (or all, when something waits already) to the socket's
 * output buffer: it never blocks.  A short write marks the peer, so that
 * the flush waits for the socket rather than meet EAGAIN; an error is met
 * again, and reported, when the buffer is written.
 */
static int
peer_tls_bio_write(BIO *bio, const char *data, int len)
{
	struct peer	*peer = peer_tls_cur;
	ssize_t		 n = 0;

	BIO_clear_retry_flags(bio);
	if (peer == NULL)
		return (-1);
	/* A record of a pass gathered for one write (full: written first). */
	if (peer_tls_gathering && (size_t)len <= sizeof peer_tls_wire) {
		if (peer_tls_wirelen + len > sizeof peer_tls_wire &&
		    peer_tls_flush(peer) != 0)
			return (-1);
		if (peer_wire_len(peer) == 0) {
			memcpy(peer_tls_wire + peer_tls_wirelen, data, len);
			peer_tls_wirelen += len;
			return (len);
		}
	}
	if (peer_wire_len(peer) == 0) {
		if ((n = write(peer->fd, data, len)) < 0)
			n = 0;
		if (n < len)
			peer->flags |= PEER_SHORT;
	}
	if (n < len && evbuffer_add(peer_wire(peer), data + n, len - n) != 0)
		return (-1);
	return (len);
}

/*
 * TLS input comes straight from the socket of the peer being served, as
 * much as OpenSSL's buffer takes (read ahead: one read for a message, not
 * one for a record's header and one for its body), at most PEER_READ_MAX
 * for each time it is readable.  A short read emptied the socket: the
 * next asks "try again" without a read that would only meet EAGAIN (the
 * socket's readiness is level-triggered, so what comes later is read at
 * the next).  End of file and errors are noted for peer_tls_fail.
 */
static int
peer_tls_bio_read(BIO *bio, char *data, int len)
{
	struct peer	*peer = peer_tls_cur;
	ssize_t		 n;

	BIO_clear_retry_flags(bio);
	if (peer == NULL)
		return (-1);
	if (peer->rbudget == 0) {
		BIO_set_retry_read(bio);
		return (-1);
	}
	if ((size_t)len > peer->rbudget)
		len = peer->rbudget;
	if ((n = read(peer->fd, data, len)) > 0) {
		peer->rbudget = n < len ? 0 : peer->rbudget - n;
		peer_tls_heard(peer, data, n);
		return (n);
	}
	if (n == 0) {
		peer->flags |= PEER_EOF;
		return (0);
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
		BIO_set_retry_read(bio);
		return (-1);
	}
	peer->flags |= PEER_SOCKERR;
	peer->errnum = errno;
	return (-1);
}

/*
 * The first bytes a connecting side reads: a TLS record starts with its
 * type (20 to 24); a '{' is a line of the protocol in the clear, which
 * is kept (its first line, bounded) for peer_tls_plain.
 */
static void
peer_tls_heard(struct peer *peer, const char *data, size_t len)
{
	const char	*nl;

	if (peer->flags & PEER_TLS_HEARD)
		return;
	peer->flags |= PEER_TLS_HEARD;
	if (SSL_is_server(peer->ssl) || data[0] != '{')
		return;
	if ((nl = memchr(data, '\n', len)) != NULL)
		len = nl - data;
	peer->plain = xstrndup(data, len < 512 ? len : 512);
}

/* The few controls OpenSSL asks a BIO about. */
static long
peer_tls_bio_ctrl(BIO *bio, int cmd, long num, void *ptr)
{
	switch (cmd) {
	case BIO_CTRL_FLUSH:
		return (1);
	case BIO_CTRL_PENDING:
	case BIO_CTRL_WPENDING:
		return (0);
	}
	return (0);
}
