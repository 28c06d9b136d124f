/* SPDX-License-Identifier: ISC */
/* chatroom-load.c: an epoll load generator for the hub, IRC servers and the copy loop. */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* memmem */
#endif

#include <sys/types.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

/*
 * One thread, one epoll set, level-triggered.  Every scenario is a set of
 * connections in rooms; a message carries "~ROOM.SLOT.GEN.SENT_NS" at the
 * start of its text, and a slot is done when every expected member has
 * received it, which gives the latency to the last member.  The window of
 * slots per room is the number of messages in flight; a finished slot is
 * reused at once by the next sender in turn.
 *
 * The "send" scenario is one sender in the lobby that sends a number of
 * messages, as fast as the hub takes them or at a given rate, for a client
 * under test (the TUI) to ingest; the last one's text ends in "END-OF-FLOOD
 * LABEL" so that client can tell it is done.
 *
 * Protocols: "json" (the hub: hello, join, leave lobby, msg with an echo),
 * "irc" (NICK/USER, JOIN, PRIVMSG without echo, so the sender is not
 * expected) and "raw" (the copy loop: lines copied to everyone).  Every
 * protocol carries the same message text (-l bytes), so each pays for its
 * own framing.  With -T every connection speaks TLS (OpenSSL, non-blocking,
 * the server's certificate is not checked: it is ours, on loopback).
 *
 * With -I PORT a room has members of both kinds, as the hub's IRC listener
 * allows: every other member (odd places in the room) speaks IRC to PORT
 * on the first server's host, the others the -p protocol.  A message from
 * an IRC member is expected by every member but its sender (no echo).
 *
 * Two traffic shapes: by default the members take turns to send, a finished
 * slot going to the next member in turn; with -o one member sends every
 * message and a slot is finished when the last member of the room has it,
 * so the window is paced by the last member.
 *
 * With several servers (-H and -P take comma-separated lists) member i of
 * a room connects to server i % N, and senders take turns through the
 * members, so they alternate between servers too.  The servers are meant
 * to be one chat (hubs sharing a Redis with --cluster): every member still
 * gets every message (unless -X says they are separate, for trying this
 * out on hubs that are not clustered).  The fanout RESULT line then sums
 * the servers' CPU and memory, and a second one (scenario "hubs") has the
 * deliveries a second counted by the server the receiving connection is
 * on, each server's CPU, and the latency of each delivery, split into
 * those whose sender is on another server ("x_", the cluster hop) and
 * those on the same one ("l_").  There can be tens of millions of those,
 * so they go into histograms, not arrays.
 */

#define LOAD_READ	(256 * 1024)
#define LOAD_CONNECTING	64		/* handshakes in progress at once */
#define LOAD_CONNECTING_IDLE 1024	/* the same, idle scenario */
#define LOAD_HUBS	16		/* servers at most */

/*
 * Latency histogram in microseconds: exact below 2048 us, then 1024
 * buckets an octave (0.1 %) up to 2^50 us.
 */
#define HIST_LINEAR	2048
#define HIST_SUB	1024
#define HIST_SIZE	(HIST_LINEAR + 40 * HIST_SUB)

enum { P_JSON, P_IRC, P_RAW };
enum { S_CONNECT, S_TLS, S_HANDSHAKE, S_READY, S_CLOSED };

#define C_SLOW		0x1	/* never reads */
#define C_PINGER	0x2	/* pings every millisecond */

struct conn {
	int		 fd;
	SSL		*ssl;		/* -T */
	int		 state;
	int		 flags;
	int		 room;		/* -1: none */
	int		 idx;
	int		 hub;		/* which server */
	int		 proto;		/* P_JSON, P_IRC or P_RAW */
	char		*carry;		/* partial line */
	size_t		 carrylen;
	size_t		 carrysize;
	char		*out;		/* unsent output */
	size_t		 outlen;
	size_t		 outsize;
	int		 wantout;
	int		 drained;	/* -T: a read found the socket empty */
};

struct slot {
	uint32_t	 gen;
	int		 busy;
	uint64_t	 sent;
	uint32_t	 got;
	uint32_t	 expect;	/* receipts that finish it */
	int		 hub;		/* the sender's server */
};

struct room {
	struct conn	**members;
	int		  n;
	struct conn	 *pacer;	/* -o: the last member */
	int		  expect;	/* receipts that finish a message */
	int		  hexpect[LOAD_HUBS]; /* the same, per server (-X) */
	struct slot	 *slots;
	uint64_t	  turn;		/* next sender */
	long long	  seq;
};

struct hub {
	const char	*host;
	int		 port;
	int		 pid;		/* 0: unknown */
	uint64_t	 deliveries;	/* to connections on this server */
	long long	 tk0, tk1;	/* CPU ticks around the measurement */
};

struct hist {
	uint64_t	 n;
	uint64_t	 b[HIST_SIZE];
};

static int		 proto = P_JSON;
static int		 irc_port;	/* -I: odd members speak IRC there */
static struct hub	 hubs[LOAD_HUBS];
static int		 nhubs = 1;
static int		 separate;	/* -X: servers are not one chat */
static int		 aux_pid;	/* -W: another server process (Redis) */
/*
 * Send the requests after hello only once welcome is in.  A clustered hub
 * checks a hello with Redis and answers what comes before its welcome
 * with not_registered; a lone hub takes them pipelined, as it always has.
 */
static int		 wait_welcome;
static const char	*scenario = "fanout";
static const char	*label = "run";
static int		 nrooms = 1, nmembers = 1000, inflight = 1, nidle;
static int		 with_slow;
static double		 seconds = 10;
static int		 text_size = 92;	/* message text, every protocol */
static int		 one_sender;	/* -o */
static int		 use_tls;	/* -T */
static const char	*tls_cipher = "none"; /* as the server chose */
static SSL_CTX		*tls_ctx;
static long		 send_count = 10000;
static double		 send_rate;	/* messages a second; 0: no limit */

static int		 ep;
static struct conn	*conns;
static int		 nconns;
static struct room	*rooms;
static char		 rbuf[LOAD_READ + 65536];

static int		 measuring;
static uint64_t		 t_start, t_end;
static uint64_t		 deliveries, bytes_in, lines_in, lost_slots;
static uint64_t		 msgs_in;
static uint64_t		 records_in;	/* TLS records received */
static uint64_t		*lat;
static size_t		 nlat, alat;
static uint64_t		 slow_dropped_at;
static uint64_t		 strays;	/* deliveries of no message in flight */
static struct hist	 xhist, lhist;	/* cross-server and local deliveries */
static int		 slow_conn = -1;
static uint64_t		 last_input;
static int		 nstarted, nready;
static int		 in_lobby;	/* stay in the lobby (stall) */
/*
 * InspIRCd takes a second to register a client, whatever the load, so
 * the idle scenario keeps more handshakes going to fill 10,000 in time.
 */
static int		 connecting_max = LOAD_CONNECTING;

static uint64_t		*ping_sent;
static size_t		 ping_size;
static long long	 ping_seq;
static uint64_t		*rtt;
static size_t		 nrtt, artt;
static uint64_t		 last_pong, max_gap;

static uint64_t	now_ns(void);
static void	die(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
static void	conn_write(struct conn *, const char *, size_t);
static void	conn_flush(struct conn *);
static void	conn_line(struct conn *, char *, size_t);
static void	conn_read(struct conn *);
static void	conn_ready(struct conn *);
static void	conn_hello(struct conn *);
static void	conn_tls_step(struct conn *);
static ssize_t	conn_send(struct conn *, const void *, size_t);
static ssize_t	conn_recv(struct conn *, void *, size_t);
static long	conn_bio_cb(BIO *, int, const char *, size_t, int, long, int,
		    size_t *);
static ssize_t	conn_tls_failed(struct conn *, int, int);
static const char *tls_error(void);
static void	tls_msg_cb(int, int, int, const void *, size_t, SSL *, void *);
static void	send_msg(struct room *, int);
static void	room_done(struct room *, struct slot *, uint64_t);

static uint64_t
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec);
}

static void
die(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fprintf(stderr, "chatroom-load: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		die("out of memory");
	return (p);
}

/* A process's user and system CPU (clock ticks); -1 if unknown. */
static void
proc_split(int pid, long long *user, long long *sys)
{
	char		 path[64], buf[4096], *p;
	FILE		*f;
	unsigned long	 ut, st;

	*user = *sys = -1;
	if (pid <= 0)
		return;
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return;
	if (fgets(buf, sizeof buf, f) != NULL &&
	    (p = strrchr(buf, ')')) != NULL &&
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u "
	    "%*u %lu %lu", &ut, &st) == 2) {
		*user = ut;
		*sys = st;
	}
	fclose(f);
}

/* Hub CPU (clock ticks) and resident memory (KiB) from /proc. */
static void
proc_stat(int pid, long long *ticks, long long *rss_kb, long long *hwm_kb)
{
	char		 path[64], buf[4096];
	FILE		*f;
	long long	 user, sys;

	*ticks = *rss_kb = *hwm_kb = -1;
	if (pid <= 0)
		return;
	proc_split(pid, &user, &sys);
	if (user >= 0)
		*ticks = user + sys;
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	if ((f = fopen(path, "r")) != NULL) {
		while (fgets(buf, sizeof buf, f) != NULL) {
			if (strncmp(buf, "VmRSS:", 6) == 0)
				*rss_kb = atoll(buf + 6);
			else if (strncmp(buf, "VmHWM:", 6) == 0)
				*hwm_kb = atoll(buf + 6);
		}
		fclose(f);
	}
}

/* Read and write system calls a process has made (-1: unknown). */
static long long
proc_syscalls(int pid)
{
	char		 path[64], buf[256];
	FILE		*f;
	long long	 n = 0;
	int		 found = 0;

	if (pid <= 0)
		return (-1);
	snprintf(path, sizeof path, "/proc/%d/io", pid);
	if ((f = fopen(path, "r")) == NULL)
		return (-1);
	while (fgets(buf, sizeof buf, f) != NULL) {
		if (strncmp(buf, "syscr:", 6) == 0 ||
		    strncmp(buf, "syscw:", 6) == 0) {
			n += atoll(buf + 6);
			found++;
		}
	}
	fclose(f);
	return (found == 2 ? n : -1);
}

/*
 * Nanoseconds a process's main thread has waited to run while runnable
 * (0: this process); -1 if unknown.  With other work on the same CPU, a
 * server that is neither running nor waiting to run was paced by its
 * clients, one that waits was short of CPU.
 */
static long long
proc_waited(int pid)
{
	char		 path[64];
	FILE		*f;
	unsigned long long run, wait;
	long long	 n = -1;

	if (pid < 0)
		return (-1);
	if (pid == 0)
		snprintf(path, sizeof path, "/proc/self/schedstat");
	else
		snprintf(path, sizeof path, "/proc/%d/schedstat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return (-1);
	if (fscanf(f, "%llu %llu", &run, &wait) == 2)
		n = wait;
	fclose(f);
	return (n);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y ? -1 : x > y);
}

/* A percentile of a sorted array, in milliseconds. */
static double
pct(uint64_t *v, size_t n, double p)
{
	size_t	i;

	if (n == 0)
		return (-1);
	i = (size_t)(p * (n - 1) + 0.5);
	return (v[i] / 1e6);
}

/* Count a latency in nanoseconds. */
static void
hist_add(struct hist *h, uint64_t ns)
{
	uint64_t	us = ns / 1000;
	int		e;

	h->n++;
	if (us < HIST_LINEAR) {
		h->b[us]++;
		return;
	}
	e = 63 - __builtin_clzll(us);
	if (e > 50) {
		h->b[HIST_SIZE - 1]++;
		return;
	}
	h->b[HIST_LINEAR + (e - 11) * HIST_SUB +
	    ((us >> (e - 10)) & (HIST_SUB - 1))]++;
}

/* A percentile of a histogram, in milliseconds (the bucket's low end). */
static double
hist_pct(struct hist *h, double p)
{
	uint64_t	rank, seen = 0;
	size_t		i, k;

	if (h->n == 0)
		return (-1);
	rank = (uint64_t)(p * (h->n - 1) + 0.5);
	for (i = 0; i < HIST_SIZE; i++) {
		seen += h->b[i];
		if (seen > rank)
			break;
	}
	if (i < HIST_LINEAR)
		return (i / 1e3);
	k = i - HIST_LINEAR;
	return ((double)((HIST_SUB + k % HIST_SUB) << (k / HIST_SUB + 1)) /
	    1e3);
}

/*
 * Split a comma-separated list into at most LOAD_HUBS strings; returns
 * how many.
 */
static int
split_list(char *arg, char **out)
{
	char	*p;
	int	 n = 0;

	while ((p = strsep(&arg, ",")) != NULL) {
		if (n == LOAD_HUBS)
			die("more than %d servers", LOAD_HUBS);
		out[n++] = p;
	}
	return (n);
}

/*
 * CPU ticks and memory of every server, summed (-1 if one is unknown);
 * each server's ticks are kept for the start or the end.
 */
static void
hubs_stat(int end, long long *ticks, long long *rss_kb, long long *hwm_kb)
{
	long long	t, r, w;
	int		i;

	*ticks = *rss_kb = *hwm_kb = 0;
	for (i = 0; i < nhubs; i++) {
		proc_stat(hubs[i].pid, &t, &r, &w);
		if (end)
			hubs[i].tk1 = t;
		else
			hubs[i].tk0 = t;
		*ticks = (*ticks < 0 || t < 0) ? -1 : *ticks + t;
		*rss_kb = (*rss_kb < 0 || r < 0) ? -1 : *rss_kb + r;
		*hwm_kb = (*hwm_kb < 0 || w < 0) ? -1 : *hwm_kb + w;
	}
}

static void
epoll_mod(struct conn *c, int op)
{
	struct epoll_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.data.ptr = c;
	if (c->state == S_CONNECT)
		ev.events = EPOLLOUT;
	else if (c->state == S_TLS)
		ev.events = c->wantout ? EPOLLOUT : EPOLLIN;
	else if (c->flags & C_SLOW)
		ev.events = EPOLLRDHUP | (c->wantout ? EPOLLOUT : 0);
	else
		ev.events = EPOLLIN | (c->wantout ? EPOLLOUT : 0);
	if (epoll_ctl(ep, op, c->fd, &ev) != 0)
		die("epoll_ctl: %s", strerror(errno));
}

/* Start a non-blocking connection. */
static void
conn_start(struct conn *c)
{
	struct sockaddr_in	sin;
	int			one = 1, small = 4096;

	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd == -1)
		die("socket: %s (raise the file limit)", strerror(errno));
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (c->flags & C_SLOW)
		setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(c->proto == P_IRC && irc_port != 0 ? irc_port :
	    hubs[c->hub].port);
	inet_pton(AF_INET, hubs[c->hub].host, &sin.sin_addr);
	if (connect(c->fd, (struct sockaddr *)&sin, sizeof sin) != 0 &&
	    errno != EINPROGRESS)
		die("connect: %s", strerror(errno));
	if (use_tls) {
		if ((c->ssl = SSL_new(tls_ctx)) == NULL ||
		    SSL_set_fd(c->ssl, c->fd) != 1)
			die("SSL_new: %s", tls_error());
		SSL_set_mode(c->ssl, SSL_MODE_ENABLE_PARTIAL_WRITE |
		    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
		BIO_set_callback_ex(SSL_get_rbio(c->ssl), conn_bio_cb);
		BIO_set_callback_arg(SSL_get_rbio(c->ssl), (char *)c);
		SSL_set_connect_state(c->ssl);
	}
	c->state = S_CONNECT;
	epoll_mod(c, EPOLL_CTL_ADD);
}

/* The text of the last TLS error. */
static const char *
tls_error(void)
{
	static char	buf[256];

	ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
	return (buf);
}

/* Write to the socket or through TLS: -1 with EAGAIN when it would block. */
static ssize_t
conn_send(struct conn *c, const void *data, size_t len)
{
	int	r;

	if (c->ssl == NULL)
		return (write(c->fd, data, len));
	ERR_clear_error();
	if ((r = SSL_write(c->ssl, data, len)) > 0)
		return (r);
	return (conn_tls_failed(c, r, 0));
}

/*
 * Note a read of the socket under TLS that took less than OpenSSL asked
 * for (or nothing): the socket is empty, and epoll says when it is not.
 */
static long
conn_bio_cb(BIO *bio, int oper, const char *argp, size_t len, int argi,
    long argl, int ret, size_t *processed)
{
	struct conn	*c = (struct conn *)BIO_get_callback_arg(bio);

	if (oper == (BIO_CB_READ | BIO_CB_RETURN) && c != NULL &&
	    (ret <= 0 || *processed < len))
		c->drained = 1;
	return (ret);
}

/*
 * Read from the socket or through TLS: 0 at end of file, -1 with EAGAIN
 * when there is nothing more.
 */
static ssize_t
conn_recv(struct conn *c, void *buf, size_t len)
{
	int	r;

	if (c->ssl == NULL)
		return (read(c->fd, buf, len));
	ERR_clear_error();
	c->drained = 0;
	if ((r = SSL_read(c->ssl, buf, len)) > 0)
		return (r);
	return (conn_tls_failed(c, r, 1));
}

/*
 * What an SSL_read (reading) or SSL_write that returned r comes to: -1
 * with EAGAIN when it would block, -1 on a socket error, 0 when a read
 * meets the end of the connection; anything else ends the run.
 */
static ssize_t
conn_tls_failed(struct conn *c, int r, int reading)
{
	switch (SSL_get_error(c->ssl, r)) {
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		errno = EAGAIN;
		return (-1);
	case SSL_ERROR_ZERO_RETURN:
		if (reading)
			return (0);
		break;
	case SSL_ERROR_SYSCALL:
		if (errno != 0)
			return (-1);
		if (reading)
			return (0);
		break;
	}
	die("conn %d: TLS %s: %s", c->idx, reading ? "read" : "write",
	    tls_error());
}

/* Count the TLS records that come in while measuring. */
static void
tls_msg_cb(int write_p, int version, int content_type, const void *buf,
    size_t len, SSL *ssl, void *arg)
{
	(void)version; (void)buf; (void)len; (void)ssl; (void)arg;
	if (!write_p && content_type == SSL3_RT_HEADER && measuring)
		records_in++;
}

/* Go on with the TLS handshake; say hello once it is over. */
static void
conn_tls_step(struct conn *c)
{
	int	r;

	ERR_clear_error();
	if ((r = SSL_connect(c->ssl)) == 1) {
		c->wantout = 0;
		tls_cipher = SSL_get_cipher_name(c->ssl);
		conn_hello(c);
		return;
	}
	switch (SSL_get_error(c->ssl, r)) {
	case SSL_ERROR_WANT_READ:
		c->wantout = 0;
		break;
	case SSL_ERROR_WANT_WRITE:
		c->wantout = 1;
		break;
	default:
		die("conn %d: TLS handshake: %s", c->idx, tls_error());
	}
	epoll_mod(c, EPOLL_CTL_MOD);
}

/* Queue or write bytes. */
static void
conn_write(struct conn *c, const char *data, size_t len)
{
	ssize_t	n;

	if (c->state == S_CLOSED)
		return;
	if (c->outlen == 0) {
		n = conn_send(c, data, len);
		if (n == (ssize_t)len)
			return;
		if (n < 0) {
			if (errno != EAGAIN)
				die("write: %s", strerror(errno));
			n = 0;
		}
		data += n;
		len -= n;
	}
	if (c->outlen + len > c->outsize) {
		c->outsize = (c->outlen + len) * 2;
		c->out = xrealloc(c->out, c->outsize);
	}
	memcpy(c->out + c->outlen, data, len);
	c->outlen += len;
	if (!c->wantout) {
		c->wantout = 1;
		epoll_mod(c, EPOLL_CTL_MOD);
	}
}

/* Write what is queued. */
static void
conn_flush(struct conn *c)
{
	ssize_t	n;

	while (c->outlen > 0) {
		n = conn_send(c, c->out, c->outlen);
		if (n < 0) {
			if (errno == EAGAIN)
				return;
			die("write: %s", strerror(errno));
		}
		memmove(c->out, c->out + n, c->outlen - n);
		c->outlen -= n;
	}
	c->wantout = 0;
	epoll_mod(c, EPOLL_CTL_MOD);
}

/* The hub requests after hello: join the room, leave the lobby or ping. */
static int
conn_join(struct conn *c, char *buf, size_t size)
{
	int	n = 0;

	if (c->room >= 0)
		n += snprintf(buf + n, size - n,
		    "{\"type\":\"join\",\"room\":\"bench%d\","
		    "\"seq\":1}\n", c->room);
	/* Leave the lobby so joins do not fan out N^2 there. */
	if (!in_lobby)
		n += snprintf(buf + n, size - n,
		    "{\"type\":\"leave\",\"room\":\"lobby\",\"seq\":2}\n");
	else
		n += snprintf(buf + n, size - n,
		    "{\"type\":\"ping\",\"seq\":2}\n");
	return (n);
}

/* The first lines of a connection. */
static void
conn_hello(struct conn *c)
{
	char	buf[512];
	int	n = 0;

	switch (c->proto) {
	case P_JSON:
		n = snprintf(buf, sizeof buf,
		    "{\"type\":\"hello\",\"version\":1,\"nick\":\"%c%d\"}\n",
		    (c->flags & C_SLOW) ? 's' : 'n', c->idx);
		if (!wait_welcome)
			n += conn_join(c, buf + n, sizeof buf - n);
		break;
	case P_IRC:
		n = snprintf(buf, sizeof buf, "NICK %c%d\r\nUSER u 0 * :u\r\n",
		    (c->flags & C_SLOW) ? 's' : 'n', c->idx);
		break;
	case P_RAW:
		if (c->room > 0)
			n = snprintf(buf, sizeof buf, "G bench%d\n", c->room);
		break;
	}
	c->state = S_HANDSHAKE;
	if (n > 0)
		conn_write(c, buf, n);
	if (c->flags & C_SLOW) {
		/* Handshake replies are read, then it stops reading. */
		struct epoll_event ev = { EPOLLIN, { .ptr = c } };
		epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
	} else
		epoll_mod(c, EPOLL_CTL_MOD);
	if (c->proto == P_RAW)
		conn_ready(c);
}

/* A connection is registered and in its room. */
static void
conn_ready(struct conn *c)
{
	if (c->state == S_READY)
		return;
	c->state = S_READY;
	nready++;
	if (c->flags & C_SLOW)
		epoll_mod(c, EPOLL_CTL_MOD);
}

/* Parse "~ROOM.SLOT.GEN." at p. */
static void
delivery(struct conn *c, const char *p, const char *end)
{
	unsigned long	r = 0, s = 0, g = 0;
	struct room	*room;
	struct slot	*sl;

	p++;
	while (p < end && *p >= '0' && *p <= '9')
		r = r * 10 + (*p++ - '0');
	p++;
	while (p < end && *p >= '0' && *p <= '9')
		s = s * 10 + (*p++ - '0');
	p++;
	while (p < end && *p >= '0' && *p <= '9')
		g = g * 10 + (*p++ - '0');
	if (r >= (unsigned long)nrooms || s >= (unsigned long)inflight)
		return;
	if (measuring) {
		deliveries++;
		hubs[c->hub].deliveries++;
	}
	room = &rooms[r];
	sl = &room->slots[s];
	if (!sl->busy || sl->gen != g) {
		if (measuring)
			strays++;
		return;
	}
	/* last_input is when the read that brought this line returned. */
	if (nhubs > 1 && measuring && sl->sent >= t_start)
		hist_add(c->hub != sl->hub ? &xhist : &lhist,
		    last_input - sl->sent);
	if (room->pacer != NULL ? c == room->pacer : ++sl->got >= sl->expect)
		room_done(room, sl, now_ns());
}

/* Every expected member has the message: record and send the next. */
static void
room_done(struct room *room, struct slot *sl, uint64_t now)
{
	sl->busy = 0;
	if (measuring && sl->sent >= t_start) {
		if (nlat == alat) {
			alat = alat == 0 ? 65536 : alat * 2;
			lat = xrealloc(lat, alat * sizeof *lat);
		}
		lat[nlat++] = now - sl->sent;
	}
	if (now < t_end)
		send_msg(room, sl - room->slots);
}

/* Send a message on a slot from the next member in turn. */
static void
send_msg(struct room *room, int s)
{
	struct slot	*sl = &room->slots[s];
	struct conn	*c;
	char		 text[1024], buf[1200];
	int		 n, tn, pad;

	if (one_sender)
		c = room->members[0];
	else {
		do {
			c = room->members[room->turn++ % room->n];
		} while ((c->flags & C_SLOW) || c->state != S_READY);
	}
	sl->busy = 1;
	sl->gen++;
	sl->got = 0;
	sl->hub = c->hub;
	/* IRC members get no echo of their own messages. */
	sl->expect = separate ? room->hexpect[c->hub] :
	    room->expect - (c->proto == P_IRC ? 1 : 0);
	sl->sent = now_ns();
	tn = snprintf(text, sizeof text, "~%d.%d.%u.%llu ",
	    (int)(room - rooms), s, sl->gen, (unsigned long long)sl->sent);
	/* The same text for every protocol: text_size bytes. */
	for (pad = text_size - tn; pad > 0 && tn < (int)sizeof text - 1; pad--)
		text[tn++] = 'x';
	text[tn] = '\0';
	switch (c->proto) {
	case P_JSON:
		n = snprintf(buf, sizeof buf, "{\"type\":\"msg\",\"room\":"
		    "\"bench%d\",\"text\":\"%s\",\"seq\":%lld}\n",
		    (int)(room - rooms), text, ++room->seq);
		break;
	case P_IRC:
		n = snprintf(buf, sizeof buf, "PRIVMSG #bench%d :%s\r\n",
		    (int)(room - rooms), text);
		break;
	default:
		n = snprintf(buf, sizeof buf, "%s\n", text);
		break;
	}
	conn_write(c, buf, n);
}

static int
has(const char *line, size_t len, const char *what)
{
	return (memmem(line, len, what, strlen(what)) != NULL);
}

/*
 * The '~' that starts a message's text, right after lead: found with
 * memchr, which skips a line's framing many bytes at a time, rather than
 * memmem, which costs the generator a byte at a time (the same way for
 * every protocol).
 */
static const char *
text_start(const char *line, const char *end, const char *lead, size_t leadlen)
{
	const char	*p = line;

	while ((p = memchr(p, '~', end - p)) != NULL) {
		if ((size_t)(p - line) >= leadlen &&
		    memcmp(p - leadlen, lead, leadlen) == 0)
			return (p);
		p++;
	}
	return (NULL);
}

/* One line from the server. */
static void
conn_line(struct conn *c, char *line, size_t len)
{
	const char	*p;
	char		 buf[512];
	long long	 seq;
	uint64_t	 now;
	int		 n;

	if (measuring)
		lines_in++;
	switch (c->proto) {
	case P_JSON:
		if (len > 13 && memcmp(line, "{\"type\":\"msg\"", 13) == 0) {
			msgs_in++;
			if ((p = text_start(line + 13, line + len,
			    "\"text\":\"", 8)) != NULL)
				delivery(c, p, line + len);
			return;
		}
		if (len > 14 && memcmp(line, "{\"type\":\"pong\"", 14) == 0) {
			if ((p = memmem(line, len, "\"seq\":", 6)) == NULL)
				return;
			seq = atoll(p + 6);
			now = now_ns();
			if (c->state == S_HANDSHAKE) {
				conn_ready(c);
				return;
			}
			if (seq > 0 && (size_t)seq < ping_size &&
			    ping_sent[seq] != 0 && measuring) {
				if (nrtt == artt) {
					artt = artt == 0 ? 65536 : artt * 2;
					rtt = xrealloc(rtt, artt * sizeof *rtt);
				}
				rtt[nrtt++] = now - ping_sent[seq];
				if (last_pong != 0 && now - last_pong > max_gap)
					max_gap = now - last_pong;
			}
			last_pong = now;
			return;
		}
		if (len > 14 && memcmp(line, "{\"type\":\"ping\"", 14) == 0) {
			conn_write(c, "{\"type\":\"pong\"}\n", 16);
			return;
		}
		if (len > 14 && memcmp(line, "{\"type\":\"lost\"", 14) == 0) {
			if (has(line, len, "\"nick\":\"s") && !slow_dropped_at)
				slow_dropped_at = now_ns();
			return;
		}
		if (wait_welcome && c->state == S_HANDSHAKE && len > 17 &&
		    memcmp(line, "{\"type\":\"welcome\"", 17) == 0) {
			n = conn_join(c, buf, sizeof buf);
			conn_write(c, buf, n);
			return;
		}
		if (c->state == S_HANDSHAKE &&
		    memcmp(line, "{\"type\":\"ack\"", 13) == 0 &&
		    has(line, len, "\"seq\":2")) {
			conn_ready(c);
			return;
		}
		if (memcmp(line, "{\"type\":\"error\"", 15) == 0) {
			fprintf(stderr, "chatroom-load: conn %d: %.*s\n",
			    c->idx, (int)len, line);
			if (c->state != S_READY)
				die("handshake failed");
		}
		return;
	case P_IRC:
		if ((p = memmem(line, len, " PRIVMSG ", 9)) != NULL) {
			if ((p = text_start(p, line + len, " :", 2)) != NULL)
				delivery(c, p, line + len);
			return;
		}
		if (len > 5 && memcmp(line, "PING ", 5) == 0) {
			n = snprintf(buf, sizeof buf, "PONG %.*s\r\n",
			    (int)(len - 5 > 400 ? 400 : len - 5), line + 5);
			conn_write(c, buf, n);
			return;
		}
		if (len > 3 && line[0] == ':' && line[1] == 's' &&
		    (p = memmem(line, len, " QUIT ", 6)) != NULL) {
			if (!slow_dropped_at)
				slow_dropped_at = now_ns();
			return;
		}
		if (len > 6 && memcmp(line, "ERROR ", 6) == 0)
			die("conn %d: %.*s", c->idx, (int)len, line);
		if (c->state != S_HANDSHAKE)
			return;
		if ((p = memchr(line, ' ', len)) == NULL)
			return;
		if (strncmp(p, " 001 ", 5) == 0) {
			if (c->room < 0) {
				conn_ready(c);
				return;
			}
			n = snprintf(buf, sizeof buf, "JOIN #bench%d\r\n",
			    c->room);
			conn_write(c, buf, n);
		} else if (strncmp(p, " 366 ", 5) == 0)
			conn_ready(c);
		else if (strncmp(p, " 433 ", 5) == 0 ||
		    strncmp(p, " 471 ", 5) == 0 ||
		    strncmp(p, " 405 ", 5) == 0)
			die("conn %d: %.*s", c->idx, (int)len, line);
		return;
	default:
		if (len > 0 && line[0] == '~')
			delivery(c, line, line + len);
		return;
	}
}

/* Read what is there and split it into lines. */
static void
conn_read(struct conn *c)
{
	char	*start, *eol, *end;
	ssize_t	 n;
	size_t	 len;
	int	 tries, one = 1, acked = 0;

	for (tries = 0; tries < 4; tries++) {
		if (c->carrylen > 0)
			memcpy(rbuf, c->carry, c->carrylen);
		n = conn_recv(c, rbuf + c->carrylen, LOAD_READ);
		if (n <= 0) {
			if (n < 0 && errno == EAGAIN)
				return;
			if (c->flags & C_SLOW) {
				c->state = S_CLOSED;
				close(c->fd);
				return;
			}
			die("conn %d: %s", c->idx, n == 0 ?
			    "closed by the server" : strerror(errno));
		}
		if (measuring)
			bytes_in += n;
		/*
		 * ACK at once: waiting for the next message to be sent only
		 * once the last member has this one, a delayed ACK would
		 * stall a server that leaves Nagle's algorithm on (both IRC
		 * servers do) for tens of milliseconds a message.  Once a
		 * call: a TLS read gives one record at a time.
		 */
		if (!acked++)
			setsockopt(c->fd, IPPROTO_TCP, TCP_QUICKACK, &one,
			    sizeof one);
		last_input = now_ns();
		start = rbuf;
		end = rbuf + c->carrylen + n;
		while ((eol = memchr(start, '\n', end - start)) != NULL) {
			len = eol - start;
			if (len > 0 && start[len - 1] == '\r')
				len--;
			conn_line(c, start, len);
			start = eol + 1;
		}
		c->carrylen = end - start;
		if (c->carrylen > 0) {
			if (c->carrylen > c->carrysize) {
				c->carrysize = c->carrylen;
				c->carry = xrealloc(c->carry, c->carrysize);
			}
			memcpy(c->carry, start, c->carrylen);
		}
		if (c->carrylen > 65536)
			die("conn %d: line too long", c->idx);
		/*
		 * TLS reads ahead, so epoll cannot say what is left; but
		 * once a read found the socket empty, what is left is what
		 * OpenSSL holds: no last read that would meet EAGAIN.
		 */
		if (n < LOAD_READ && c->ssl == NULL)
			return;
		if (c->ssl != NULL && c->drained && !SSL_has_pending(c->ssl))
			return;
		if (c->ssl != NULL)
			tries = 0;
	}
}

/* One epoll event. */
static void
conn_event(struct conn *c, uint32_t events)
{
	int		err = 0;
	socklen_t	len = sizeof err;

	if (c->state == S_CLOSED)
		return;
	if (c->state == S_CONNECT) {
		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err != 0)
			die("connect: %s", strerror(err));
		if (c->ssl != NULL) {
			c->state = S_TLS;
			conn_tls_step(c);
		} else
			conn_hello(c);
		return;
	}
	if (c->state == S_TLS) {
		conn_tls_step(c);
		return;
	}
	if (events & EPOLLOUT)
		conn_flush(c);
	if ((c->flags & C_SLOW) && c->state == S_READY) {
		if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
			if (!slow_dropped_at)
				slow_dropped_at = now_ns();
			epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
		}
		return;
	}
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		conn_read(c);
}

/* Run the loop until a deadline, or until all are ready. */
static void
loop(uint64_t until, int until_ready, int ping_every_ms)
{
	struct epoll_event	 evs[256];
	static uint64_t		 next_ping;
	uint64_t		 now;
	int			 i, n, timeout;
	char			 buf[128];

	for (;;) {
		now = now_ns();
		if (now >= until)
			return;
		if (until_ready) {
			if (nready == nconns)
				return;
			while (nstarted < nconns &&
			    nstarted - nready < connecting_max)
				conn_start(&conns[nstarted++]);
		}
		timeout = (until - now) / 1000000;
		if (timeout > 100)
			timeout = 100;
		if (ping_every_ms) {
			if (now >= next_ping) {
				struct conn *c = &conns[0];

				if ((size_t)ping_seq + 2 >= ping_size) {
					ping_size = ping_size ? ping_size * 2 :
					    65536;
					ping_sent = xrealloc(ping_sent,
					    ping_size * sizeof *ping_sent);
				}
				ping_sent[++ping_seq] = now;
				n = snprintf(buf, sizeof buf, "{\"type\":"
				    "\"ping\",\"seq\":%lld}\n", ping_seq);
				conn_write(c, buf, n);
				next_ping = now + ping_every_ms * 1000000ULL;
			}
			timeout = 0;
			if (next_ping > now)
				timeout = (next_ping - now) / 1000000;
		}
		n = epoll_wait(ep, evs, 256, timeout);
		if (n < 0 && errno != EINTR)
			die("epoll_wait: %s", strerror(errno));
		for (i = 0; i < n; i++)
			conn_event(evs[i].data.ptr, evs[i].events);
	}
}

/* Connect everyone and wait until the join storm has gone quiet. */
static void
setup(void)
{
	uint64_t	t0 = now_ns();
	int		i;

	loop(t0 + 120 * 1000000000ULL, 1, 0);
	for (i = 0; i < nconns; i++) {
		if (conns[i].state != S_READY)
			die("only some connections registered in 120 s");
	}
	fprintf(stderr, "chatroom-load: %d connections ready in %.2f s\n",
	    nconns, (now_ns() - t0) / 1e9);
	do {
		loop(now_ns() + 100000000ULL, 0, 0);
	} while (now_ns() - last_input < 100000000ULL &&
	    now_ns() - t0 < 60 * 1000000000ULL);
}

/*
 * The send scenario: send_count messages to the lobby, at send_rate a
 * second or as fast as the hub reads them (keeping at most 64 KiB unsent),
 * then wait for their echoes.  Bounded by the -t deadline.
 */
static int
send_flood(void)
{
	struct conn	*c = &conns[0];
	char		 buf[1200], text[1024];
	uint64_t	 start, sent_at = 0, dl, now;
	long		 i = 0;
	int		 n, tn;

	start = now_ns();
	dl = start + (uint64_t)(seconds * 1e9);
	while (i < send_count && (now = now_ns()) < dl) {
		while (i < send_count && c->outlen < 65536 && (send_rate <= 0 ||
		    start + (uint64_t)(i * 1e9 / send_rate) <= now)) {
			if (i == send_count - 1)
				tn = snprintf(text, sizeof text, "line %ld of "
				    "%ld END-OF-FLOOD %s", i + 1, send_count,
				    label);
			else {
				tn = snprintf(text, sizeof text, "line %ld of "
				    "%ld ", i + 1, send_count);
				while (tn < text_size &&
				    tn < (int)sizeof text - 1)
					text[tn++] = 'x';
				text[tn] = '\0';
			}
			n = snprintf(buf, sizeof buf, "{\"type\":\"msg\","
			    "\"room\":\"lobby\",\"text\":\"%s\"}\n", text);
			conn_write(c, buf, n);
			i++;
		}
		loop(now_ns() + 1000000ULL, 0, 0);
	}
	while (c->outlen > 0 && now_ns() < dl)
		loop(now_ns() + 1000000ULL, 0, 0);
	sent_at = now_ns();
	while (msgs_in < (uint64_t)i && now_ns() < dl)
		loop(now_ns() + 10000000ULL, 0, 0);
	printf("RESULT label=%s scenario=send msgs=%ld rate=%.0f send_s=%.3f "
	    "echoed=%llu echo_s=%.3f\n", label, i, send_rate,
	    (sent_at - start) / 1e9, (unsigned long long)msgs_in,
	    (now_ns() - start) / 1e9);
	return (i == send_count && msgs_in >= (uint64_t)i ? 0 : 1);
}

/* Make a history file of n messages in one room (lobby). */
static int
gen_history(const char *path, long n)
{
	FILE	*f;
	long	 i;

	if ((f = fopen(path, "w")) == NULL)
		die("%s: %s", path, strerror(errno));
	fprintf(f, "{\"version\":1,\"next_id\":%ld,\"rooms\":[{\"name\":"
	    "\"lobby\",\"topic\":\"bench\",\"created\":1700000000000,"
	    "\"messages\":[", n + 1);
	for (i = 1; i <= n; i++)
		fprintf(f, "%s{\"id\":%ld,\"ts\":%lld,\"nick\":\"n%ld\","
		    "\"text\":\"history line %ld: the quick brown fox jumps "
		    "over the lazy dog\"}", i > 1 ? "," : "", i,
		    1700000000000LL + i, i % 1000, i);
	fprintf(f, "]}]}\n");
	if (fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
	return (0);
}

/* Exec the hub and time it until it logs "hub ready". */
static int
startup(char **argv)
{
	int		 p[2], status, i;
	uint64_t	 t0, t1 = 0;
	pid_t		 pid;
	FILE		*f;
	char		 buf[4096];
	long long	 ticks, rss, hwm;

	if (pipe(p) != 0)
		die("pipe: %s", strerror(errno));
	t0 = now_ns();
	if ((pid = fork()) == 0) {
		dup2(p[1], 2);
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	f = fdopen(p[0], "r");
	while (fgets(buf, sizeof buf, f) != NULL) {
		if (strstr(buf, "history loaded") != NULL)
			fprintf(stderr, "chatroom-load: %s", buf);
		if (strstr(buf, "hub ready") != NULL) {
			t1 = now_ns();
			break;
		}
	}
	proc_stat(pid, &ticks, &rss, &hwm);
	kill(pid, SIGTERM);
	for (i = 0; fgets(buf, sizeof buf, f) != NULL; i++)
		;
	waitpid(pid, &status, 0);
	fclose(f);
	if (t1 == 0)
		die("the hub never said \"hub ready\"");
	printf("RESULT label=%s scenario=startup startup_ms=%.1f "
	    "cpu_ms=%lld rss_kb=%lld hwm_kb=%lld\n", label,
	    (t1 - t0) / 1e6, ticks * 1000 / sysconf(_SC_CLK_TCK), rss, hwm);
	return (0);
}

static void
usage(void)
{
	fprintf(stderr, "usage: chatroom-load [options]\n"
	    "  -p json|irc|raw  protocol (default json)\n"
	    "  -H HOST -P PORT  server (default 127.0.0.1); comma-separated\n"
	    "                   lists for several (one host: for all)\n"
	    "  -s SCENARIO      fanout, idle, stall, send, startup, genhist\n"
	    "  -r ROOMS -m MEMBERS-PER-ROOM -k IN-FLIGHT-PER-ROOM\n"
	    "  -i N             idle connections (scenario idle)\n"
	    "  -o               one member sends, paced by the last (fanout)\n"
	    "  -S               add a member that never reads (fanout)\n"
	    "  -t SECONDS       measured time (default 10)\n"
	    "  -T               TLS (the certificate is not checked)\n"
	    "  -I PORT          odd members of a room speak IRC to PORT\n"
	    "                   (the hub's IRC listener; fanout, one server)\n"
	    "  -w PID           the server's pid, for its CPU and memory\n"
	    "                   (a comma-separated list with several)\n"
	    "  -W PID           another process (Redis) to report the CPU of\n"
	    "  -X               the servers are separate: only members on\n"
	    "                   the sender's server receive (fanout)\n"
	    "  -l BYTES         message text size, any protocol (default 92)\n"
	    "  -L LABEL         name printed in the RESULT line\n"
	    "  -n COUNT -R RATE messages to send, a second (scenario send;\n"
	    "                   default 10000, 0: as fast as possible)\n"
	    "  startup: chatroom-load -s startup -- HUB-COMMAND...\n"
	    "  genhist: chatroom-load -s genhist -i N FILE\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	struct rlimit	 rl;
	struct rusage	 ru0, ru1;
	long long	 tk0, tk1, rss0, rss1, hwm0, hwm1;
	long long	 atk0, atk1, arss, ahwm, sys0, sys1;
	long long	 hw0, hw1, gw0, gw1, us0, us1, st0, st1;
	uint64_t	 warm, t0;
	double		 el, gcpu, hcpu;
	char		*hostv[LOAD_HUBS], *portv[LOAD_HUBS], *pidv[LOAD_HUBS];
	int		 nhost = 0, npid = 0;
	int		 ch, i, j, n;

	portv[0] = NULL;
	while ((ch = getopt(argc, argv, "p:H:P:s:r:m:k:i:I:oSt:Tw:W:Xl:L:n:R:"))
	    != -1) {
		switch (ch) {
		case 'p':
			if (strcmp(optarg, "json") == 0)
				proto = P_JSON;
			else if (strcmp(optarg, "irc") == 0)
				proto = P_IRC;
			else if (strcmp(optarg, "raw") == 0)
				proto = P_RAW;
			else
				usage();
			break;
		case 'H': nhost = split_list(optarg, hostv); break;
		case 'P': nhubs = split_list(optarg, portv); break;
		case 's': scenario = optarg; break;
		case 'r': nrooms = atoi(optarg); break;
		case 'm': nmembers = atoi(optarg); break;
		case 'k': inflight = atoi(optarg); break;
		case 'i': nidle = atoi(optarg); break;
		case 'I': irc_port = atoi(optarg); break;
		case 'o': one_sender = 1; break;
		case 'S': with_slow = 1; break;
		case 't': seconds = atof(optarg); break;
		case 'T': use_tls = 1; break;
		case 'w': npid = split_list(optarg, pidv); break;
		case 'W': aux_pid = atoi(optarg); break;
		case 'X': separate = 1; break;
		case 'l': text_size = atoi(optarg); break;
		case 'L': label = optarg; break;
		case 'n': send_count = atol(optarg); break;
		case 'R': send_rate = atof(optarg); break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);

	if (strcmp(scenario, "genhist") == 0) {
		if (argc != 1 || nidle <= 0)
			usage();
		return (gen_history(argv[0], nidle));
	}
	if (strcmp(scenario, "startup") == 0) {
		if (argc < 1)
			usage();
		return (startup(argv));
	}
	if (portv[0] == NULL || nhost > nhubs || npid > nhubs)
		usage();
	for (i = 0; i < nhubs; i++) {
		hubs[i].host = nhost == 0 ? "127.0.0.1" :
		    hostv[i < nhost ? i : nhost - 1];
		hubs[i].port = atoi(portv[i]);
		hubs[i].pid = i < npid ? atoi(pidv[i]) : 0;
		if (hubs[i].port <= 0)
			usage();
	}
	if (nrooms <= 0 || nmembers <= 0 || inflight <= 0 || text_size < 40 ||
	    text_size > 1000 || (one_sender && nmembers < 2) ||
	    (irc_port != 0 && (nhubs > 1 || proto == P_RAW)))
		usage();
	if (use_tls) {
		if ((tls_ctx = SSL_CTX_new(TLS_client_method())) == NULL)
			die("SSL_CTX_new: %s", tls_error());
		SSL_CTX_set_verify(tls_ctx, SSL_VERIFY_NONE, NULL);
		SSL_CTX_set_read_ahead(tls_ctx, 1);
		SSL_CTX_set_msg_callback(tls_ctx, tls_msg_cb);
	}
	wait_welcome = nhubs > 1;

	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1)
		die("epoll_create1: %s", strerror(errno));

	/* Lay out the connections. */
	if (strcmp(scenario, "idle") == 0) {
		nconns = nidle;
		nrooms = 0;
		connecting_max = LOAD_CONNECTING_IDLE;
	} else if (strcmp(scenario, "stall") == 0) {
		nconns = 2;
		nrooms = 0;
	} else if (strcmp(scenario, "send") == 0) {
		nconns = 1;
		nrooms = 0;
	} else if (strcmp(scenario, "fanout") == 0)
		nconns = nrooms * nmembers + (with_slow ? 1 : 0);
	else
		usage();
	if ((rlim_t)nconns + 16 > rl.rlim_cur)
		die("%d connections need a file limit above %llu", nconns,
		    (unsigned long long)rl.rlim_cur);
	conns = calloc(nconns > 0 ? nconns : 1, sizeof *conns);
	rooms = calloc(nrooms > 0 ? nrooms : 1, sizeof *rooms);
	for (i = 0; i < nconns; i++) {
		conns[i].fd = -1;
		conns[i].idx = i;
		conns[i].room = -1;
		conns[i].hub = i % nhubs;
		conns[i].proto = proto;
	}
	for (i = 0; i < nrooms; i++) {
		rooms[i].n = nmembers + (with_slow && i == 0 ? 1 : 0);
		rooms[i].members = calloc(rooms[i].n, sizeof *rooms[i].members);
		rooms[i].slots = calloc(inflight, sizeof *rooms[i].slots);
		rooms[i].expect = nmembers;
		for (j = 0; j < nhubs; j++)
			rooms[i].hexpect[j] = -(proto == P_IRC ? 1 : 0);
		for (j = 0; j < nmembers; j++) {
			conns[i * nmembers + j].room = i;
			conns[i * nmembers + j].hub = j % nhubs;
			rooms[i].hexpect[j % nhubs]++;
			rooms[i].members[j] = &conns[i * nmembers + j];
			if (irc_port != 0 && j % 2 == 1)
				conns[i * nmembers + j].proto = P_IRC;
		}
		if (one_sender)
			rooms[i].pacer = rooms[i].members[nmembers - 1];
	}
	if (with_slow && nrooms > 0) {
		slow_conn = nconns - 1;
		conns[slow_conn].room = 0;
		conns[slow_conn].hub = 0;
		conns[slow_conn].flags |= C_SLOW;
		rooms[0].members[nmembers] = &conns[slow_conn];
	}
	if (strcmp(scenario, "stall") == 0) {
		conns[0].flags |= C_PINGER;
		in_lobby = 1;
	}
	if (strcmp(scenario, "send") == 0)
		in_lobby = 1;

	/* Memory before any connection, for the idle figure. */
	hubs_stat(0, &tk0, &rss0, &hwm0);
	setup();

	if (strcmp(scenario, "send") == 0)
		return (send_flood());
	if (strcmp(scenario, "idle") == 0) {
		hubs_stat(1, &tk1, &rss1, &hwm1);
		printf("RESULT label=%s scenario=idle conns=%d rss0_kb=%lld "
		    "rss_kb=%lld per_conn_b=%.0f\n", label, nconns, rss0,
		    rss1, nconns > 0 ? (rss1 - rss0) * 1024.0 / nconns : 0);
		return (0);
	}

	warm = (uint64_t)(seconds > 5 ? 1e9 : seconds * 0.2e9);
	t0 = now_ns();
	t_start = t0 + warm;
	t_end = t_start + (uint64_t)(seconds * 1e9);

	if (strcmp(scenario, "stall") == 0) {
		/* conns[1] talks every 250 ms, which makes the hub flush. */
		char	 buf[256];
		uint64_t next = 0, now;
		long long seq = 0;

		hubs_stat(0, &tk0, &rss0, &hwm0);
		while ((now = now_ns()) < t_end) {
			measuring = now >= t_start;
			if (now >= next) {
				n = snprintf(buf, sizeof buf, "{\"type\":\"msg\","
				    "\"room\":\"lobby\",\"text\":\"flush me\","
				    "\"seq\":%lld}\n", ++seq);
				conn_write(&conns[1], buf, n);
				next = now + 250000000ULL;
			}
			loop(now + 10000000ULL, 0, 1);
		}
		hubs_stat(1, &tk1, &rss1, &hwm1);
		qsort(rtt, nrtt, sizeof *rtt, cmp_u64);
		printf("RESULT label=%s scenario=stall pings=%zu "
		    "rtt_p50_ms=%.2f rtt_p99_ms=%.2f rtt_max_ms=%.2f "
		    "max_gap_ms=%.2f cpu_pct=%.1f rss_kb=%lld hwm_kb=%lld\n",
		    label, nrtt, pct(rtt, nrtt, 0.5), pct(rtt, nrtt, 0.99),
		    pct(rtt, nrtt, 1), max_gap / 1e6,
		    (tk1 - tk0) * 100.0 / sysconf(_SC_CLK_TCK) /
		    ((t_end - t_start) / 1e9), rss1, hwm1);
		return (0);
	}

	/* Fan-out: fill every room's window, then keep it full. */
	for (i = 0; i < nrooms; i++) {
		for (j = 0; j < inflight; j++)
			send_msg(&rooms[i], j);
	}
	loop(t_start, 0, 0);
	measuring = 1;
	getrusage(RUSAGE_SELF, &ru0);
	hubs_stat(0, &tk0, &rss0, &hwm0);
	proc_stat(aux_pid, &atk0, &arss, &ahwm);
	sys0 = nhubs == 1 ? proc_syscalls(hubs[0].pid) : -1;
	proc_split(nhubs == 1 ? hubs[0].pid : -1, &us0, &st0);
	hw0 = nhubs == 1 ? proc_waited(hubs[0].pid) : -1;
	gw0 = proc_waited(0);
	t0 = now_ns();
	loop(t_end, 0, 0);
	el = (now_ns() - t0) / 1e9;
	measuring = 0;
	hubs_stat(1, &tk1, &rss1, &hwm1);
	sys1 = nhubs == 1 ? proc_syscalls(hubs[0].pid) : -1;
	proc_split(nhubs == 1 ? hubs[0].pid : -1, &us1, &st1);
	hw1 = nhubs == 1 ? proc_waited(hubs[0].pid) : -1;
	gw1 = proc_waited(0);
	proc_stat(aux_pid, &atk1, &arss, &ahwm);
	getrusage(RUSAGE_SELF, &ru1);

	/* Count what never finished (a lost connection, a stuck window). */
	for (i = 0; i < nrooms; i++) {
		for (j = 0; j < inflight; j++) {
			if (rooms[i].slots[j].busy &&
			    t_end - rooms[i].slots[j].sent > 1000000000ULL)
				lost_slots++;
		}
	}
	if (slow_conn >= 0 && !slow_dropped_at) {
		/* Read the slow member now: end of file means dropped. */
		struct conn *c = &conns[slow_conn];
		uint64_t dl = now_ns() + 1000000000ULL;
		ssize_t r;

		fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) & ~O_NONBLOCK);
		struct timeval tv = { 0, 200000 };
		setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		while (now_ns() < dl && (r = read(c->fd, rbuf, LOAD_READ)) > 0)
			;
		if (r == 0)
			slow_dropped_at = t_end;
	}
	qsort(lat, nlat, sizeof *lat, cmp_u64);
	gcpu = ((ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec) +
	    (ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) +
	    (ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec) / 1e6 +
	    (ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6) * 100 / el;
	hcpu = tk0 >= 0 ? (tk1 - tk0) * 100.0 / sysconf(_SC_CLK_TCK) / el : -1;
	printf("RESULT label=%s scenario=fanout rooms=%d members=%d "
	    "inflight=%d slow=%d secs=%.2f deliveries=%llu dps=%.0f "
	    "msgs=%zu p50_ms=%.2f p99_ms=%.2f max_ms=%.2f line_b=%.0f "
	    "lost=%llu hub_cpu_pct=%.1f gen_cpu_pct=%.1f rss_kb=%lld "
	    "hwm_kb=%lld slow_dropped_s=%.2f one=%d tls=%d text_b=%d "
	    "sys_per_d=%.3f rec_per_d=%.3f hub_wait_pct=%.1f "
	    "gen_wait_pct=%.1f cipher=%s hub_usr_ns_d=%.0f "
	    "hub_sys_ns_d=%.0f\n", label, nrooms, nmembers,
	    inflight, with_slow, el, (unsigned long long)deliveries,
	    deliveries / el, nlat, pct(lat, nlat, 0.5), pct(lat, nlat, 0.99),
	    pct(lat, nlat, 1), lines_in ? (double)bytes_in / lines_in : 0,
	    (unsigned long long)lost_slots, hcpu, gcpu, rss1, hwm1,
	    slow_dropped_at ? (slow_dropped_at > t0 ?
	    (slow_dropped_at - t0) / 1e9 : 0) : -1.0, one_sender, use_tls,
	    text_size, sys0 >= 0 && sys1 >= 0 && deliveries > 0 ?
	    (double)(sys1 - sys0) / deliveries : -1,
	    deliveries > 0 ? (double)records_in / deliveries : 0,
	    hw0 >= 0 && hw1 >= 0 ? (hw1 - hw0) / 1e7 / el : -1,
	    gw0 >= 0 && gw1 >= 0 ? (gw1 - gw0) / 1e7 / el : -1, tls_cipher,
	    us0 >= 0 && us1 >= 0 && deliveries > 0 ? (us1 - us0) * 1e9 /
	    sysconf(_SC_CLK_TCK) / deliveries : -1,
	    st0 >= 0 && st1 >= 0 && deliveries > 0 ? (st1 - st0) * 1e9 /
	    sysconf(_SC_CLK_TCK) / deliveries : -1);
	if (nhubs == 1)
		return (0);

	/*
	 * Several servers: a second line with the figures per server and
	 * the latency of each delivery, cross-server and local.
	 */
	printf("RESULT label=%s scenario=hubs hubs=%d separate=%d",
	    label, nhubs, separate);
	for (i = 0; i < nhubs; i++) {
		printf(" dps_h%d=%.0f cpu_h%d=%.1f", i,
		    hubs[i].deliveries / el, i, hubs[i].tk0 >= 0 &&
		    hubs[i].tk1 >= 0 ? (hubs[i].tk1 - hubs[i].tk0) * 100.0 /
		    sysconf(_SC_CLK_TCK) / el : -1);
	}
	printf(" aux_cpu_pct=%.1f x_deliveries=%llu x_p50_ms=%.2f "
	    "x_p99_ms=%.2f x_max_ms=%.2f l_deliveries=%llu l_p50_ms=%.2f "
	    "l_p99_ms=%.2f l_max_ms=%.2f stray=%llu\n",
	    aux_pid > 0 && atk0 >= 0 && atk1 >= 0 ? (atk1 - atk0) * 100.0 /
	    sysconf(_SC_CLK_TCK) / el : -1,
	    (unsigned long long)xhist.n, hist_pct(&xhist, 0.5),
	    hist_pct(&xhist, 0.99), hist_pct(&xhist, 1),
	    (unsigned long long)lhist.n, hist_pct(&lhist, 0.5),
	    hist_pct(&lhist, 0.99), hist_pct(&lhist, 1),
	    (unsigned long long)strays);
	return (0);
}
