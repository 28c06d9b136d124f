/* SPDX-License-Identifier: ISC */
/* fuzz-frame.c: fuzz target for the hub's frame decoder and dispatch. */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "irc.h"
#include "server-irc.h"

/*
 * The real hub (its state in server-fn.c, peer.c, server-client.c,
 * session.c, room.c, claim.c, ban.c, the backends) runs over socketpairs
 * in one event loop; only server.c, the lifecycle that listens and loops
 * forever, is left out: each run sets the state up as server_main() does.
 *
 * Two connections, "a" (alice) and "b" (bob), are opened and both say
 * hello, so dispatch is reached at once.  Then the input is split into
 * lines, each written with its '\n' to one connection and the loop run
 * until the hub has read it.  The first input byte holds flags; a line
 * may start with a control byte:
 *
 *	flags & 0x1	a does not say hello (the fuzzer's lines are the
 *			handshake: resume, bad versions, ...)
 *	flags & 0x2	b does not connect
 *	flags & 0x4	no flood control (else the defaults: requests past
 *			the burst are held, then refused, and released as
 *			\x05 moves the clock on)
 *	flags & 0x8	the hub needs the password "fuzz-hub" (the automatic
 *			hellos give it)
 *	flags & 0x10	run twice, the second time writing each line in
 *			pieces; each connection must get the same bytes
 *	flags & 0x20	b is an IRC client (server-irc*.c): it registers
 *			with NICK and USER, its lines are IRC commands
 *	flags & 0x40	and it negotiates message-tags, server-time,
 *			batch, echo-message, away-notify and
 *			userhost-in-names first
 *	flags & 0x80	and draft/chathistory
 *	\x02 line	goes to b instead of a
 *	\x03		a hangs up (its session waits for a resume) and a
 *			new connection takes its place
 *	\x04		a half-closes (EOF after what it sent)
 *	\x06 line	the rest of the line (\x07 standing for a line feed)
 *			comes from the cluster's bus; from then on the hub
 *			is hub "fuzz" of a cluster whose Redis takes no
 *			commands (see cluster_fuzz_bus)
 *	\x05		31 seconds pass: the hub's clock moves on and every
 *			timer due by then fires (pings, ping and handshake
 *			timeouts, held requests, resume windows)
 *
 * Session tokens are predictable (0101... for the first session, 0202...
 * for the second), so a resume can be fuzzed; every challenge is 0xee
 * bytes and the hub has no certificate, so a signed hello in the corpus
 * stays valid.  The operator password is
 * "fuzz-oper"; a is at 192.0.2.1 and b at 192.0.2.2.  Everything the hub
 * writes must be valid UTF-8 and one JSON object with a "type" per line
 * (an IRC line that parses, with a command, for an IRC client); a
 * violation aborts.  After each input every connection, session, room,
 * claim and ban is freed, so the leak checker sees what the hub leaks.
 * FUZZ_FRAME_DEBUG=1 in the environment prints what the hub sends.
 */

#define FUZZ_CONNS	2
#define FUZZ_OUT_MAX	(4 * 1024 * 1024)
#define FUZZ_IP_A	"192.0.2.1"	/* alice's address, for IP bans */
#define FUZZ_IP_B	"192.0.2.2"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fuzz_conn {
	int	 fd;		/* our end; -1 once closed */
	int	 irc;		/* an IRC client */
	int	 eof;		/* the hub closed its end */
	char	*out;		/* what the hub sent, not yet a whole line */
	size_t	 outlen;
};

static struct event_base	*fuzz_base;
static struct server_opts	 fuzz_opts;
static struct fuzz_conn		 fuzz_conns[FUZZ_CONNS];
static u_int			 fuzz_tokens;
static int			 fuzz_debug;
/* The hub's clock is frozen at FUZZ_EPOCH + fuzz_clock ms. */
#define FUZZ_EPOCH	1700000000000LL
static int64_t			 fuzz_clock;	/* ms the hub's clock is ahead */
static int			 fuzz_hub_password;
static int			 fuzz_record;	/* keep what the hub sends */
static char			*fuzz_log[FUZZ_CONNS];
static size_t			 fuzz_loglen[FUZZ_CONNS];

static void	fuzz_init(void);
static void	fuzz_fail(const char *, const char *, size_t);
static void	fuzz_connect(struct fuzz_conn *, const char *, const char *,
		    u_int);
static void	fuzz_hangup(struct fuzz_conn *, int);
static void	fuzz_drain(struct fuzz_conn *);
static void	fuzz_check_line(struct fuzz_conn *, const char *, size_t);
static void	fuzz_check_irc(const char *, size_t);
static void	fuzz_pump(void);
static void	fuzz_write(struct fuzz_conn *, const char *, size_t);
static int	fuzz_find_timer(const struct event_base *, const struct event *,
		    void *);
static void	fuzz_advance(int64_t);
static void	fuzz_bus(const char *, size_t);
static void	fuzz_sort_lines(u_int, size_t);
static int	fuzz_line_cmp(const void *, const void *);
static void	fuzz_write_line(struct fuzz_conn *, const char *, size_t,
		    int);
static void	fuzz_run(u_int, const char *, const char *, int);

/* Timers found due while the clock is moved on. */
struct fuzz_due {
	struct timeval	  limit;
	struct event	**evs;
	size_t		  n;
};

/*
 * Predictable resume tokens: every byte of the n-th token is n.  Every
 * hello challenge is 0xee bytes, so a corpus can hold valid signatures.
 */
void
arc4random_buf(void *buf, size_t n)
{
	if (n == CR_NONCE_BYTES) {
		memset(buf, 0xee, n);
		return;
	}
	memset(buf, (int)++fuzz_tokens, n);
}

/* Report a broken property and abort, so the fuzzer keeps the input. */
static void
fuzz_fail(const char *what, const char *line, size_t len)
{
	fprintf(stderr, "fuzz-frame: %s: %.*s\n", what, (int)len, line);
	abort();
}

/* Set up what lives across inputs: the event loop and the options. */
static void
fuzz_init(void)
{
	signal(SIGPIPE, SIG_IGN);
	log_open(LOG_QUIET, "/dev/null");
	fuzz_debug = getenv("FUZZ_FRAME_DEBUG") != NULL;
	if ((fuzz_base = event_base_new()) == NULL)
		abort();
	fuzz_opts.listen = (char *)"fuzz";
	fuzz_opts.history = (char *)"/nonexistent/fuzz-history.json";
	fuzz_opts.flush_interval = CR_DEFAULT_FLUSH;
	fuzz_opts.history_size = 20;
	fuzz_opts.replay = 10;
	fuzz_opts.resume_seconds = CR_DEFAULT_RESUME;
	fuzz_opts.verbosity = LOG_QUIET;
	fuzz_opts.sendq_max = CR_SENDQ_MAX;
	fuzz_opts.flood_burst = CR_FLOOD_BURST;
	fuzz_opts.max_per_ip = CR_MAX_PER_IP;
	fuzz_opts.max_clients = CR_MAX_CLIENTS;
	fuzz_opts.handshake_timeout = CR_HANDSHAKE_TIMEOUT;
	fuzz_opts.ping_timeout = CR_PING_TIMEOUT;
	fuzz_opts.login_burst = CR_LOGIN_BURST;
	fuzz_opts.login_rate = CR_LOGIN_RATE;
	fuzz_opts.churn_seconds = CR_CHURN_SECONDS;
	fuzz_opts.max_ghosts_per_ip = CR_GHOSTS_PER_IP;
	fuzz_opts.max_ghosts = CR_GHOSTS;
	fuzz_opts.room_burst = CR_ROOM_BURST;
	fuzz_opts.room_rate = CR_ROOM_RATE;
	fuzz_opts.room_expire = CR_ROOM_EXPIRE;
	fuzz_opts.claims_per_key = CR_CLAIMS_PER_KEY;
	fuzz_opts.claims_per_ip = CR_CLAIMS_PER_IP;
	fuzz_opts.max_claims = CR_CLAIMS;
	metrics_listener_add("fuzz", 0, 0);
}

/* Open a connection to the hub, and say hello if a nick is given. */
static void
fuzz_connect(struct fuzz_conn *fc, const char *ip, const char *nick,
    u_int irc)
{
	char	hello[512];
	int	sv[2];

	memset(fc, 0, sizeof *fc);
	fc->fd = -1;
	if (server_stopping())
		return;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		abort();
	fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK);
	fc->fd = sv[1];
	fc->irc = irc != 0;
	server_client_accept(fuzz_base, sv[0], ip, ip, 0, fc->irc);
	if (nick != NULL && fc->irc) {
		snprintf(hello, sizeof hello, "CAP LS 302\r\n%s%s"
		    "CAP END\r\n%sNICK %s\r\nUSER %s 0 * :%s\r\n",
		    (irc & 0x40) ? "CAP REQ :message-tags server-time batch "
		    "echo-message away-notify userhost-in-names\r\n" : "",
		    (irc & 0x80) ? "CAP REQ draft/chathistory\r\n" : "",
		    fuzz_hub_password ? "PASS fuzz-hub\r\n" : "", nick, nick,
		    nick);
		fuzz_write(fc, hello, strlen(hello));
	} else if (nick != NULL) {
		snprintf(hello, sizeof hello, "{\"type\":\"hello\","
		    "\"version\":1,\"nick\":\"%s\"%s}\n", nick,
		    fuzz_hub_password ? ",\"password\":\"fuzz-hub\"" : "");
		fuzz_write(fc, hello, strlen(hello));
	}
}

/* Close our end (how 1) or only stop writing (how 0). */
static void
fuzz_hangup(struct fuzz_conn *fc, int how)
{
	if (fc->fd == -1)
		return;
	if (how == 0) {
		shutdown(fc->fd, SHUT_WR);
		fuzz_pump();
		return;
	}
	fuzz_drain(fc);
	close(fc->fd);
	fc->fd = -1;
	free(fc->out);
	fc->out = NULL;
	fc->outlen = 0;
	fuzz_pump();
}

/*
 * One line an IRC client got must end in CR LF, be UTF-8, and parse with
 * a command, within the limits of a line.
 */
static void
fuzz_check_irc(const char *line, size_t len)
{
	struct irc_msg	 msg;
	enum irc_perr	 perr;
	char		*cause;

	if (len == 0 || line[len - 1] != '\r')
		fuzz_fail("IRC line without CR LF", line, len);
	if (irc_parse(line, len, &msg, &perr, &cause) != 0)
		fuzz_fail(cause, line, len);
	irc_msg_free(&msg);
}

/*
 * One line the hub sent must be a JSON object with a type (or an IRC
 * line, to an IRC client).
 */
static void
fuzz_check_line(struct fuzz_conn *fc, const char *line, size_t len)
{
	cJSON	*obj, *t;

	if (fuzz_debug)
		fprintf(stderr, "< %.*s\n", (int)len, line);
	if (!utf8_valid(line, len))
		fuzz_fail("hub sent invalid UTF-8", line, len);
	if (fc->irc) {
		fuzz_check_irc(line, len);
		return;
	}
	obj = cJSON_ParseWithLength(line, len);
	if (obj == NULL || !cJSON_IsObject(obj))
		fuzz_fail("hub sent a line that is not a JSON object", line,
		    len);
	t = cJSON_GetObjectItemCaseSensitive(obj, "type");
	if (!cJSON_IsString(t) || proto_type_lookup(t->valuestring) ==
	    PROTO_UNKNOWN)
		fuzz_fail("hub sent a frame without a known type", line, len);
	cJSON_Delete(obj);
}

/* Read what the hub wrote to one connection and check each line. */
static void
fuzz_drain(struct fuzz_conn *fc)
{
	char	 buf[65536], *nl;
	ssize_t	 n;
	size_t	 off, len;
	u_int	 i;

	if (fc->fd == -1 || fc->eof)
		return;
	for (;;) {
		n = read(fc->fd, buf, sizeof buf);
		if (n == 0)
			fc->eof = 1;
		if (n <= 0)
			break;
		if (fc->outlen + n > FUZZ_OUT_MAX)
			fuzz_fail("hub output without a newline", fc->out,
			    64);
		fc->out = xrealloc(fc->out, fc->outlen + n);
		memcpy(fc->out + fc->outlen, buf, n);
		fc->outlen += n;
	}
	if (fc->outlen == 0)
		return;
	off = 0;
	while (off < fc->outlen && (nl = memchr(fc->out + off, '\n',
	    fc->outlen - off)) != NULL) {
		len = nl - (fc->out + off);
		fuzz_check_line(fc, fc->out + off, len);
		if (fuzz_record) {
			i = fc - fuzz_conns;
			fuzz_log[i] = xrealloc(fuzz_log[i],
			    fuzz_loglen[i] + len + 1);
			memcpy(fuzz_log[i] + fuzz_loglen[i], fc->out + off,
			    len + 1);
			fuzz_loglen[i] += len + 1;
		}
		off += len + 1;
	}
	memmove(fc->out, fc->out + off, fc->outlen - off);
	fc->outlen -= off;
	if (fc->eof && fc->outlen != 0)
		fuzz_fail("hub closed after a partial line", fc->out,
		    fc->outlen);
}

/* Run the hub until it has nothing to do, reading what it sends. */
static void
fuzz_pump(void)
{
	u_int	i, j;

	for (i = 0; i < 4; i++) {
		event_base_loop(fuzz_base, EVLOOP_NONBLOCK);
		for (j = 0; j < FUZZ_CONNS; j++)
			fuzz_drain(&fuzz_conns[j]);
	}
}

/* Write bytes to the hub, running it while the socket is full. */
static void
fuzz_write(struct fuzz_conn *fc, const char *data, size_t len)
{
	ssize_t	n;
	u_int	stuck = 0;

	while (fc->fd != -1 && len > 0 && stuck < 64) {
		n = write(fc->fd, data, len);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				break;	/* the hub has closed it */
			stuck++;
			fuzz_pump();
			continue;
		}
		data += n;
		len -= n;
	}
	fuzz_pump();
}

/* Collect the pending timers that are due by the limit. */
static int
fuzz_find_timer(const struct event_base *base, const struct event *ev,
    void *arg)
{
	struct fuzz_due	*due = arg;
	struct timeval	 tv;

	if (event_get_fd(ev) != -1 ||
	    !event_pending(ev, EV_TIMEOUT, &tv) ||
	    timercmp(&tv, &due->limit, >))
		return (0);
	due->evs = xreallocarray(due->evs, due->n + 1, sizeof *due->evs);
	due->evs[due->n++] = (struct event *)ev;
	return (0);
}

/*
 * Move the hub's clock on and fire the timers that would have fired.
 * They are made active together and run by the loop; a timer freed by
 * another's callback leaves the active queue with it.
 */
static void
fuzz_advance(int64_t ms)
{
	struct fuzz_due	due;
	struct timeval	ahead;
	size_t		i, before[FUZZ_CONNS];
	u_int		c;

	fuzz_clock += ms;
	util_fix_clock(FUZZ_EPOCH + fuzz_clock);
	memset(&due, 0, sizeof due);
	gettimeofday(&due.limit, NULL);
	ahead.tv_sec = fuzz_clock / 1000;
	ahead.tv_usec = (fuzz_clock % 1000) * 1000;
	timeradd(&due.limit, &ahead, &due.limit);
	event_base_foreach_event(fuzz_base, fuzz_find_timer, &due);
	for (c = 0; c < FUZZ_CONNS; c++)
		before[c] = fuzz_loglen[c];
	for (i = 0; i < due.n; i++) {
		event_del(due.evs[i]);
		event_active(due.evs[i], EV_TIMEOUT, 0);
	}
	free(due.evs);
	fuzz_pump();
	/*
	 * Timers due at the same moment fire in an order libevent does not
	 * promise (it depends on the heap's history), so what they send is
	 * compared as a set: sort it.
	 */
	for (c = 0; c < FUZZ_CONNS; c++)
		fuzz_sort_lines(c, before[c]);
}

/* Compare two lines for qsort. */
static int
fuzz_line_cmp(const void *a, const void *b)
{
	return (strcmp(*(char * const *)a, *(char * const *)b));
}

/* Sort the lines a connection's log gained since offset from. */
static void
fuzz_sort_lines(u_int c, size_t from)
{
	char	*copy, **lines = NULL, *p, *nl;
	size_t	 n = 0, i, len = fuzz_loglen[c] - from, off = 0;

	if (fuzz_log[c] == NULL || len == 0)
		return;
	copy = xmalloc(len + 1);
	memcpy(copy, fuzz_log[c] + from, len);
	copy[len] = '\0';
	for (p = copy; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		lines = xreallocarray(lines, n + 1, sizeof *lines);
		lines[n++] = p;
	}
	qsort(lines, n, sizeof *lines, fuzz_line_cmp);
	for (i = 0; i < n; i++) {
		memcpy(fuzz_log[c] + from + off, lines[i], strlen(lines[i]));
		off += strlen(lines[i]);
		fuzz_log[c][from + off++] = '\n';
	}
	free(lines);
	free(copy);
}

/* Write one line, in pieces when splitting, running the hub between. */
static void
fuzz_write_line(struct fuzz_conn *fc, const char *p, size_t len, int split)
{
	size_t	cut;

	if (split && len > 1) {
		cut = 1 + ((u_char)p[len / 2] + len) % (len - 1);
		fuzz_write(fc, p, 1);
		if (cut > 1)
			fuzz_write(fc, p + 1, cut - 1);
		p += cut;
		len -= cut;
	}
	fuzz_write(fc, p, len);
}

/* Run one session of the hub over the input, then free everything. */
static void
fuzz_run(u_int flags, const char *p, const char *end, int split)
{
	const char	*nl;
	struct fuzz_conn *fc;
	u_int		 i, loops;

	fuzz_tokens = 0;
	fuzz_clock = 0;
	util_fix_clock(FUZZ_EPOCH);
	fuzz_opts.flood_rate = (flags & 0x4) ? 0 : CR_FLOOD_RATE;
	fuzz_hub_password = (flags & 0x8) != 0;
	server_init(fuzz_base, &fuzz_opts);
	server_set_secrets(xstrdup("fuzz-oper"), fuzz_hub_password ?
	    xstrdup("fuzz-hub") : NULL, xstrdup("welcome to the fuzz hub"));
	room_create(CR_LOBBY, "", now_ms());
	fuzz_connect(&fuzz_conns[0], FUZZ_IP_A, (flags & 0x1) ? NULL :
	    "alice", 0);
	if (flags & 0x2)
		fuzz_conns[1].fd = -1;
	else
		fuzz_connect(&fuzz_conns[1], FUZZ_IP_B, "bob", (flags & 0x20) ?
		    flags : 0);

	while (p < end) {
		nl = memchr(p, '\n', end - p);
		nl = (nl != NULL) ? nl + 1 : end;
		fc = &fuzz_conns[0];
		if (*p == '\x02') {
			fc = &fuzz_conns[1];
			p++;
		} else if (*p == '\x03') {
			fuzz_hangup(fc, 1);
			fuzz_connect(fc, FUZZ_IP_A, NULL, 0);
			p++;
		} else if (*p == '\x04') {
			fuzz_hangup(fc, 0);
			p++;
		} else if (*p == '\x05') {
			fuzz_advance(31 * 1000);
			p++;
		} else if (*p == '\x06') {
			fuzz_bus(p + 1, nl - p - 1);
			p = nl;
			continue;
		}
		fuzz_write_line(fc, p, nl - p, split);
		p = nl;
	}

	/* Hang up everywhere and let the hub free every connection. */
	for (i = 0; i < FUZZ_CONNS; i++)
		fuzz_hangup(&fuzz_conns[i], 1);
	for (loops = 0; server_client_count() != 0; loops++) {
		if (loops > 1000) {
			fprintf(stderr, "fuzz-frame: %u connections never "
			    "freed\n", server_client_count());
			abort();
		}
		event_base_loop(fuzz_base, EVLOOP_NONBLOCK);
	}
	session_free_all();
	server_irc_seen_free();		/* no replay skipped as "seen" */
	server_irc_lusers_forget();
	auth_free_all();		/* no wrong passwords remembered */
	server_addr_free_all();		/* each input starts afresh */
	cluster_free();
	room_free_all();
	claim_free_all();
	ban_free_all();
	if (session_count() != 0 || room_count() != 0)
		fuzz_fail("sessions or rooms left after freeing", "", 0);
	server_free_state();
}

/* A payload from the cluster's bus, then let the hub send what it must. */
static void
fuzz_bus(const char *p, size_t len)
{
	char	*payload;
	size_t	 i;

	if (len > 0 && p[len - 1] == '\n')
		len--;
	payload = xmalloc(len + 1);
	for (i = 0; i < len; i++)
		payload[i] = p[i] == '\x07' ? '\n' : p[i];
	payload[len] = '\0';
	cluster_fuzz_bus(payload, len);
	server_set_backend(&cluster_backend);
	free(payload);
	fuzz_pump();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*p, *end;
	char		*first[FUZZ_CONNS];
	size_t		 firstlen[FUZZ_CONNS];
	u_int		 flags, i;

	if (fuzz_base == NULL)
		fuzz_init();
	if (size < 1)
		return (0);
	flags = data[0];
	p = (const char *)data + 1;
	end = (const char *)data + size;

	if (!(flags & 0x10)) {
		fuzz_run(flags, p, end, 0);
		return (0);
	}

	/* Whole lines and lines in pieces must get the same answers. */
	fuzz_record = 1;
	fuzz_run(flags, p, end, 0);
	for (i = 0; i < FUZZ_CONNS; i++) {
		first[i] = fuzz_log[i];
		firstlen[i] = fuzz_loglen[i];
		fuzz_log[i] = NULL;
		fuzz_loglen[i] = 0;
	}
	fuzz_run(flags, p, end, 1);
	fuzz_record = 0;
	for (i = 0; i < FUZZ_CONNS; i++) {
		if (firstlen[i] != fuzz_loglen[i] || (firstlen[i] != 0 &&
		    memcmp(first[i], fuzz_log[i], firstlen[i]) != 0)) {
			fprintf(stderr, "fuzz-frame: connection %u answered "
			    "differently when lines came in pieces:\n"
			    "--- whole\n%.*s--- in pieces\n%.*s", i,
			    (int)firstlen[i], first[i] != NULL ? first[i] : "",
			    (int)fuzz_loglen[i],
			    fuzz_log[i] != NULL ? fuzz_log[i] : "");
			abort();
		}
		free(first[i]);
		free(fuzz_log[i]);
		fuzz_log[i] = NULL;
		fuzz_loglen[i] = 0;
	}
	return (0);
}
