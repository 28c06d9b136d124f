/* SPDX-License-Identifier: ISC */
/* soak-driver.c: hundreds of simulated users, good and bad, against a hub. */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* memmem */
#endif

#include <sys/types.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * One thread, one level-triggered epoll set, a fixed number of slots.  Each
 * slot holds one simulated user at a time, with a role picked when it
 * arrives; when the user goes (quit, abrupt close, dropped by the hub) a new
 * one takes the slot a moment later, so the population stays near the slot
 * count while the users keep changing.  A user that closes abruptly may come
 * back on the same slot with its resume token.
 *
 * Roles:
 *   human     in a few rooms, talks every few seconds, joins and leaves,
 *             sends direct messages, sets topics, changes nick, then quits,
 *             vanishes (and often resumes), or vanishes for good
 *   bot       talks about three times a second, under the flood limit
 *   firehose  long lines several times a second into "firehose", where the
 *             stallers are (the first few slots only)
 *   burster   pastes 35 lines at once: held back, then "flood" errors
 *   flooder   never stops: "flood" errors, then "excess flood"
 *   staller   joins "firehose", stops reading for 30 s, then reads what
 *             is there: it must find the end of the connection ("send
 *             queue exceeded"); the hub cannot tell it sooner, since the
 *             close waits behind the unread bytes
 *   hostile   bad JSON, bad UTF-8, bad fields, then an over-long line
 *   silent    never says hello: dropped at the handshake deadline
 *
 * Message text starts with "~SENT_NS " so every receiver can record the
 * latency from send to receipt.  Nothing here may die on a hub error: every
 * way a connection ends is counted, and an end nobody asked for (a human or
 * a bot cut off) is reported as unexpected, which fails the soak.
 */

#define SD_READ		(64 * 1024)
#define SD_LINE_MAX	(1024 * 1024)
#define SD_ROOMS	18		/* lobby, firehose, r00..r15 */
#define SD_FIREHOSE	4		/* slots that run firehose bots */
#define SD_LAT_MS	10000		/* latency histogram, 1 ms buckets */

enum role {
	R_HUMAN, R_BOT, R_FIREHOSE, R_BURSTER, R_FLOODER, R_STALLER,
	R_HOSTILE, R_SILENT, R_PROBE, R_NROLES
};
static const char *role_names[R_NROLES] = {
	"human", "bot", "firehose", "burster", "flooder", "staller",
	"hostile", "silent", "probe"
};
static const char role_letters[R_NROLES] = "hbxufszqp";

enum state {
	S_FREE,			/* empty slot, a new user arrives at due */
	S_AWAY,			/* vanished; resumes at due */
	S_CONNECT,
	S_HELLO,		/* hello sent, waiting for welcome */
	S_READY,
	S_STALLED,		/* not reading any more */
	S_DRAIN,		/* reading again: was it dropped? */
	S_CLOSING		/* quit sent or a fatal frame sent: wait for EOF */
};

/* How a user leaves. */
enum end_how { E_QUIT, E_VANISH_RESUME, E_VANISH };

struct client {
	int		 slot;
	int		 fd;
	enum state	 state;
	enum role	 role;
	unsigned	 serial;
	char		 nick[40];
	char		 token[40];
	unsigned long long last_id;
	uint32_t	 rooms;		/* bit i: in room i */
	long long	 seq;
	uint64_t	 born;		/* this connection */
	uint64_t	 next_act;
	uint64_t	 end_at;
	uint64_t	 due;		/* S_FREE, S_AWAY: when to connect */
	uint64_t	 stall_at;
	uint64_t	 closing_at;
	int		 resumes;
	int		 step;		/* hostile: frames sent so far */
	int		 flood_errors;
	int		 replaying;	/* rooms between "room" and history_end */
	char		 last_error[64];

	char		*in;
	size_t		 inlen, insize;
	char		*out;
	size_t		 outlen, outsize;
	int		 wantout;
};

static const char	*room_names[SD_ROOMS];
static char		 room_buf[SD_ROOMS][16];

static int		 port;
static int		 nslots = 300;
static double		 seconds = 240;
static int		 hub_pid;
static unsigned long long rng_state;
static int		 ep;
static struct client	*slots;
static struct client	 probe;
static uint64_t		 t0, t_end;
static unsigned		 serial;
static int		 stopping;
static char		 rbuf[SD_READ];

/* Counters for the summary. */
static unsigned long long n_started[R_NROLES], n_welcomed, n_resumed,
			 n_resume_failed, n_hello_refused;
static unsigned long long n_sent, n_acks, n_deliveries, n_dm_in, n_pings;
static unsigned long long n_quit, n_vanish, n_vanish_resume;
static unsigned long long n_flood_errors, n_excess_flood, n_stall_dropped,
			 n_stall_kept, n_handshake_dropped, n_hostile_closed,
			 n_unexpected, n_connect_failed, n_quit_hung,
			 n_hello_hung;
static unsigned long long lat[2][SD_LAT_MS + 1], lat_n[2];
static uint64_t		 lat_max[2];

struct errcount {
	char			 code[64];
	unsigned long long	 n;
};
static struct errcount	 errs[48];

static uint64_t	now_ns(void);
static void	die(const char *, ...);
static void	client_send(struct client *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	client_close(struct client *, const char *);
static void	client_act(struct client *, uint64_t);
static void	client_leave(struct client *, uint64_t);

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
	fprintf(stderr, "soak-driver: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		die("out of memory");
	return (p);
}

/* xorshift64*: reproducible from the seed the summary prints. */
static uint64_t
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (rng_state * 2685821657736338717ULL);
}

/* A uniform integer in [lo, hi]. */
static long
rnd_range(long lo, long hi)
{
	return (lo + (long)(rnd() % (uint64_t)(hi - lo + 1)));
}

/* A uniform duration in [lo, hi] milliseconds, in nanoseconds. */
static uint64_t
rnd_ms(long lo, long hi)
{
	return ((uint64_t)rnd_range(lo, hi) * 1000000ULL);
}

static void
count_error(const char *code)
{
	size_t	i;

	for (i = 0; i < sizeof errs / sizeof errs[0]; i++) {
		if (errs[i].code[0] == '\0')
			snprintf(errs[i].code, sizeof errs[i].code, "%s", code);
		if (strcmp(errs[i].code, code) == 0) {
			errs[i].n++;
			return;
		}
	}
}

/* Copy the string member KEY of a frame (no escapes in what we look at). */
static int
get_str(const char *line, size_t len, const char *key, char *buf,
    size_t size)
{
	char		 pat[48];
	const char	*p, *q, *end = line + len;
	int		 n;

	n = snprintf(pat, sizeof pat, "\"%s\":\"", key);
	if ((p = memmem(line, len, pat, n)) == NULL)
		return (-1);
	p += n;
	if ((q = memchr(p, '"', end - p)) == NULL || (size_t)(q - p) >= size)
		return (-1);
	memcpy(buf, p, q - p);
	buf[q - p] = '\0';
	return (0);
}

/* The number member KEY of a frame, or -1. */
static long long
get_num(const char *line, size_t len, const char *key)
{
	char		 pat[48];
	const char	*p;
	int		 n;

	n = snprintf(pat, sizeof pat, "\"%s\":", key);
	if ((p = memmem(line, len, pat, n)) == NULL)
		return (-1);
	return (strtoll(p + n, NULL, 10));
}

static int
room_index(const char *name)
{
	int	i;

	for (i = 0; i < SD_ROOMS; i++) {
		if (strcmp(room_names[i], name) == 0)
			return (i);
	}
	return (-1);
}

/* A random ordinary room (not lobby, not firehose). */
static int
rnd_room(void)
{
	return ((int)rnd_range(2, SD_ROOMS - 1));
}

/* A random room the client is in, or -1. */
static int
rnd_my_room(struct client *c, int skip_firehose)
{
	int	i, n = 0, pick[SD_ROOMS];

	for (i = 0; i < SD_ROOMS; i++) {
		if ((c->rooms & (1u << i)) && !(skip_firehose && i == 1))
			pick[n++] = i;
	}
	return (n == 0 ? -1 : pick[rnd_range(0, n - 1)]);
}

static void
epoll_set(struct client *c)
{
	struct epoll_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.data.ptr = c;
	if (c->state == S_CONNECT)
		ev.events = EPOLLOUT;
	else if (c->state == S_STALLED)
		ev.events = EPOLLRDHUP | (c->wantout ? EPOLLOUT : 0);
	else
		ev.events = EPOLLIN | EPOLLRDHUP | (c->wantout ? EPOLLOUT : 0);
	if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) != 0)
		die("epoll_ctl: %s", strerror(errno));
}

/* Write what is queued; 0 on success, -1 if the connection is gone. */
static int
client_flush(struct client *c)
{
	ssize_t	n;

	while (c->outlen > 0) {
		n = write(c->fd, c->out, c->outlen);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			return (-1);
		}
		memmove(c->out, c->out + n, c->outlen - n);
		c->outlen -= n;
	}
	if (c->wantout != (c->outlen > 0)) {
		c->wantout = c->outlen > 0;
		epoll_set(c);
	}
	return (0);
}

/* Queue raw bytes and try to write them. */
static void
client_write(struct client *c, const char *data, size_t len)
{
	if (c->fd == -1)
		return;
	if (c->outlen + len > c->outsize) {
		c->outsize = (c->outlen + len) * 2;
		c->out = xrealloc(c->out, c->outsize);
	}
	memcpy(c->out + c->outlen, data, len);
	c->outlen += len;
	if (client_flush(c) != 0)
		client_close(c, "write failed");
}

static void
client_send(struct client *c, const char *fmt, ...)
{
	char	buf[16384];
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof buf - 1)
		die("frame too long for the driver");
	buf[n++] = '\n';
	client_write(c, buf, n);
}

/* Some printable text of about len bytes, starting with the send time. */
static char *
make_text(size_t len)
{
	static const char	*words[] = {
		"the", "hub", "keeps", "serving", "everyone", "else", "while",
		"a", "slow", "client", "stalls", "and", "floods", "résumé",
		"naïve", "ok", "lag?", "brb", "👍", "so", "it", "goes"
	};
	static char		 text[4096];
	size_t			 n, w;

	if (len > sizeof text - 64)
		len = sizeof text - 64;
	n = snprintf(text, sizeof text, "~%llu", (unsigned long long)now_ns());
	while (n < len) {
		w = rnd() % (sizeof words / sizeof words[0]);
		n += snprintf(text + n, sizeof text - n, " %s", words[w]);
	}
	return (text);
}

static void
send_msg(struct client *c, int room, size_t len)
{
	char	*text = make_text(len);

	/* Flood control delays these on purpose: no latency from them. */
	if (c->role == R_BURSTER || c->role == R_FLOODER)
		text[0] = '-';
	client_send(c, "{\"type\":\"msg\",\"room\":\"%s\",\"text\":\"%s\","
	    "\"seq\":%lld}", room_names[room], text, ++c->seq);
	n_sent++;
}

static void
send_join(struct client *c, int room)
{
	client_send(c, "{\"type\":\"join\",\"room\":\"%s\",\"seq\":%lld}",
	    room_names[room], ++c->seq);
}

/* Pick the role of a new user on a slot. */
static enum role
pick_role(int slot)
{
	long	r;

	if (slot < SD_FIREHOSE)
		return (R_FIREHOSE);
	r = rnd_range(0, 99);
	if (r < 58)
		return (R_HUMAN);
	if (r < 73)
		return (R_BOT);
	if (r < 78)
		return (R_BURSTER);
	if (r < 82)
		return (R_FLOODER);
	if (r < 86)
		return (R_STALLER);
	if (r < 96)
		return (R_HOSTILE);
	return (R_SILENT);
}

/* Open the connection of a slot (a new user, or one resuming). */
static void
client_connect(struct client *c, uint64_t now)
{
	struct sockaddr_in	sin;
	struct epoll_event	ev;
	int			one = 1, small = 4096, mss = 536;

	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd == -1)
		die("socket: %s", strerror(errno));
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (c->role == R_STALLER) {
		/*
		 * A small window and a small segment size keep the hub's
		 * kernel buffers small, so its own send queue fills soon.
		 */
		setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
		setsockopt(c->fd, IPPROTO_TCP, TCP_MAXSEG, &mss, sizeof mss);
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(c->fd, (struct sockaddr *)&sin, sizeof sin) != 0 &&
	    errno != EINPROGRESS) {
		n_connect_failed++;
		close(c->fd);
		c->fd = -1;
		c->state = S_FREE;
		c->due = now + 1000000000ULL;
		return;
	}
	c->state = S_CONNECT;
	c->born = now;
	c->inlen = c->outlen = 0;
	c->wantout = 0;
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLOUT;
	ev.data.ptr = c;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0)
		die("epoll_ctl: %s", strerror(errno));
}

/* A new user arrives on a free slot. */
static void
client_arrive(struct client *c, uint64_t now)
{
	c->role = pick_role(c->slot);
	c->serial = ++serial;
	snprintf(c->nick, sizeof c->nick, "%c%u", role_letters[c->role],
	    c->serial);
	c->token[0] = '\0';
	c->last_id = 0;
	c->seq = 0;
	c->resumes = 0;
	c->step = 0;
	c->flood_errors = 0;
	c->last_error[0] = '\0';
	n_started[c->role]++;
	client_connect(c, now);
}

/* The TCP connection is up: say hello (or not). */
static void
client_hello(struct client *c, uint64_t now)
{
	c->state = S_HELLO;
	c->rooms = 0;
	c->replaying = 0;
	c->end_at = now + 30000000000ULL;	/* a backstop */
	epoll_set(c);
	if (c->role == R_SILENT)
		return;
	if (c->role == R_HOSTILE && rnd_range(0, 3) == 0) {
		/* Some talk nonsense before hello. */
		client_send(c, "{\"type\":\"join\",\"room\":\"r00\"}");
		client_send(c, "{\"type\":\"ping\",\"seq\":7}");
	}
	if (c->token[0] != '\0')
		client_send(c, "{\"type\":\"hello\",\"version\":1,\"nick\":"
		    "\"%s\",\"token\":\"%s\",\"last_id\":%llu,"
		    "\"client\":\"soak\"}", c->nick, c->token, c->last_id);
	else
		client_send(c, "{\"type\":\"hello\",\"version\":1,\"nick\":"
		    "\"%s\",\"client\":\"soak\"}", c->nick);
}

/* Welcome: set up the role. */
static void
client_ready(struct client *c, uint64_t now, int resumed)
{
	int	i, n;

	c->state = S_READY;
	c->next_act = now + rnd_ms(200, 3000);
	switch (c->role) {
	case R_HUMAN:
		c->end_at = now + rnd_ms(20000, 150000);
		if (resumed)
			break;
		n = (int)rnd_range(1, 3);
		for (i = 0; i < n; i++)
			send_join(c, rnd_room());
		if (rnd_range(0, 3) == 0)
			client_send(c, "{\"type\":\"leave\",\"room\":\"lobby\","
			    "\"seq\":%lld}", ++c->seq);
		break;
	case R_BOT:
		c->end_at = now + rnd_ms(60000, 200000);
		send_join(c, rnd_room());
		if (rnd_range(0, 1))
			send_join(c, rnd_room());
		client_send(c, "{\"type\":\"leave\",\"room\":\"lobby\","
		    "\"seq\":%lld}", ++c->seq);
		break;
	case R_FIREHOSE:
		c->end_at = now + rnd_ms(60000, 240000);
		send_join(c, 1);
		client_send(c, "{\"type\":\"leave\",\"room\":\"lobby\","
		    "\"seq\":%lld}", ++c->seq);
		break;
	case R_BURSTER:
	case R_FLOODER:
		c->end_at = now + rnd_ms(20000, 90000);
		send_join(c, rnd_room());
		break;
	case R_STALLER:
		/*
		 * Stop reading at once, then ask for the busy room: what has
		 * been read so far is too little for the hub's kernel to have
		 * grown a large send buffer for us, so its own queue fills.
		 */
		c->end_at = now + 150000000000ULL;	/* a backstop */
		c->state = S_STALLED;
		c->stall_at = now;
		c->next_act = now + 30000000000ULL;
		epoll_set(c);
		send_join(c, 1);
		send_join(c, rnd_room());
		break;
	case R_HOSTILE:
		c->end_at = now + 30000000000ULL;
		c->next_act = now + rnd_ms(50, 300);
		break;
	case R_PROBE:
		send_join(c, 2);
		send_msg(c, 2, 40);
		break;
	default:
		break;
	}
}

/* Record the latency of a message whose text starts with "~NS". */
static void
note_latency(struct client *c, const char *line, size_t len, uint64_t now)
{
	const char	*p;
	uint64_t	 sent, ms;
	int		 half;

	if (c->replaying > 0 || c->role == R_STALLER)
		return;		/* history, or read late on purpose */
	if ((p = memmem(line, len, "\"text\":\"~", 9)) == NULL)
		return;
	sent = strtoull(p + 9, NULL, 10);
	if (sent == 0 || sent > now)
		return;
	ms = (now - sent) / 1000000;
	half = now - t0 >= (t_end - t0) / 2;
	lat[half][ms > SD_LAT_MS ? SD_LAT_MS : ms]++;
	lat_n[half]++;
	if (now - sent > lat_max[half])
		lat_max[half] = now - sent;
}

/* One frame from the hub. */
static void
client_line(struct client *c, char *line, size_t len, uint64_t now)
{
	char	type[32], buf[64], nick[64];
	int	r;

	if (get_str(line, len, "type", type, sizeof type) != 0)
		return;
	if (strcmp(type, "msg") == 0) {
		n_deliveries++;
		if (get_num(line, len, "id") > (long long)c->last_id)
			c->last_id = get_num(line, len, "id");
		note_latency(c, line, len, now);
		if (c->role == R_PROBE && get_str(line, len, "nick", nick,
		    sizeof nick) == 0 && strcmp(nick, c->nick) == 0)
			c->step = 1;
	} else if (strcmp(type, "ack") == 0) {
		n_acks++;
		if (get_num(line, len, "id") > (long long)c->last_id)
			c->last_id = get_num(line, len, "id");
	} else if (strcmp(type, "dm") == 0) {
		n_dm_in++;
		if (get_num(line, len, "id") > (long long)c->last_id)
			c->last_id = get_num(line, len, "id");
	} else if (strcmp(type, "ping") == 0) {
		n_pings++;
		client_send(c, "{\"type\":\"pong\"}");
	} else if (strcmp(type, "welcome") == 0) {
		get_str(line, len, "token", c->token, sizeof c->token);
		get_str(line, len, "nick", c->nick, sizeof c->nick);
		n_welcomed++;
		if (c->resumes > 0) {
			if (memmem(line, len, "\"resumed\":true", 14) != NULL)
				n_resumed++;
			else
				n_resume_failed++;
		}
		client_ready(c, now, c->resumes > 0);
	} else if (strcmp(type, "error") == 0) {
		if (get_str(line, len, "code", buf, sizeof buf) != 0)
			snprintf(buf, sizeof buf, "?");
		count_error(buf);
		snprintf(c->last_error, sizeof c->last_error, "%s", buf);
		if (strcmp(buf, "flood") == 0) {
			n_flood_errors++;
			c->flood_errors++;
		}
		if (c->state == S_HELLO && c->role != R_SILENT &&
		    c->role != R_HOSTILE)
			n_hello_refused++;
	} else if (strcmp(type, "joined") == 0 || strcmp(type, "left") == 0 ||
	    strcmp(type, "room") == 0) {
		if (get_str(line, len, "room", buf, sizeof buf) != 0 ||
		    (r = room_index(buf)) < 0)
			return;
		if (type[0] != 'r' && (get_str(line, len, "nick", nick,
		    sizeof nick) != 0 || strcmp(nick, c->nick) != 0))
			return;
		if (type[0] == 'r')
			c->replaying++;
		if (type[0] == 'l')
			c->rooms &= ~(1u << r);
		else
			c->rooms |= 1u << r;
	} else if (strcmp(type, "history_end") == 0) {
		if (c->replaying > 0)
			c->replaying--;
	} else if (strcmp(type, "renamed") == 0) {
		if (get_str(line, len, "old", buf, sizeof buf) == 0 &&
		    strcmp(buf, c->nick) == 0)
			get_str(line, len, "nick", c->nick, sizeof c->nick);
	}
}

/* Read and split into lines; 0, or -1 at end of file or on an error. */
static int
client_read(struct client *c, uint64_t now)
{
	char	*start, *eol, *end;
	ssize_t	 n;
	size_t	 len;

	n = read(c->fd, rbuf, sizeof rbuf);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return (0);
	if (n <= 0)
		return (-1);
	if (c->inlen + n > c->insize) {
		c->insize = (c->inlen + n) * 2;
		c->in = xrealloc(c->in, c->insize);
	}
	memcpy(c->in + c->inlen, rbuf, n);
	c->inlen += n;
	start = c->in;
	end = c->in + c->inlen;
	while ((eol = memchr(start, '\n', end - start)) != NULL) {
		len = eol - start;
		client_line(c, start, len, now);
		start = eol + 1;
		if (c->fd == -1 || c->state == S_STALLED)
			break;
	}
	c->inlen = end - start;
	memmove(c->in, start, c->inlen);
	if (c->inlen > SD_LINE_MAX)
		die("%s: a line over %d bytes from the hub", c->nick,
		    SD_LINE_MAX);
	return (0);
}

/* Close a connection and decide what comes next on its slot. */
static void
client_close(struct client *c, const char *why)
{
	uint64_t	now = now_ns();

	if (c->fd == -1)
		return;
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
	if (c->role == R_PROBE) {
		c->state = S_FREE;
		return;
	}
	if (why != NULL) {
		/* The hub ended it, or it broke: say whether that was due. */
		if (c->state == S_CLOSING)
			;
		else if (c->state == S_STALLED || c->state == S_DRAIN)
			n_stall_dropped++;
		else if (c->role == R_FLOODER ||
		    (c->role == R_BURSTER && c->flood_errors > 0)) {
			if (c->flood_errors > 0)
				n_excess_flood++;
			else {
				n_unexpected++;
				fprintf(stderr, "soak-driver: %s (%s) cut off "
				    "without a flood error: %s\n", c->nick,
				    role_names[c->role], why);
			}
		} else if (c->role == R_SILENT &&
		    strcmp(c->last_error, "not_registered") == 0)
			n_handshake_dropped++;
		else if (c->role == R_HOSTILE)
			n_hostile_closed++;
		else if (stopping && c->state == S_CONNECT)
			;
		else {
			n_unexpected++;
			fprintf(stderr, "soak-driver: %s (%s, %.1f s old, state "
			    "%d) cut off: %s, last error %s\n", c->nick,
			    role_names[c->role], (now - c->born) / 1e9,
			    c->state, why, c->last_error[0] ? c->last_error :
			    "none");
		}
	}
	c->state = S_FREE;
	c->due = now + rnd_ms(50, 2000);
}

/* A user leaves the hub, in one of its ways. */
static void
client_leave(struct client *c, uint64_t now)
{
	enum end_how		how = E_QUIT;
	struct linger		lg = { 1, 0 };
	long			r;

	if (c->state == S_HELLO || c->state == S_CONNECT) {
		client_close(c, NULL);
		return;
	}
	if (c->role == R_HUMAN && !stopping) {
		r = rnd_range(0, 99);
		if (r < 35)
			how = E_QUIT;
		else if (r < 75 && c->resumes < 2)
			how = E_VANISH_RESUME;
		else
			how = E_VANISH;
	}
	if (c->state == S_STALLED || c->state == S_DRAIN)
		how = E_VANISH;
	if (how == E_QUIT && c->state == S_READY) {
		client_send(c, "{\"type\":\"quit\",\"reason\":\"soak over\"}");
		if (c->fd == -1)
			return;
		n_quit++;
		c->state = S_CLOSING;
		c->closing_at = now;
		return;
	}
	/* Vanish: half close politely, half reset the connection. */
	if (rnd_range(0, 1))
		setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
	if (how == E_VANISH_RESUME && c->token[0] != '\0') {
		n_vanish_resume++;
		epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
		close(c->fd);
		c->fd = -1;
		c->resumes++;
		c->state = S_AWAY;
		c->due = now + rnd_ms(200, 5000);
		return;
	}
	n_vanish++;
	client_close(c, NULL);
}

/* The hostile script: one bad frame per step, an over-long line last. */
static void
hostile_step(struct client *c)
{
	/* Past the hub's line limit for frames without a picture (32 KiB). */
	static char	long_line[40000];
	static size_t	long_len;
	const char	*head = "{\"type\":\"msg\",\"room\":\"lobby\","
			    "\"text\":\"";

	switch (c->step++) {
	case 0:
		client_send(c, "this is not json");
		break;
	case 1:
		client_send(c, "{\"type\":\"msg\",\"room\":\"lobby\","
		    "\"text\":\"\xff\xfe\xc0\x80\",\"seq\":1}");
		break;
	case 2:
		client_send(c, "{\"type\":\"no-such-type\",\"seq\":2}");
		break;
	case 3:
		client_send(c, "{\"type\":\"msg\",\"room\":5,\"text\":1}");
		break;
	case 4:
		client_send(c, "{\"type\":\"join\",\"room\":"
		    "\"bad\\u0007room\",\"seq\":4}");
		break;
	case 5:
		client_send(c, "{\"type\":\"msg\",\"room\":\"r00\","
		    "\"text\":\"x\",\"seq\":\"five\"}");
		break;
	case 6:
		client_send(c, "{\"type\":\"hello\",\"version\":1,"
		    "\"nick\":\"again\"}");
		break;
	case 7:
		client_send(c, "{\"type\":\"kick\",\"nick\":\"h1\",\"seq\":7}");
		break;
	case 8:
		client_send(c, "[1,2,3] {\"type\":\"ping\"}");
		break;
	case 9:
		client_send(c, "{\"type\":\"msg\",\"room\":\"lobby\","
		    "\"text\":\"\\u001b[2J\\u202e evil\",\"seq\":9}");
		break;
	case 10:
		if (rnd_range(0, 2) == 0) {
			/* Half a frame, then gone. */
			client_write(c, "{\"type\":\"msg\",\"ro", 17);
			client_close(c, NULL);
			n_hostile_closed++;
			return;
		}
		if (long_len == 0) {
			long_len = strlen(head);
			memcpy(long_line, head, long_len);
			memset(long_line + long_len, 'a',
			    sizeof long_line - long_len - 3);
			long_len = sizeof long_line - 3;
			memcpy(long_line + long_len, "\"}\n", 3);
			long_len += 3;
		}
		client_write(c, long_line, long_len);
		if (c->fd != -1) {
			c->state = S_CLOSING;
			c->closing_at = now_ns();
		}
		break;
	}
}

/* What a ready user does next. */
static void
client_act(struct client *c, uint64_t now)
{
	int	r, i, n;
	long	p;

	switch (c->role) {
	case R_HUMAN:
	case R_BURSTER:
		c->next_act = now + rnd_ms(3000, 20000);
		if (c->role == R_BURSTER && c->step++ == 0) {
			/* A paste of 35 lines: 10 pass, 20 wait, 5 refused. */
			r = rnd_my_room(c, 1);
			for (i = 0; i < 35 && r >= 0; i++)
				send_msg(c, r, 60);
			break;
		}
		p = rnd_range(0, 99);
		if (p < 75 && (r = rnd_my_room(c, 1)) >= 0)
			send_msg(c, r, rnd_range(10, 300));
		else if (p < 81) {
			n = (int)rnd_range(0, nslots - 1);
			if (slots[n].state == S_READY && &slots[n] != c)
				client_send(c, "{\"type\":\"dm\",\"to\":\"%s\","
				    "\"text\":\"%s\",\"seq\":%lld}",
				    slots[n].nick, make_text(40), ++c->seq);
		} else if (p < 88)
			send_join(c, rnd_room());
		else if (p < 93) {
			if ((r = rnd_my_room(c, 1)) >= 0)
				client_send(c, "{\"type\":\"leave\",\"room\":"
				    "\"%s\",\"seq\":%lld}", room_names[r],
				    ++c->seq);
		} else if (p < 95) {
			if ((r = rnd_my_room(c, 1)) >= 0)
				client_send(c, "{\"type\":\"topic\",\"room\":"
				    "\"%s\",\"text\":\"topic by %s\","
				    "\"seq\":%lld}", room_names[r], c->nick,
				    ++c->seq);
		} else if (p < 97) {
			if ((r = rnd_my_room(c, 0)) >= 0)
				client_send(c, "{\"type\":\"names\",\"room\":"
				    "\"%s\",\"seq\":%lld}", room_names[r],
				    ++c->seq);
		} else if (p < 99)
			client_send(c, "{\"type\":\"rooms\",\"seq\":%lld}",
			    ++c->seq);
		else
			client_send(c, "{\"type\":\"nick\",\"nick\":\"%s%u\","
			    "\"seq\":%lld}", "n", ++serial, ++c->seq);
		break;
	case R_BOT:
		c->next_act = now + rnd_ms(250, 400);
		if ((r = rnd_my_room(c, 1)) >= 0)
			send_msg(c, r, rnd_range(40, 200));
		break;
	case R_FIREHOSE:
		c->next_act = now + rnd_ms(200, 300);
		if (c->rooms & 2)
			send_msg(c, 1, rnd_range(1500, 3000));
		break;
	case R_FLOODER:
		/* Far over the limit, until the hub has had enough. */
		c->next_act = now + 20000000ULL;
		if ((r = rnd_my_room(c, 1)) < 0)
			r = 0;
		for (i = 0; i < 10 && c->fd != -1; i++)
			send_msg(c, r, 80);
		break;
	case R_STALLER:
		if (c->state == S_READY) {
			/* Stop reading: the hub must cut us off. */
			c->state = S_STALLED;
			c->stall_at = now;
			c->next_act = now + 30000000000ULL;
		} else if (c->state == S_STALLED) {
			/* Read it all: the end must come. */
			c->state = S_DRAIN;
			c->next_act = now + 10000000000ULL;
		} else {
			n_stall_kept++;
			fprintf(stderr, "soak-driver: %s stalled %.0f s and "
			    "was not dropped\n", c->nick,
			    (now - c->stall_at) / 1e9 - 10);
			c->state = S_READY;
			c->next_act = UINT64_MAX;
			client_leave(c, now);
			break;
		}
		epoll_set(c);
		break;
	case R_HOSTILE:
		c->next_act = now + rnd_ms(20, 200);
		hostile_step(c);
		break;
	default:
		c->next_act = UINT64_MAX;
		break;
	}
}

/* One epoll event. */
static void
client_event(struct client *c, uint32_t events, uint64_t now)
{
	int		err = 0, i;
	socklen_t	len = sizeof err;

	if (c->fd == -1)
		return;
	if (c->state == S_CONNECT) {
		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err != 0) {
			n_connect_failed++;
			client_close(c, NULL);
			return;
		}
		client_hello(c, now);
		return;
	}
	if (c->state == S_STALLED) {
		/* Only a reset gets through to a reader that stopped. */
		if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR))
			client_close(c, "dropped while stalled");
		else if ((events & EPOLLOUT) && client_flush(c) != 0)
			client_close(c, "write failed");
		return;
	}
	if ((events & EPOLLOUT) && client_flush(c) != 0) {
		client_close(c, "write failed");
		return;
	}
	if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
		for (i = 0; i < 4 && c->fd != -1 && c->state != S_STALLED;
		    i++) {
			if (client_read(c, now) != 0) {
				client_close(c, "closed by the hub");
				return;
			}
			if (!(events & (EPOLLRDHUP | EPOLLHUP)))
				break;
		}
	}
}

/* Check the hub is still there. */
static void
check_hub(void)
{
	if (hub_pid > 0 && kill(hub_pid, 0) != 0 && errno == ESRCH)
		die("the hub (pid %d) is gone", hub_pid);
}

/* One pass of the loop: events, then timers. */
static void
loop_once(int timeout_ms)
{
	struct epoll_event	 evs[256];
	struct client		*c;
	uint64_t		 now;
	int			 i, n;

	n = epoll_wait(ep, evs, 256, timeout_ms);
	if (n < 0 && errno != EINTR)
		die("epoll_wait: %s", strerror(errno));
	now = now_ns();
	for (i = 0; i < n; i++)
		client_event(evs[i].data.ptr, evs[i].events, now);
	for (i = 0; i < nslots; i++) {
		c = &slots[i];
		switch (c->state) {
		case S_FREE:
			if (!stopping && now >= c->due)
				client_arrive(c, now);
			break;
		case S_AWAY:
			if (stopping)
				c->state = S_FREE;
			else if (now >= c->due)
				client_connect(c, now);
			break;
		case S_CONNECT:
			break;
		case S_HELLO:
			if (!stopping && now >= c->end_at) {
				n_hello_hung++;
				fprintf(stderr, "soak-driver: %s (%s): no "
				    "welcome and not dropped in 30 s\n",
				    c->nick, role_names[c->role]);
				client_close(c, NULL);
			}
			break;
		case S_CLOSING:
			if (now - c->closing_at > 10000000000ULL) {
				n_quit_hung++;
				fprintf(stderr, "soak-driver: %s (%s): no close "
				    "10 s after quit\n", c->nick,
				    role_names[c->role]);
				client_close(c, NULL);
			}
			break;
		default:
			if (!stopping && now >= c->end_at)
				client_leave(c, now);
			else if (!stopping && now >= c->next_act)
				client_act(c, now);
			break;
		}
	}
}

/* A fresh user at the end: hello, join, a message that comes back. */
static int
run_probe(uint64_t *ms)
{
	uint64_t	start = now_ns(), dl = start + 15000000000ULL;

	memset(&probe, 0, sizeof probe);
	probe.fd = -1;
	probe.role = R_PROBE;
	snprintf(probe.nick, sizeof probe.nick, "probe%u", ++serial);
	client_connect(&probe, start);
	while (now_ns() < dl && probe.fd != -1 && probe.step == 0)
		loop_once(20);
	*ms = (now_ns() - start) / 1000000;
	return (probe.step == 1 ? 0 : -1);
}

static double
lat_pct(int half, double p)
{
	unsigned long long	want, sum = 0;
	int			i;

	if (lat_n[half] == 0)
		return (-1);
	want = (unsigned long long)(p * lat_n[half]);
	for (i = 0; i <= SD_LAT_MS; i++) {
		sum += lat[half][i];
		if (sum > want)
			return (i);
	}
	return (SD_LAT_MS);
}

static void
usage(void)
{
	fprintf(stderr, "usage: soak-driver -P PORT [-n CLIENTS] [-t SECONDS] "
	    "[-w HUB-PID] [-s SEED]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct rlimit	 rl;
	struct client	*c;
	uint64_t	 now, next_report, probe_ms, total;
	unsigned long long seed = 0;
	int		 ch, i, live, probe_ok;
	size_t		 k;

	while ((ch = getopt(argc, argv, "P:n:t:w:s:")) != -1) {
		switch (ch) {
		case 'P': port = atoi(optarg); break;
		case 'n': nslots = atoi(optarg); break;
		case 't': seconds = atof(optarg); break;
		case 'w': hub_pid = atoi(optarg); break;
		case 's': seed = strtoull(optarg, NULL, 10); break;
		default: usage();
		}
	}
	if (port <= 0 || nslots <= SD_FIREHOSE || seconds <= 0)
		usage();
	if (seed == 0)
		seed = (unsigned long long)time(NULL) ^ getpid();
	rng_state = seed;
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1)
		die("epoll_create1: %s", strerror(errno));

	room_names[0] = "lobby";
	room_names[1] = "firehose";
	for (i = 2; i < SD_ROOMS; i++) {
		snprintf(room_buf[i], sizeof room_buf[i], "r%02d", i - 2);
		room_names[i] = room_buf[i];
	}
	if ((slots = calloc(nslots, sizeof *slots)) == NULL)
		die("out of memory");
	t0 = now_ns();
	t_end = t0 + (uint64_t)(seconds * 1e9);
	/* Arrivals spread over the first ten seconds. */
	for (i = 0; i < nslots; i++) {
		slots[i].slot = i;
		slots[i].fd = -1;
		slots[i].state = S_FREE;
		slots[i].due = t0 + (uint64_t)i * 10000000000ULL / nslots;
	}
	printf("soak: %d clients for %.0f s, seed %llu\n", nslots, seconds,
	    seed);

	next_report = t0 + 10000000000ULL;
	while ((now = now_ns()) < t_end) {
		loop_once(20);
		if (now >= next_report) {
			check_hub();
			for (live = 0, i = 0; i < nslots; i++)
				live += slots[i].state >= S_HELLO;
			for (total = 0, i = 0; i < R_NROLES; i++)
				total += n_started[i];
			printf("soak: t=%3.0f s connected=%d users=%llu "
			    "sent=%llu delivered=%llu unexpected=%llu\n",
			    (now - t0) / 1e9, live, (unsigned long long)total,
			    n_sent, n_deliveries, n_unexpected);
			next_report += 10000000000ULL;
		}
	}

	/* Everyone leaves: ready users quit, the rest just go. */
	stopping = 1;
	for (i = 0; i < nslots; i++) {
		c = &slots[i];
		if (c->state == S_READY && c->role != R_STALLER)
			client_leave(c, now_ns());
		else if (c->state == S_STALLED)
			client_leave(c, now_ns());
		else if (c->fd != -1 && c->state != S_CLOSING)
			client_close(c, NULL);
	}
	for (now = now_ns(); now_ns() - now < 12000000000ULL;) {
		for (live = 0, i = 0; i < nslots; i++)
			live += slots[i].fd != -1;
		if (live == 0)
			break;
		loop_once(20);
	}
	check_hub();
	probe_ok = run_probe(&probe_ms) == 0;

	for (total = 0, i = 0; i < R_NROLES; i++)
		total += n_started[i];
	printf("soak: users served %llu:", (unsigned long long)total);
	for (i = 0; i < R_NROLES - 1; i++)
		printf(" %s %llu", role_names[i], n_started[i]);
	printf("\nsoak: welcomed %llu, hello refused %llu, resumed %llu of "
	    "%llu (failed %llu), connect failures %llu\n", n_welcomed,
	    n_hello_refused, n_resumed, n_vanish_resume, n_resume_failed,
	    n_connect_failed);
	printf("soak: messages sent %llu, acks %llu, deliveries %llu, dms "
	    "received %llu, pings answered %llu\n", n_sent, n_acks,
	    n_deliveries, n_dm_in, n_pings);
	printf("soak: ends: quit %llu, vanished %llu, vanished to resume %llu, "
	    "quit without close %llu, hello without answer %llu\n", n_quit,
	    n_vanish, n_vanish_resume, n_quit_hung, n_hello_hung);
	printf("soak: drops seen by clients: excess flood %llu, stalled %llu "
	    "(%llu not dropped in 30 s), handshake timeout %llu, hostile "
	    "closed %llu, UNEXPECTED %llu\n", n_excess_flood, n_stall_dropped,
	    n_stall_kept, n_handshake_dropped, n_hostile_closed, n_unexpected);
	printf("soak: error frames:");
	for (k = 0; k < sizeof errs / sizeof errs[0] && errs[k].n; k++)
		printf(" %s=%llu", errs[k].code, errs[k].n);
	printf("\n");
	for (i = 0; i < 2; i++)
		printf("soak: latency send to receipt, %s half: %llu "
		    "deliveries, p50 %.0f ms, p99 %.0f ms, max %.1f ms\n",
		    i ? "second" : "first", lat_n[i], lat_pct(i, 0.5),
		    lat_pct(i, 0.99), lat_max[i] / 1e6);
	printf("soak: fresh client after the run: %s (%llu ms)\n",
	    probe_ok ? "answered" : "NO ANSWER", (unsigned long long)probe_ms);
	printf("RESULT users=%llu sent=%llu deliveries=%llu excess_flood=%llu "
	    "stall_dropped=%llu stall_kept=%llu unexpected=%llu quit_hung=%llu "
	    "hello_hung=%llu resume_failed=%llu probe=%s\n",
	    (unsigned long long)total, n_sent, n_deliveries, n_excess_flood,
	    n_stall_dropped, n_stall_kept, n_unexpected, n_quit_hung,
	    n_hello_hung, n_resume_failed, probe_ok ? "ok" : "fail");
	return (probe_ok && n_unexpected == 0 && n_quit_hung == 0 &&
	    n_hello_hung == 0 && n_stall_kept == 0 && n_resume_failed == 0 ?
	    0 : 1);
}
