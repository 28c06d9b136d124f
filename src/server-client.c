/* server-client.c: one hub connection: handshake, table-driven dispatch. */

#include <sys/types.h>

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cjson/cJSON.h>
#include <event2/event.h>
#include <openssl/ssl.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "image.h"

/*
 * The life of a connection: accepted, waits for "hello" (with a deadline),
 * registered (a session attached), then each line is parsed once and handed
 * to the handler its type names in the table below.  When the peer is lost
 * the session waits for a resume unless the user quit or was kicked.
 */
struct server_client_held {
	char		*line;
	size_t		 len;
	TAILQ_ENTRY(server_client_held) entry;
};

struct server_client {
	struct peer	*peer;
	char		*addr;
	struct ipcount	*ip;
	u_int		 listener;	/* its number in the metrics */
	struct session	*session;
	struct event	*timer;
	int64_t		 last_input;
	int		 flags;
#define SC_PINGED	0x1
#define SC_NORESUME	0x2	/* quit or kicked: no resume window */
#define SC_WAITING	0x4	/* hello sent on to the backend */

	/* Flood control: a token bucket and the requests held back. */
	double		 tokens;
	int64_t		 refilled;
	struct event	*flood;
	TAILQ_HEAD(, server_client_held) held;
	u_int		 nheld;
	size_t		 heldbytes;
	u_int		 strikes;

	TAILQ_ENTRY(server_client) entry;
};

/* Connections per address, for the per-address limit. */
struct ipcount {
	char		*ip;
	u_int		 n;
};

static TAILQ_HEAD(, server_client) server_client_list =
    TAILQ_HEAD_INITIALIZER(server_client_list);
static u_int	server_client_n;
static void	*server_client_ips;

/*
 * One scratch buffer for every reply: each frame is built and queued
 * before the next is started, and an idle connection should cost little.
 */
static struct jbuf	server_client_jb;

#define SCMD_REGISTERED	0x1	/* needs a completed hello */
#define SCMD_OPER	0x2	/* needs operator rights */
#define SCMD_IMAGE	0x4	/* may carry an image: CR_IMAGE_LINE_MAX */
struct server_client_cmd {
	enum proto_type	  type;
	int		  flags;
	void		(*exec)(struct server_client *, cJSON *, long long);
};

static void	server_client_log_delivery(struct server_client *, size_t);
static void	server_client_peer_cb(struct peer *, const char *, size_t,
    void *);
static void	server_client_write(struct server_client *, const char *,
		    size_t);
static void	server_client_send_jbuf(struct server_client *, struct jbuf *);
static void	server_client_input(struct server_client *, const char *,
    size_t, int);
static int	server_client_take_token(struct server_client *);
static void	server_client_hold(struct server_client *, const char *, size_t,
    long long);
static void	server_client_flood_cb(evutil_socket_t, short, void *);
static void	server_client_flood_arm(struct server_client *);
static void	server_client_flood_refuse(struct server_client *, long long);
static int	server_client_charge_invalid(struct server_client *, long long);
static void	server_client_log_error(struct server_client *, enum proto_err,
		    const char *);
static void	server_client_timer_cb(evutil_socket_t, short, void *);
static int	server_client_ip_cmp(const void *, const void *);
static void	server_client_free(struct server_client *);
static void	server_client_errorf(struct server_client *, enum proto_err,
    long long,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
static void	server_client_welcome(struct server_client *, int);
static void	server_client_join_room(struct server_client *, struct room *,
    long long);
static struct room *server_client_member_room(struct server_client *, cJSON *,
		    long long);

static void	server_client_hello(struct server_client *, cJSON *, long long);
static void	server_client_msg(struct server_client *, cJSON *, long long);
static void	server_client_dm(struct server_client *, cJSON *, long long);
static void	server_client_join(struct server_client *, cJSON *, long long);
static void	server_client_create(struct server_client *, cJSON *,
    long long);
static void	server_client_leave(struct server_client *, cJSON *, long long);
static void	server_client_rooms(struct server_client *, cJSON *, long long);
static void	server_client_names(struct server_client *, cJSON *, long long);
static void	server_client_topic(struct server_client *, cJSON *, long long);
static void	server_client_nick(struct server_client *, cJSON *, long long);
static void	server_client_oper(struct server_client *, cJSON *, long long);
static void	server_client_kick(struct server_client *, cJSON *, long long);
static void	server_client_shutdown(struct server_client *, cJSON *,
    long long);
static void	server_client_ping(struct server_client *, cJSON *, long long);
static void	server_client_pong(struct server_client *, cJSON *, long long);
static void	server_client_quit(struct server_client *, cJSON *, long long);
static void	server_client_release(struct server_client *, cJSON *,
    long long);
static void	server_client_ban(struct server_client *, cJSON *, long long);
static void	server_client_unban(struct server_client *, cJSON *, long long);
static void	server_client_bans(struct server_client *, cJSON *, long long);
static void	server_client_mute(struct server_client *, cJSON *, long long);
static void	server_client_unmute(struct server_client *, cJSON *,
    long long);
static struct room *server_client_new_room(struct server_client *, const char *,
		    const char *, long long);
static void	server_client_takeover(struct server_client *, struct session *,
		    long long, int);
static void	server_client_refuse(struct server_client *, enum proto_err,
		    const char *, long long);
static void	server_client_refusef(struct server_client *, enum proto_err,
		    long long, const char *, ...)
		    __attribute__((format(printf, 4, 5)));
static int	server_client_muted(struct server_client *, long long);
static void	server_client_register(struct server_client *, const char *,
    const char *,
		    const char *);
static void	server_client_rename(struct server_client *, const char *,
    long long);
static void	server_client_rejoined(struct session *);
static void	server_client_joined_frame(struct jbuf *, struct room *,
		    const char *);
static void	server_client_remove_session(struct session *, const char *,
		    const char *);

static const struct server_client_cmd server_client_cmds[] = {
	{ PROTO_HELLO, 0, server_client_hello },
	{ PROTO_MSG, SCMD_REGISTERED|SCMD_IMAGE, server_client_msg },
	{ PROTO_DM, SCMD_REGISTERED|SCMD_IMAGE, server_client_dm },
	{ PROTO_JOIN, SCMD_REGISTERED, server_client_join },
	{ PROTO_CREATE, SCMD_REGISTERED, server_client_create },
	{ PROTO_LEAVE, SCMD_REGISTERED, server_client_leave },
	{ PROTO_ROOMS, SCMD_REGISTERED, server_client_rooms },
	{ PROTO_NAMES, SCMD_REGISTERED, server_client_names },
	{ PROTO_TOPIC, SCMD_REGISTERED, server_client_topic },
	{ PROTO_NICK, SCMD_REGISTERED, server_client_nick },
	{ PROTO_OPER, SCMD_REGISTERED, server_client_oper },
	{ PROTO_KICK, SCMD_REGISTERED|SCMD_OPER, server_client_kick },
	{ PROTO_SHUTDOWN, SCMD_REGISTERED|SCMD_OPER, server_client_shutdown },
	{ PROTO_PING, 0, server_client_ping },
	{ PROTO_PONG, 0, server_client_pong },
	{ PROTO_QUIT, 0, server_client_quit },
	{ PROTO_RELEASE, SCMD_REGISTERED, server_client_release },
	{ PROTO_BAN, SCMD_REGISTERED|SCMD_OPER, server_client_ban },
	{ PROTO_UNBAN, SCMD_REGISTERED|SCMD_OPER, server_client_unban },
	{ PROTO_BANS, SCMD_REGISTERED|SCMD_OPER, server_client_bans },
	{ PROTO_MUTE, SCMD_REGISTERED|SCMD_OPER, server_client_mute },
	{ PROTO_UNMUTE, SCMD_REGISTERED|SCMD_OPER, server_client_unmute },
};

/* Order address counts by address. */
static int
server_client_ip_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct ipcount *)a)->ip,
	    ((const struct ipcount *)b)->ip));
}

/*
 * Take a new connection.  Over the global or the per-address limit it is
 * told why and closed.
 */
void
server_client_accept(struct event_base *base, int fd, const char *addr,
    const char *ip, u_int listener)
{
	struct server_opts	*o = server_options();
	struct server_client	*c;
	struct ipcount		 find, *ipc, **found;
	struct timeval		 tv = { o->handshake_timeout, 0 };
	SSL			*ssl;

	c = xcalloc(1, sizeof *c);
	c->addr = xstrdup(addr);
	c->last_input = now_ms();
	c->tokens = o->flood_burst;
	c->refilled = c->last_input;
	TAILQ_INIT(&c->held);
	if (server_client_jb.buf == NULL)
		jbuf_init(&server_client_jb);
	ssl = server_tls() != NULL ? SSL_new(server_tls()) : NULL;
	c->peer = peer_new_tls(base, fd, ssl, 1, CR_IMAGE_LINE_MAX,
	    o->sendq_max, server_client_peer_cb, c);
	c->timer = evtimer_new(base, server_client_timer_cb, c);
	evtimer_add(c->timer, &tv);
	TAILQ_INSERT_TAIL(&server_client_list, c, entry);
	server_client_n++;
	c->listener = listener;
	metrics.listeners[listener].accepted++;
	metrics.listeners[listener].open++;

	find.ip = (char *)ip;
	if ((found = tfind(&find, &server_client_ips,
	    server_client_ip_cmp)) != NULL)
		ipc = *found;
	else {
		ipc = xcalloc(1, sizeof *ipc);
		ipc->ip = xstrdup(ip);
		if (tsearch(ipc, &server_client_ips,
		    server_client_ip_cmp) == NULL)
			fatalx("tsearch failed");
	}
	ipc->n++;
	c->ip = ipc;
	log_info("connection from %s", addr);

	if (server_client_n > (u_int)o->max_clients) {
		server_client_error(c, PERR_HUB_FULL, "the hub is full", 0);
		server_client_drop(c, "too many connections");
	} else if (o->max_per_ip > 0 && ipc->n > (u_int)o->max_per_ip) {
		server_client_error(c, PERR_HUB_FULL,
		    "too many connections from your address", 0);
		server_client_drop(c, "too many connections from this address");
	} else if (ban_find(BAN_IP, ip) != NULL) {
		server_client_error(c, PERR_BANNED, "your address is banned",
		    0);
		server_client_drop(c, "banned address");
	} else
		return;
	metrics.handshake_failures[METRICS_HS_REFUSED]++;
}

/* Free a connection whose peer is gone. */
static void
server_client_free(struct server_client *c)
{
	struct server_client_held	*h;

	server_backend()->forget(c);
	TAILQ_REMOVE(&server_client_list, c, entry);
	metrics.listeners[c->listener].open--;
	if (--server_client_n == 0)
		jbuf_free(&server_client_jb);
	if (--c->ip->n == 0) {
		tdelete(c->ip, &server_client_ips, server_client_ip_cmp);
		free(c->ip->ip);
		free(c->ip);
	}
	while ((h = TAILQ_FIRST(&c->held)) != NULL) {
		TAILQ_REMOVE(&c->held, h, entry);
		free(h->line);
		free(h);
	}
	event_free(c->timer);
	if (c->flood != NULL)
		event_free(c->flood);
	peer_free(c->peer);
	free(c->addr);
	free(c);
}

/* Queue bytes for the client: a reply to it alone. */
static void
server_client_write(struct server_client *c, const char *line, size_t len)
{
	metrics.sent_bytes += len;
	if (log_level >= LOG_TRACE)
		server_client_log_delivery(c, len);
	peer_send(c->peer, line, len);
}

/* Queue the frame in a jbuf. */
static void
server_client_send_jbuf(struct server_client *c, struct jbuf *jb)
{
	server_client_write(c, jb->buf, jb->len);
}

/* With -v twice: one line per frame queued for a client, never its text. */
static void
server_client_log_delivery(struct server_client *c, size_t len)
{
	log_debug("deliver %zu bytes to %s (%s)", len,
	    c->session != NULL ? c->session->nick : "-", c->addr);
}

/*
 * Log an error sent to a client.  Across the hub, at most CR_ERRLOG_BURST
 * lines at once and CR_ERRLOG_RATE a second after are written, so that a
 * stream of bad frames cannot fill the disk; how many were left out is
 * logged with the next line that is written.
 */
static void
server_client_log_error(struct server_client *c, enum proto_err err,
    const char *detail)
{
	static double	 tokens = CR_ERRLOG_BURST;
	static int64_t	 refilled;
	static u_int	 dropped;
	int64_t		 now = now_ms();

	tokens += (now - refilled) * CR_ERRLOG_RATE / 1000.0;
	if (tokens > CR_ERRLOG_BURST)
		tokens = CR_ERRLOG_BURST;
	refilled = now;
	if (tokens < 1) {
		dropped++;
		return;
	}
	tokens -= 1;
	if (dropped > 0) {
		log_info("%u error lines were not logged (at most %d a "
		    "second)", dropped, CR_ERRLOG_RATE);
		dropped = 0;
	}
	log_info("%s: error %s: %s", c->addr, proto_err_name(err), detail);
}

/* Answer a request with an error frame. */
void
server_client_error(struct server_client *c, enum proto_err err,
    const char *detail, long long seq)
{
	server_client_log_error(c, err, detail);
	proto_make_error(&server_client_jb, err, detail, seq);
	server_client_send_jbuf(c, &server_client_jb);
}

/*
 * A frame that is not a request (bad JSON or UTF-8, an unknown type, a
 * request before hello) costs a token like one, so that a stream of them
 * is answered no faster than requests and, once the bucket is empty,
 * refused as a flood.  Return 0 if the caller should answer it.
 */
static int
server_client_charge_invalid(struct server_client *c, long long seq)
{
	if (server_options()->flood_rate == 0 || server_client_take_token(c))
		return (0);
	server_client_flood_refuse(c, seq);
	return (-1);
}

/* Refuse a request beyond the flood limit; too many refusals: a drop. */
static void
server_client_flood_refuse(struct server_client *c, long long seq)
{
	server_client_error(c, PERR_FLOOD, "slow down: too many requests, "
	    "this one was refused", seq);
	metrics.flood_refusals++;
	if (++c->strikes >= CR_FLOOD_STRIKES) {
		metrics.flood_drops++;
		log_info("%s: excess flood", c->addr);
		server_client_drop(c, "excess flood");
	}
}

/* Answer a request with an error frame whose detail is formatted. */
static void
server_client_errorf(struct server_client *c, enum proto_err err, long long seq,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*detail;

	va_start(ap, fmt);
	xvasprintf(&detail, fmt, ap);
	va_end(ap);
	server_client_error(c, err, detail, seq);
	free(detail);
}

/* Acknowledge a request that carried a sequence number. */
void
server_client_ack(struct server_client *c, long long seq, uint64_t id)
{
	if (seq <= 0)
		return;
	jbuf_begin(&server_client_jb, PROTO_ACK);
	jbuf_int(&server_client_jb, "seq", seq);
	if (id != 0)
		jbuf_int(&server_client_jb, "id", (long long)id);
	jbuf_end(&server_client_jb);
	server_client_send_jbuf(c, &server_client_jb);
}

/* Close after sending what is queued; the session may be resumed. */
void
server_client_drop(struct server_client *c, const char *reason)
{
	log_info("%s: closing: %s", c->addr, reason);
	peer_close(c->peer);
}

/* Say goodbye to every connection (shutdown). */
void
server_client_close_all(const char *reason)
{
	struct server_client	*c;
	struct jbuf	 jb;

	jbuf_init(&jb);
	jbuf_begin(&jb, PROTO_BYE);
	jbuf_str(&jb, "reason", reason);
	jbuf_end(&jb);
	TAILQ_FOREACH(c, &server_client_list, entry) {
		c->flags |= SC_NORESUME;
		server_client_send_jbuf(c, &jb);
		peer_close(c->peer);
	}
	jbuf_free(&jb);
}

/* How many connections are open. */
u_int
server_client_count(void)
{
	return (server_client_n);
}

/* Handshake deadline, keepalive pings and the ping timeout. */
static void
server_client_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server_client	*c = arg;
	int		 timeout = server_options()->ping_timeout;
	struct timeval	 tv = { timeout / 4 > 0 ? timeout / 4 : 1, 0 };
	int64_t		 idle = now_ms() - c->last_input;

	if (c->session == NULL) {
		metrics.handshake_failures[peer_tls_pending(c->peer) ?
		    METRICS_HS_TLS : METRICS_HS_TIMEOUT]++;
		server_client_error(c, PERR_NOT_REGISTERED,
		    "no hello within the handshake deadline", 0);
		server_client_drop(c, "handshake timeout");
		return;
	}
	if (idle >= (int64_t)timeout * 1000) {
		log_info("%s: ping timeout", c->addr);
		peer_fail(c->peer, "ping timeout");
		return;
	}
	if (idle >= (int64_t)timeout * 500 && !(c->flags & SC_PINGED)) {
		jbuf_begin(&server_client_jb, PROTO_PING);
		jbuf_end(&server_client_jb);
		server_client_send_jbuf(c, &server_client_jb);
		c->flags |= SC_PINGED;
	}
	evtimer_add(c->timer, &tv);
}

/* A line arrived, or (line NULL) the connection is gone. */
static void
server_client_peer_cb(struct peer *peer, const char *line, size_t len,
    void *arg)
{
	struct server_client	*c = arg;
	struct session		*s = c->session;

	if (line == NULL) {
		log_info("%s: disconnected: %s", c->addr, peer_reason(peer));
		if (peer_overflowed(peer))
			metrics.sendq_drops++;
		/* A pending timer: the deadline did not count it already. */
		if (c->session == NULL && peer_tls_pending(peer) &&
		    evtimer_pending(c->timer, NULL))
			metrics.handshake_failures[METRICS_HS_TLS]++;
		if (s != NULL && s->client == c) {
			if (!(c->flags & SC_NORESUME) &&
			    server_options()->resume_seconds > 0) {
				jbuf_begin(&server_client_jb, PROTO_LOST);
				jbuf_str(&server_client_jb, "nick", s->nick);
				jbuf_int(&server_client_jb, "ts", now_ms());
				jbuf_end(&server_client_jb);
				s->client = NULL;
				s->peer = NULL;
				session_fanout_peers(s, server_client_jb.buf,
				    server_client_jb.len, 0);
				session_detach(s, 1);
			} else
				session_detach(s, 0);
		}
		server_client_free(c);
		return;
	}

	c->last_input = now_ms();
	c->flags &= ~SC_PINGED;
	if (len == 0)		/* a blank line (someone pressed Enter) */
		return;
	server_client_input(c, line, len, 0);
}

/*
 * Parse one request and carry it out.  Requests beyond the flood limit are
 * held back (in order) and carried out as the bucket refills; when too
 * many are held, the request is refused with "slow down" -- never dropped
 * silently -- and a client that keeps going is disconnected.
 */
static void
server_client_input(struct server_client *c, const char *line, size_t len,
    int released)
{
	struct session		*s = c->session;
	const struct server_client_cmd *cmd = NULL;
	cJSON			*obj;
	enum proto_type		 type;
	enum proto_err		 err;
	char			*cause;
	long long		 seq = 0;
	u_int			 i;
	int			 badseq;

	/*
	 * The peer takes lines up to CR_IMAGE_LINE_MAX; whether this one
	 * may be that long is the parsed type's decision: only a frame whose
	 * command carries images, and that has an image, may pass
	 * CR_LINE_MAX.  One that cannot be parsed may not.
	 */
	if ((obj = proto_parse(line, len, &type, &err, &cause)) == NULL) {
		if (len + 1 > CR_LINE_MAX) {
			server_client_error(c, PERR_LINE_TOO_LONG,
			    "frame too long", 0);
			server_client_drop(c, "line too long");
		} else if (server_client_charge_invalid(c, 0) == 0)
			server_client_error(c, err, cause, 0);
		free(cause);
		return;
	}
	badseq = proto_get_int(obj, "seq", 0, &seq) != 0;
	for (i = 0; i < sizeof server_client_cmds / sizeof
	    server_client_cmds[0]; i++) {
		if (server_client_cmds[i].type == type) {
			cmd = &server_client_cmds[i];
			break;
		}
	}
	if (len + 1 > CR_LINE_MAX && (cmd == NULL ||
	    !(cmd->flags & SCMD_IMAGE) ||
	    cJSON_GetObjectItemCaseSensitive(obj, "image") == NULL)) {
		server_client_error(c, PERR_LINE_TOO_LONG, "frame too long",
		    seq);
		server_client_drop(c, "line too long");
		goto out;
	}
	if (badseq) {
		if (server_client_charge_invalid(c, 0) == 0)
			server_client_error(c, PERR_BAD_FIELD,
			    "\"seq\" must be an integer", 0);
		goto out;
	}
	if (cmd == NULL) {
		if (server_client_charge_invalid(c, seq) == 0)
			server_client_error(c, PERR_BAD_TYPE,
			    "unknown frame type", seq);
		goto out;
	}
	if ((c->flags & SC_WAITING) && type != PROTO_PING &&
	    type != PROTO_PONG) {
		/* The hello is with the backend: keep what follows it. */
		server_client_hold(c, line, len, type == PROTO_QUIT ? -1 : seq);
		goto out;
	}
	if ((cmd->flags & SCMD_REGISTERED) && s == NULL) {
		if (server_client_charge_invalid(c, seq) == 0)
			server_client_error(c, PERR_NOT_REGISTERED,
			    "send hello first", seq);
		goto out;
	}
	if (s != NULL && !released && type == PROTO_QUIT && c->nheld > 0) {
		/* Quit after what is held back, not before it. */
		server_client_hold(c, line, len, -1);
		goto out;
	}
	if (s != NULL && !released && server_options()->flood_rate > 0 &&
	    type != PROTO_PING && type != PROTO_PONG && type != PROTO_QUIT &&
	    (c->nheld > 0 || !server_client_take_token(c))) {
		server_client_hold(c, line, len, seq);
		goto out;
	}
	if ((cmd->flags & SCMD_OPER) && !(s->flags & SESSION_OPER)) {
		server_client_error(c, PERR_NOT_OPER,
		    "only operators may do that (see /oper)", seq);
		goto out;
	}
	cmd->exec(c, obj, seq);
out:
	cJSON_Delete(obj);
}

/* Take a token from the bucket, refilling it for the time passed. */
static int
server_client_take_token(struct server_client *c)
{
	struct server_opts	*o = server_options();
	int64_t			 now = now_ms();

	c->tokens += (now - c->refilled) * o->flood_rate / 1000.0;
	if (c->tokens >= o->flood_burst) {
		c->tokens = o->flood_burst;
		c->strikes = 0;		/* quiet long enough: a clean slate */
	}
	c->refilled = now;
	if (c->tokens < 1)
		return (0);
	c->tokens -= 1;
	return (1);
}

/* Arm the timer for when the next token is due. */
static void
server_client_flood_arm(struct server_client *c)
{
	struct timeval	tv;
	double		wait;

	wait = (1 - c->tokens) / server_options()->flood_rate;
	if (wait < 0.001)
		wait = 0.001;
	tv.tv_sec = (time_t)wait;
	tv.tv_usec = (suseconds_t)((wait - tv.tv_sec) * 1000000);
	evtimer_add(c->flood, &tv);
}

/*
 * Hold a request back until the bucket refills, or refuse it.  A seq of -1
 * marks a quit, which always waits behind the others.
 */
static void
server_client_hold(struct server_client *c, const char *line, size_t len,
    long long seq)
{
	struct server_client_held	*h;

	if (seq != -1 && (c->nheld >= CR_FLOOD_QUEUE ||
	    c->heldbytes + len > CR_FLOOD_QUEUE_BYTES)) {
		server_client_flood_refuse(c, seq);
		return;
	}
	h = xmalloc(sizeof *h);
	h->line = xstrndup(line, len);
	h->len = len;
	TAILQ_INSERT_TAIL(&c->held, h, entry);
	c->nheld++;
	c->heldbytes += len;
	if (c->flood == NULL)
		c->flood = evtimer_new(server_base(), server_client_flood_cb,
		c);
	if (!(c->flags & SC_WAITING) && !evtimer_pending(c->flood, NULL))
		server_client_flood_arm(c); /* else released after the hello */
}

/* Carry out held requests as tokens come back. */
static void
server_client_flood_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server_client	*c = arg;
	struct server_client_held	*h;

	while ((h = TAILQ_FIRST(&c->held)) != NULL && !peer_dead(c->peer)) {
		if (server_options()->flood_rate > 0 &&
		    !server_client_take_token(c))
			break;
		TAILQ_REMOVE(&c->held, h, entry);
		c->nheld--;
		c->heldbytes -= h->len;
		server_client_input(c, h->line, h->len, 1);
		free(h->line);
		free(h);
	}
	if (c->nheld == 0)
		c->strikes = 0;
	else if (!peer_dead(c->peer))
		server_client_flood_arm(c);
}

/* Tell a client it is in: its nick, token and the hub's limits. */
static void
server_client_welcome(struct server_client *c, int resumed)
{
	struct jbuf	*jb = &server_client_jb;
	const char	*subject;

	jbuf_begin(jb, PROTO_WELCOME);
	jbuf_int(jb, "version", PROTO_VERSION);
	jbuf_str(jb, "nick", c->session->nick);
	jbuf_str(jb, "token", c->session->token);
	jbuf_bool(jb, "resumed", resumed);
	jbuf_str(jb, "hub", PACKAGE_STRING);
	jbuf_int(jb, "resume", server_options()->resume_seconds);
	jbuf_object_begin(jb, "limits");
	jbuf_int(jb, "line", CR_LINE_MAX);
	jbuf_int(jb, "image_line", CR_IMAGE_LINE_MAX);
	jbuf_int(jb, "text", CR_TEXT_MAX);
	jbuf_int(jb, "nick", CR_NICK_MAX);
	jbuf_int(jb, "room", CR_ROOM_MAX);
	jbuf_int(jb, "topic", CR_TOPIC_MAX);
	jbuf_int(jb, "rooms", CR_ROOMS_PER_CLIENT);
	jbuf_object_end(jb);
	jbuf_end(jb);
	server_client_send_jbuf(c, jb);
	if ((subject = server_backend()->degraded()) != NULL)
		server_client_notice(c, "degraded", subject);
}

/*
 * Give a session a new connection: a resume by token (what was missed,
 * after last_id) or the owner of a claimed nick taking over its ghost (a
 * fresh replay).  If the session still had a connection it is dropped.
 */
static void
server_client_takeover(struct server_client *c, struct session *s,
    long long last_id, int resumed)
{
	struct server_client	*old;
	int		 was_lost = s->client == NULL;
	u_int		 i;

	if ((old = s->client) != NULL) {
		old->session = NULL;
		old->flags |= SC_NORESUME;
		server_client_error(old, PERR_BAD_TOKEN,
		    "session taken over by another connection", 0);
		server_client_drop(old, "replaced by a new connection");
	}
	session_attach(s, c, c->peer, c->addr);
	c->session = s;
	free(s->ip);
	s->ip = xstrdup(c->ip->ip);
	claim_seen(s->nick);
	log_info("%s: %s %s", c->addr, s->nick, resumed ? "resumed" :
	    "took over its session");
	server_client_welcome(c, resumed);
	for (i = 0; i < s->nrooms; i++) {
		room_replay(s->rooms[i], s, resumed && last_id > 0 ?
		    UINT32_MAX : (u_int)server_options()->replay,
		    resumed ? (uint64_t)last_id : 0);
	}
	if (!was_lost)		/* the others never saw it go */
		return;
	jbuf_begin(&server_client_jb, PROTO_BACK);
	jbuf_str(&server_client_jb, "nick", s->nick);
	jbuf_int(&server_client_jb, "ts", now_ms());
	jbuf_end(&server_client_jb);
	session_fanout_peers(s, server_client_jb.buf, server_client_jb.len, 0);
}

/* Refuse a hello and close. */
static void
server_client_refuse(struct server_client *c, enum proto_err err,
    const char *detail, long long seq)
{
	metrics.handshake_failures[METRICS_HS_REFUSED]++;
	server_client_error(c, err, detail, seq);
	server_client_drop(c, proto_err_name(err));
}

/* Refuse a hello with a formatted detail and close. */
static void
server_client_refusef(struct server_client *c, enum proto_err err,
    long long seq, const char *fmt, ...)
{
	va_list	 ap;
	char	*detail;

	va_start(ap, fmt);
	xvasprintf(&detail, fmt, ap);
	va_end(ap);
	server_client_refuse(c, err, detail, seq);
	free(detail);
}

/*
 * hello: register a new nick, or resume a session by token.  The hub
 * password, bans and nick claims are checked here.
 */
static void
server_client_hello(struct server_client *c, cJSON *obj, long long seq)
{
	const char		*nick, *token, *secret, *password;
	const struct hist_ban	*ban;
	long long		 version, last_id = 0;
	struct session		*s = NULL;
	enum proto_err		 err;
	char			*cause;
	int			 claim, wait;

	if (c->session != NULL || (c->flags & SC_WAITING)) {
		server_client_error(c, PERR_ALREADY_REGISTERED,
		    "already registered", seq);
		return;
	}
	if (proto_get_int(obj, "version", 1, &version) != 0 ||
	    proto_get_str(obj, "nick", 0, &nick) != 0 ||
	    proto_get_str(obj, "token", 0, &token) != 0 ||
	    proto_get_str(obj, "secret", 0, &secret) != 0 ||
	    proto_get_str(obj, "password", 0, &password) != 0 ||
	    proto_get_int(obj, "last_id", 0, &last_id) != 0 ||
	    (nick == NULL && token == NULL)) {
		server_client_refuse(c, PERR_BAD_FIELD,
		    "hello needs \"version\" "
		    "and \"nick\" or \"token\"", seq);
		return;
	}
	if (version != PROTO_VERSION) {
		server_client_refuse(c, PERR_VERSION,
		    "this hub speaks protocol " "version 1", seq);
		return;
	}
	if (secret != NULL && (strlen(secret) < 16 || strlen(secret) > 256)) {
		server_client_refuse(c, PERR_BAD_FIELD, "a secret is 16 to 256 "
		    "characters", seq);
		return;
	}
	if (server_check_password(password) >= 0 &&
	    (wait = auth_wait(c->ip->ip)) > 0) {
		server_client_refusef(c, PERR_PASSWORD, seq, "too many wrong "
		    "passwords from your address: try again in %d seconds",
		    wait);
		return;
	}
	if (server_check_password(password) == 0) {
		log_warnx("%s: wrong or missing hub password", c->addr);
		if (password != NULL)
			auth_failed(c->ip->ip);
		server_client_refuse(c, PERR_PASSWORD, password == NULL ?
		    "this hub needs a password" : "wrong password", seq);
		return;
	}

	if (token != NULL && (s = session_find_token(token)) != NULL) {
		server_client_takeover(c, s, last_id, 1);
		return;
	}
	if (nick == NULL) {
		server_client_refuse(c, PERR_BAD_TOKEN,
		    "unknown or expired token", seq);
		return;
	}
	if (proto_check_nick(nick, &err, &cause) != 0) {
		server_client_refuse(c, err, cause, seq);
		free(cause);
		return;
	}
	if ((ban = ban_find(BAN_NICK, nick)) != NULL) {
		xasprintf(&cause, "the nick %s is banned: %s", nick,
		    ban->reason);
		server_client_refuse(c, PERR_BANNED, cause, seq);
		free(cause);
		return;
	}
	claim = claim_check(nick, secret);
	if ((s = session_find_nick(nick)) != NULL) {
		if (claim == 2) {	/* the owner takes over its ghost */
			claim_seen(nick);
			server_client_takeover(c, s, 0, 0);
			return;
		}
		xasprintf(&cause, "the nick %s is taken", nick);
		server_client_refuse(c, PERR_NICK_TAKEN, cause, seq);
		free(cause);
		return;
	}
	if (claim == 0) {
		xasprintf(&cause, "the nick %s is claimed", nick);
		server_client_refuse(c, PERR_NICK_CLAIMED, cause, seq);
		free(cause);
		return;
	}
	/* The backend decides whether the nick is free everywhere. */
	c->flags |= SC_WAITING;
	server_backend()->hello(c, nick, token, secret, last_id, seq);
}

/* The backend answered a hello. */
void
server_client_hello_done(struct server_client *c, struct server_hello *h)
{
	struct session	*s;
	struct room	*room;
	char		*cause, *copy, *p, *name;
	struct timeval	 now = { 0, 0 };

	c->flags &= ~SC_WAITING;
	if (c->nheld > 0) {		/* requests sent behind the hello */
		if (c->flood == NULL)
			c->flood = evtimer_new(server_base(),
			server_client_flood_cb,
			    c);
		if (!evtimer_pending(c->flood, NULL))
			evtimer_add(c->flood, &now);
	}
	if (h->result == HELLO_TAKEN ||
	    (h->result != HELLO_RESUMED && session_find_nick(h->nick))) {
		xasprintf(&cause, "the nick %s is taken", h->nick);
		server_client_refuse(c, PERR_NICK_TAKEN, cause, h->seq);
		free(cause);
		return;
	}
	if (h->result == HELLO_OK || h->result == HELLO_FAILED) {
		/* HELLO_FAILED: the backend was lost; serve the user here. */
		server_client_register(c, h->nick, h->secret,
		    h->token[0] != '\0' ? h->token : NULL);
		return;
	}

	/* A session from another hub: take its nick, token and rooms. */
	if ((s = session_find_nick(h->nick)) != NULL) {
		server_client_takeover(c, s, h->last_id, 1);
		return;
	}
	s = session_create(h->nick);
	memcpy(s->token, h->token, sizeof s->token);
	if (h->secret != NULL)
		s->secret = xstrdup(h->secret);
	copy = xstrdup(h->rooms != NULL ? h->rooms : "");
	for (p = copy; (name = strsep(&p, "\t")) != NULL;) {
		if (*name == '\0')
			continue;
		if ((room = room_find(name)) == NULL) {
			if (room_count() >= CR_ROOMS_MAX)
				continue;
			room = room_create(name, "", now_ms());
		}
		room_remote_remove(room, s->nick);
		room_add(room, s);
	}
	free(copy);
	log_info("%s: %s resumed a session from another hub", c->addr,
	    s->nick);
	server_backend()->resumed(s);
	server_client_takeover(c, s, h->last_id, 1);
	if (h->orphaned)	/* the others saw it quit with its hub */
		server_client_rejoined(s);
}

/* The frame that says a user joined a room. */
static void
server_client_joined_frame(struct jbuf *jb, struct room *room, const char *nick)
{
	jbuf_begin(jb, PROTO_JOINED);
	jbuf_str(jb, "room", room->name);
	jbuf_str(jb, "nick", nick);
	jbuf_int(jb, "ts", now_ms());
	jbuf_end(jb);
}

/* Announce a session's rooms again to everyone in them but itself. */
static void
server_client_rejoined(struct session *s)
{
	struct jbuf	*jb = &server_client_jb;
	struct room	*room;
	u_int		 i, j;

	for (i = 0; i < s->nrooms; i++) {
		room = s->rooms[i];
		server_client_joined_frame(jb, room, s->nick);
		for (j = 0; j < room->nmembers; j++) {
			if (room->members[j] != s)
				session_write(room->members[j], jb->buf,
				    jb->len);
		}
		server_backend()->room_event(room, jb->buf, jb->len);
	}
}

/*
 * Another hub took one of our sessions by its token: the connection here
 * (if any) is closed and the session ends without a word to its rooms.
 */
void
server_client_takeover_remote(struct session *s, enum proto_err err,
    const char *why)
{
	struct server_client	*old;

	if ((old = s->client) != NULL) {
		old->session = NULL;
		old->flags |= SC_NORESUME;
		server_client_error(old, err, why, 0);
		server_client_drop(old, why);
	}
	log_info("%s: %s", s->nick, why);
	session_destroy(s, NULL);
}

/* Create a session for a free nick and put it in the lobby. */
static void
server_client_register(struct server_client *c, const char *nick,
    const char *secret, const char *token)
{
	struct session	*s;
	struct room	*lobby;

	s = session_create(nick);
	if (token != NULL)
		memcpy(s->token, token, sizeof s->token);
	session_attach(s, c, c->peer, c->addr);
	c->session = s;
	s->ip = xstrdup(c->ip->ip);
	if (secret != NULL) {
		s->secret = xstrdup(secret);
		claim_take(nick, secret);
	}
	log_info("%s: registered as %s", c->addr, nick);
	server_client_welcome(c, 0);
	server_backend()->session(s);
	if (server_motd() != NULL) {
		jbuf_begin(&server_client_jb, PROTO_MOTD);
		jbuf_str(&server_client_jb, "text", server_motd());
		jbuf_end(&server_client_jb);
		server_client_send_jbuf(c, &server_client_jb);
	}

	if ((lobby = room_find(CR_LOBBY)) == NULL)
		lobby = room_create(CR_LOBBY, "", now_ms());
	server_client_join_room(c, lobby, 0);
}

/* Find the room a request names and check the sender is in it. */
static struct room *
server_client_member_room(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*name;
	struct room	*room;

	if (proto_get_str(obj, "room", 1, &name) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"room\" is required",
		    seq);
		return (NULL);
	}
	if ((room = room_find(name)) == NULL) {
		server_client_errorf(c, PERR_NO_SUCH_ROOM, seq,
		    "no such room: %s", name);
		return (NULL);
	}
	if (!room_has(room, c->session)) {
		server_client_errorf(c, PERR_NOT_IN_ROOM, seq,
		    "you are not in %s", room->name);
		return (NULL);
	}
	return (room);
}

/* Check text, an optional action flag and an optional image. */
static int
server_client_get_text(struct server_client *c, cJSON *obj, long long seq,
    const char **text, int *kind, char **image)
{
	cJSON		*img;
	struct image	*parsed;
	int		 action = 0;
	enum proto_err	 err;
	char		*cause, *why;

	*image = NULL;
	if (proto_get_str(obj, "text", 1, text) != 0 ||
	    proto_get_bool(obj, "action", 0, &action) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "\"text\" must be a string", seq);
		return (-1);
	}
	*kind = action ? MSG_ACTION : MSG_TEXT;
	img = cJSON_GetObjectItemCaseSensitive(obj, "image");
	if (img != NULL) {
		/* Validate strictly and keep only the canonical form. */
		if ((parsed = image_from_json(img, &cause)) == NULL) {
			xasprintf(&why, "bad image: %s", cause);
			server_client_error(c, PERR_BAD_FIELD, why, seq);
			free(why);
			free(cause);
			return (-1);
		}
		*image = image_to_json(parsed);
		image_free(parsed);
		*kind = MSG_IMAGE;
		if (**text == '\0')
			*text = "image";
	}
	if (proto_check_text(*text, CR_TEXT_MAX, 1, &err, &cause) != 0) {
		server_client_error(c, err, cause, seq);
		free(cause);
		free(*image);
		*image = NULL;
		return (-1);
	}
	return (0);
}

/* Refuse to carry messages from a muted user. */
static int
server_client_muted(struct server_client *c, long long seq)
{
	const struct hist_ban	*b;

	if ((b = ban_find(BAN_MUTE, c->session->nick)) == NULL)
		return (0);
	server_client_error(c, PERR_MUTED, *b->reason != '\0' ? b->reason :
	    "you are muted", seq);
	return (1);
}

/* msg: a message to a room, stored and fanned out to its members. */
static void
server_client_msg(struct server_client *c, cJSON *obj, long long seq)
{
	struct room	*room;
	const char	*text;
	char		*image;
	int		 kind;

	if ((room = server_client_member_room(c, obj, seq)) == NULL)
		return;
	if (server_client_muted(c, seq))
		return;
	if (server_client_get_text(c, obj, seq, &text, &kind, &image) != 0)
		return;
	metrics.received[kind]++;
	if (server_options()->log_messages)
		log_info("%s <%s> %s", room->name, c->session->nick, text);
	/* The backend numbers it, then it is stored and delivered. */
	server_backend()->say(c, seq, room, now_ms(), kind, c->session->nick,
	    text, image);
	free(image);
}

/* dm: a direct message; only the two parties see it, it is never stored. */
static void
server_client_dm(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*to, *text;
	struct session	*target;
	char		*image;
	int		 kind, remote;
	uint64_t	 id;

	if (proto_get_str(obj, "to", 1, &to) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"to\" is required",
		    seq);
		return;
	}
	target = session_find_nick(to);
	remote = target == NULL && server_backend()->remote();
	if (!remote && (target == NULL || target->client == NULL)) {
		server_client_errorf(c, PERR_NO_SUCH_NICK, seq,
		    "no such nick: %s", to);
		return;
	}
	if (server_client_muted(c, seq))
		return;
	if (server_client_get_text(c, obj, seq, &text, &kind, &image) != 0)
		return;
	metrics.received[METRICS_DM]++;
	/* Across hubs the id is filled in by the backend. */
	id = remote ? 0 : server_backend()->dm_id();
	jbuf_begin(&server_client_jb, PROTO_DM);
	jbuf_int(&server_client_jb, "id", (long long)id);
	jbuf_int(&server_client_jb, "ts", now_ms());
	jbuf_str(&server_client_jb, "nick", c->session->nick);
	jbuf_str(&server_client_jb, "to", remote ? to : target->nick);
	jbuf_str(&server_client_jb, "text", text);
	if (kind == MSG_ACTION)
		jbuf_bool(&server_client_jb, "action", 1);
	if (image != NULL)
		jbuf_raw(&server_client_jb, "image", image);
	jbuf_end(&server_client_jb);
	free(image);
	if (server_options()->log_messages)
		log_info("dm %s -> %s: %s", c->session->nick, to, text);
	if (remote) {
		server_backend()->dm(c, seq, to, server_client_jb.buf,
		    server_client_jb.len);
		return;
	}
	session_write(target, server_client_jb.buf, server_client_jb.len);
	metrics.delivered[METRICS_DM]++;	/* target has a connection */
	if (target != c->session)
		server_client_send_jbuf(c, &server_client_jb);
	server_client_ack(c, seq, id);
}

/*
 * The backend carried a direct message to another hub (id non-zero), or
 * found no such nick anywhere.  The sender gets its copy with the id.
 */
void
server_client_dm_done(struct server_client *c, const char *to,
    const char *frame, size_t len, long long seq, uint64_t id)
{
	if (id == 0) {
		server_client_errorf(c, PERR_NO_SUCH_NICK, seq,
		    "no such nick: %s", to);
		return;
	}
	/* The sender's copy, with the id. */
	server_client_write(c, frame, len);
	server_client_ack(c, seq, id);
}

/* Put the client in a room: announce, then send state and replay. */
static void
server_client_join_room(struct server_client *c, struct room *room,
    long long seq)
{
	struct session	*s = c->session;
	struct jbuf	*jb = &server_client_jb;

	if (room_has(room, s)) {
		server_client_errorf(c, PERR_ALREADY_IN_ROOM, seq,
		    "you are already in %s", room->name);
		return;
	}
	if (s->nrooms >= CR_ROOMS_PER_CLIENT) {
		server_client_errorf(c, PERR_TOO_MANY_ROOMS, seq,
		    "you may be in at most %d rooms", CR_ROOMS_PER_CLIENT);
		return;
	}
	if (room_add(room, s) != 0) {
		server_client_errorf(c, PERR_ROOM_FULL, seq, "%s is full",
		    room->name);
		return;
	}
	log_info("%s joined %s", s->nick, room->name);
	server_client_joined_frame(jb, room, s->nick);
	room_fanout(room, jb->buf, jb->len);
	server_backend()->room_event(room, jb->buf, jb->len);
	server_backend()->session(s);
	room_replay(room, s, server_options()->replay, 0);
	server_client_ack(c, seq, 0);
}

/* join: by name (created if missing) or by the number /rooms shows. */
static void
server_client_join(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*name = NULL;
	long long	 n;
	struct room	*room;

	if (proto_get_int(obj, "room", 0, &n) == 0 &&
	    cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(obj, "room"))) {
		if (n < 1 || n > UINT32_MAX ||
		    (room = room_by_number(n)) == NULL) {
			server_client_errorf(c, PERR_NO_SUCH_ROOM, seq,
			    "no room number %lld", n);
			return;
		}
		server_client_join_room(c, room, seq);
		return;
	}
	if (proto_get_str(obj, "room", 1, &name) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "\"room\" must be a name or a number", seq);
		return;
	}
	if ((room = room_find(name)) == NULL &&
	    (room = server_client_new_room(c, name, "", seq)) == NULL)
		return;
	server_client_join_room(c, room, seq);
}

/* Create a room for a request, if the name is valid and there is room. */
static struct room *
server_client_new_room(struct server_client *c, const char *name,
    const char *topic, long long seq)
{
	struct room	*room;
	enum proto_err	 err;
	char		*cause;

	if (proto_check_room(name, &err, &cause) != 0) {
		server_client_error(c, err, cause, seq);
		free(cause);
		return (NULL);
	}
	if (room_count() >= CR_ROOMS_MAX) {
		server_client_error(c, PERR_TOO_MANY_ROOMS,
		    "the hub has too many rooms", seq);
		return (NULL);
	}
	room = room_create(name, topic, now_ms());
	server_mark_dirty();
	server_backend()->room_changed(room);
	return (room);
}

/*
 * create: a new room, which must not exist yet, with an optional topic (a
 * title the client made the name from); the creator joins it.
 */
static void
server_client_create(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*name, *topic = NULL;
	struct room	*room;
	enum proto_err	 err;
	char		*cause;

	if (proto_get_str(obj, "room", 1, &name) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"room\" is required",
		    seq);
		return;
	}
	if (proto_get_str(obj, "topic", 0, &topic) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "\"topic\" must be a string", seq);
		return;
	}
	if (topic == NULL)
		topic = "";
	if (*topic != '\0' && proto_check_text(topic, CR_TOPIC_MAX, 0, &err,
	    &cause) != 0) {
		server_client_error(c, err, cause, seq);
		free(cause);
		return;
	}
	if ((room = room_find(name)) != NULL) {
		server_client_errorf(c, PERR_ROOM_EXISTS, seq,
		    "the room %s already exists", room->name);
		return;
	}
	if ((room = server_client_new_room(c, name, topic, seq)) != NULL)
		server_client_join_room(c, room, seq);
}

/* leave: announce to the room (the leaver included), then go. */
static void
server_client_leave(struct server_client *c, cJSON *obj, long long seq)
{
	struct room	*room;
	struct jbuf	*jb = &server_client_jb;

	if ((room = server_client_member_room(c, obj, seq)) == NULL)
		return;
	log_info("%s left %s", c->session->nick, room->name);
	jbuf_begin(jb, PROTO_LEFT);
	jbuf_str(jb, "room", room->name);
	jbuf_str(jb, "nick", c->session->nick);
	jbuf_int(jb, "ts", now_ms());
	jbuf_end(jb);
	room_fanout(room, jb->buf, jb->len);
	server_backend()->room_event(room, jb->buf, jb->len);
	room_remove(room, c->session);
	server_backend()->session(c->session);
	server_client_ack(c, seq, 0);
}

/* rooms: every room with its number, topic and (some) members. */
static void
server_client_rooms(struct server_client *c, cJSON *obj, long long seq)
{
	struct room	*room;
	struct jbuf	*jb = &server_client_jb;
	u_int		 n = 0, i;

	jbuf_begin(jb, PROTO_ROOMLIST);
	if (seq > 0)
		jbuf_int(jb, "seq", seq);
	jbuf_array_begin(jb, "rooms");
	TAILQ_FOREACH(room, &room_list, entry) {
		jbuf_object_begin(jb, NULL);
		jbuf_int(jb, "n", ++n);
		jbuf_str(jb, "name", room->name);
		jbuf_str(jb, "topic", room->topic);
		jbuf_int(jb, "count", room_size(room));
		jbuf_bool(jb, "joined", room_has(room, c->session));
		jbuf_array_begin(jb, "members");
		for (i = 0; i < room_size(room) && i < 50; i++)
			jbuf_array_str(jb, room_member_nick(room, i));
		jbuf_array_end(jb);
		jbuf_object_end(jb);
	}
	jbuf_array_end(jb);
	jbuf_end(jb);
	server_client_send_jbuf(c, jb);
}

/* names: the members of one room. */
static void
server_client_names(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*name;
	struct room	*room;
	struct jbuf	*jb = &server_client_jb;
	u_int		 i;

	if (proto_get_str(obj, "room", 1, &name) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"room\" is required",
		    seq);
		return;
	}
	if ((room = room_find(name)) == NULL) {
		server_client_errorf(c, PERR_NO_SUCH_ROOM, seq,
		    "no such room: %s", name);
		return;
	}
	jbuf_begin(jb, PROTO_NAMELIST);
	if (seq > 0)
		jbuf_int(jb, "seq", seq);
	jbuf_str(jb, "room", room->name);
	jbuf_array_begin(jb, "members");
	for (i = 0; i < room_size(room); i++)
		jbuf_array_str(jb, room_member_nick(room, i));
	jbuf_array_end(jb);
	jbuf_end(jb);
	server_client_send_jbuf(c, jb);
}

/* topic: set a room's topic (an empty text clears it). */
static void
server_client_topic(struct server_client *c, cJSON *obj, long long seq)
{
	struct room	*room;
	const char	*text;
	struct jbuf	*jb = &server_client_jb;
	enum proto_err	 err;
	char		*cause;

	if ((room = server_client_member_room(c, obj, seq)) == NULL)
		return;
	if (server_client_muted(c, seq))
		return;
	if (proto_get_str(obj, "text", 1, &text) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"text\" is required",
		    seq);
		return;
	}
	if (*text != '\0' && proto_check_text(text, CR_TOPIC_MAX, 0, &err,
	    &cause) != 0) {
		server_client_error(c, err, cause, seq);
		free(cause);
		return;
	}
	free(room->topic);
	room->topic = xstrdup(text);
	server_mark_dirty();
	log_info("%s set the topic of %s", c->session->nick, room->name);
	jbuf_begin(jb, PROTO_TOPIC_CHANGED);
	jbuf_str(jb, "room", room->name);
	jbuf_str(jb, "nick", c->session->nick);
	jbuf_str(jb, "topic", room->topic);
	jbuf_int(jb, "ts", now_ms());
	jbuf_end(jb);
	room_fanout(room, jb->buf, jb->len);
	server_backend()->room_event(room, jb->buf, jb->len);
	server_backend()->room_changed(room);	/* keeps the topic in Redis too */
	server_client_ack(c, seq, 0);
}

/* nick: change nick; the user and everyone sharing a room are told. */
static void
server_client_nick(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*nick;
	struct session	*s = c->session, *other;
	enum proto_err	 err;
	char		*cause;
	int		 claim;

	if (proto_get_str(obj, "nick", 1, &nick) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"nick\" is required",
		    seq);
		return;
	}
	if (proto_check_nick(nick, &err, &cause) != 0) {
		server_client_error(c, err, cause, seq);
		free(cause);
		return;
	}
	/* A new nick would shed the mute. */
	if (server_client_muted(c, seq))
		return;
	if ((other = session_find_nick(nick)) != NULL && other != s) {
		server_client_errorf(c, PERR_NICK_TAKEN, seq,
		    "the nick %s is taken", nick);
		return;
	}
	if (ban_find(BAN_NICK, nick) != NULL) {
		server_client_errorf(c, PERR_BANNED, seq,
		    "the nick %s is banned", nick);
		return;
	}
	if ((claim = claim_check(nick, s->secret)) == 0) {
		server_client_errorf(c, PERR_NICK_CLAIMED, seq,
		    "the nick %s is claimed", nick);
		return;
	}
	if (claim == 1)
		claim_take(nick, s->secret);
	if (strcmp(nick, s->nick) == 0) {
		server_client_ack(c, seq, 0);
		return;
	}
	server_backend()->nick(c, s, nick, seq);
}

/* The backend answered a nick change. */
void
server_client_nick_done(struct server_client *c, int ok, const char *nick,
    long long seq)
{
	struct session	*other;

	if (c->session == NULL)
		return;
	if (!ok || ((other = session_find_nick(nick)) != NULL &&
	    other != c->session)) {
		server_client_errorf(c, PERR_NICK_TAKEN, seq,
		    "the nick %s is taken", nick);
		return;
	}
	server_client_rename(c, nick, seq);
}

/* Change the nick and tell the user and everyone sharing a room. */
static void
server_client_rename(struct server_client *c, const char *nick, long long seq)
{
	struct session	*s = c->session;
	struct jbuf	*jb = &server_client_jb;
	char		*old;

	old = xstrdup(s->nick);
	server_backend()->session_gone(s);	/* the old nick */
	session_rename(s, nick);
	log_info("%s is now known as %s", old, nick);
	jbuf_begin(jb, PROTO_RENAMED);
	jbuf_str(jb, "old", old);
	jbuf_str(jb, "nick", nick);
	jbuf_int(jb, "ts", now_ms());
	jbuf_end(jb);
	session_fanout_peers(s, jb->buf, jb->len, 1);
	server_backend()->session(s);
	free(old);
	server_client_ack(c, seq, 0);
}

/* oper: become an operator with the admin password. */
static void
server_client_oper(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*password;
	int		 ok, wait;

	if (proto_get_str(obj, "password", 1, &password) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "\"password\" is required", seq);
		return;
	}
	ok = server_check_oper(password);
	if (ok < 0) {
		server_client_error(c, PERR_OPER_DISABLED,
		    "this hub has no operator password", seq);
		return;
	}
	if ((wait = auth_wait(c->ip->ip)) > 0) {
		server_client_errorf(c, PERR_BAD_PASSWORD, seq,
		    "too many wrong passwords from your address: try again "
		    "in %d seconds", wait);
		return;
	}
	if (ok == 0) {
		log_warnx("%s: failed /oper as %s", c->addr,
		    c->session->nick);
		auth_failed(c->ip->ip);
		server_client_error(c, PERR_BAD_PASSWORD, "wrong password",
		    seq);
		return;
	}
	c->session->flags |= SESSION_OPER;
	log_info("%s is now an operator", c->session->nick);
	jbuf_begin(&server_client_jb, PROTO_OPERED);
	jbuf_str(&server_client_jb, "nick", c->session->nick);
	jbuf_end(&server_client_jb);
	server_client_send_jbuf(c, &server_client_jb);
	server_client_ack(c, seq, 0);
}

/* kick: disconnect a user from the hub; the session ends. */
static void
server_client_kick(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*nick, *reason;
	struct session	*target;

	if (proto_get_str(obj, "nick", 1, &nick) != 0 ||
	    proto_get_str(obj, "reason", 0, &reason) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"nick\" is required",
		    seq);
		return;
	}
	if ((target = session_find_nick(nick)) == NULL) {
		server_client_errorf(c, PERR_NO_SUCH_NICK, seq,
		    "no such nick: %s", nick);
		return;
	}
	if (reason == NULL || *reason == '\0')
		reason = "kicked";
	if (strlen(reason) > CR_REASON_MAX) {
		server_client_error(c, PERR_TEXT_TOO_LONG, "reason too long",
		    seq);
		return;
	}
	log_info("%s kicked %s: %s", c->session->nick, target->nick, reason);
	server_client_ack(c, seq, 0);
	server_client_remove_session(target, c->session->nick, reason);
}

/*
 * Remove a user from the hub (kick or ban): everyone who shares a room,
 * the user and the operator are told; the session ends with no resume.
 */
static void
server_client_remove_session(struct session *target, const char *by,
    const char *reason)
{
	struct session	*oper = session_find_nick(by);
	struct jbuf	 jb;

	jbuf_init(&jb);
	jbuf_begin(&jb, PROTO_KICKED);
	jbuf_str(&jb, "nick", target->nick);
	jbuf_str(&jb, "by", by);
	jbuf_int(&jb, "ts", now_ms());
	jbuf_str(&jb, "reason", reason);
	jbuf_end(&jb);
	session_fanout_peers(target, jb.buf, jb.len, 1);
	if (oper != NULL && oper->mark != target->mark)	/* not reached */
		session_write(oper, jb.buf, jb.len);
	jbuf_free(&jb);
	if (target->client != NULL) {
		target->client->flags |= SC_NORESUME;
		target->client->session = NULL;
		server_client_drop(target->client, "kicked");
	}
	session_destroy(target, NULL);
}

/* shutdown: stop the hub (operators only). */
static void
server_client_shutdown(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*reason;

	if (proto_get_str(obj, "reason", 0, &reason) != 0 || reason == NULL ||
	    *reason == '\0' || strlen(reason) > CR_REASON_MAX)
		reason = "the hub is shutting down";
	log_info("shutdown requested by %s", c->session->nick);
	server_client_ack(c, seq, 0);
	server_shutdown(reason);
}

/* ping: answer with pong. */
static void
server_client_ping(struct server_client *c, cJSON *obj, long long seq)
{
	jbuf_begin(&server_client_jb, PROTO_PONG);
	if (seq > 0)
		jbuf_int(&server_client_jb, "seq", seq);
	jbuf_end(&server_client_jb);
	server_client_send_jbuf(c, &server_client_jb);
}

/* pong: the answer to our keepalive; receiving it is all that matters. */
static void
server_client_pong(struct server_client *c, cJSON *obj, long long seq)
{
}

/* quit: leave the hub for good; no resume window. */
static void
server_client_quit(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*reason;
	struct session	*s = c->session;

	if (proto_get_str(obj, "reason", 0, &reason) != 0 || reason == NULL ||
	    strlen(reason) > CR_REASON_MAX)
		reason = "quit";
	/* A muted user's reason would be one last message to every room. */
	if (s != NULL && ban_find(BAN_MUTE, s->nick) != NULL)
		reason = "quit";
	c->flags |= SC_NORESUME;
	if (s != NULL) {
		log_info("%s quit: %s", s->nick, reason);
		c->session = NULL;
		s->client = NULL;
		s->peer = NULL;
		session_destroy(s, reason);
	}
	server_client_drop(c, "quit");
}

/* Tell one client something that happened, by code (the client words it). */
void
server_client_notice(struct server_client *c, const char *code,
    const char *subject)
{
	jbuf_begin(&server_client_jb, PROTO_NOTICE);
	jbuf_str(&server_client_jb, "code", code);
	jbuf_str(&server_client_jb, "subject", subject);
	jbuf_end(&server_client_jb);
	server_client_send_jbuf(c, &server_client_jb);
}

/* Tell every registered client (the cluster's state changed). */
void
server_client_notice_all(const char *code, const char *subject)
{
	struct server_client	*c;
	struct jbuf	 jb;

	jbuf_init(&jb);
	jbuf_begin(&jb, PROTO_NOTICE);
	jbuf_str(&jb, "code", code);
	jbuf_str(&jb, "subject", subject);
	jbuf_end(&jb);
	TAILQ_FOREACH(c, &server_client_list, entry) {
		if (c->session != NULL)
			server_client_send_jbuf(c, &jb);
	}
	jbuf_free(&jb);
}

/* release: give up the claim on our nick, or (operators) on any nick. */
static void
server_client_release(struct server_client *c, cJSON *obj, long long seq)
{
	struct session	*s = c->session;
	const char	*nick;

	if (proto_get_str(obj, "nick", 0, &nick) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "\"nick\" must be a string", seq);
		return;
	}
	if (nick == NULL)
		nick = s->nick;
	else if (session_find_nick(nick) != s && !(s->flags & SESSION_OPER)) {
		server_client_error(c, PERR_NOT_OPER, "only operators may free "
		    "another user's nick", seq);
		return;
	}
	if (claim_check(nick, NULL) == 1) {
		server_client_errorf(c, PERR_NO_SUCH_NICK, seq,
		    "the nick %s is not claimed", nick);
		return;
	}
	if (!(s->flags & SESSION_OPER) && claim_check(nick, s->secret) != 2) {
		server_client_errorf(c, PERR_NICK_CLAIMED, seq,
		    "you do not hold a claim on %s", nick);
		return;
	}
	if (claim_release(nick) != 0) {
		server_client_errorf(c, PERR_NO_SUCH_NICK, seq,
		    "the nick %s is not claimed", nick);
		return;
	}
	server_client_notice(c, "released", nick);
	server_client_ack(c, seq, 0);
}

/*
 * ban: a nick or an address, for a time ("30m", "2h", "7d") or for ever,
 * with a reason.  Users it matches are removed at once.
 */
static void
server_client_ban(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*target, *duration, *reason;
	struct session	*s;
	struct server_client	*o, *onext;
	int64_t		 ms = 0;
	int		 kind;
	enum proto_err	 err;
	char		*cause, *why, *addr;

	if (proto_get_str(obj, "target", 1, &target) != 0 ||
	    proto_get_str(obj, "duration", 0, &duration) != 0 ||
	    proto_get_str(obj, "reason", 0, &reason) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"target\" is required",
		    seq);
		return;
	}
	if (duration != NULL && proto_parse_duration(duration, &ms) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "a duration is like 30m, 2h " "or 7d", seq);
		return;
	}
	if (reason == NULL || *reason == '\0')
		reason = "banned";
	if (strlen(reason) > CR_REASON_MAX) {
		server_client_error(c, PERR_TEXT_TOO_LONG, "reason too long",
		    seq);
		return;
	}
	addr = ban_canonical_address(target);
	kind = addr != NULL ? BAN_IP : BAN_NICK;
	if (kind == BAN_NICK && proto_check_nick(target, &err, &cause) != 0) {
		server_client_error(c, err, cause, seq);
		free(cause);
		return;
	}
	ban_add(kind, target, ms > 0 ? now_ms() + ms : 0, reason,
	    c->session->nick);
	log_info("%s banned %s: %s", c->session->nick, target, reason);
	server_client_notice(c, "banned", target);
	server_client_ack(c, seq, 0);

	xasprintf(&why, "banned: %s", reason);
	if (kind == BAN_NICK) {
		if ((s = session_find_nick(target)) != NULL &&
		    s != c->session)
			server_client_remove_session(s, c->session->nick, why);
	} else {
		for (o = TAILQ_FIRST(&server_client_list); o != NULL; o = onext)
		    {
			onext = TAILQ_NEXT(o, entry);
			if (strcmp(o->ip->ip, addr) != 0 || o == c)
				continue;
			if ((s = o->session) != NULL)
				server_client_remove_session(s,
				c->session->nick,
				    why);
			else
				server_client_drop(o, "banned address");
		}
	}
	free(why);
	free(addr);
}

/* unban: lift a ban on a nick or an address. */
static void
server_client_unban(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*target;
	char		*addr;
	int		 kind;

	if (proto_get_str(obj, "target", 1, &target) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"target\" is required",
		    seq);
		return;
	}
	addr = ban_canonical_address(target);
	kind = addr != NULL ? BAN_IP : BAN_NICK;
	free(addr);
	if (ban_remove(kind, target) != 0) {
		server_client_errorf(c, PERR_BAD_FIELD, seq, "%s is not banned",
		    target);
		return;
	}
	log_info("%s lifted the ban on %s", c->session->nick, target);
	server_client_notice(c, "unbanned", target);
	server_client_ack(c, seq, 0);
}

/* bans: the bans and mutes in force. */
static void
server_client_bans(struct server_client *c, cJSON *obj, long long seq)
{
	const struct hist_ban	*b;
	struct jbuf		*jb = &server_client_jb;
	int64_t			 now = now_ms();
	u_int			 i;

	jbuf_begin(jb, PROTO_BANLIST);
	if (seq > 0)
		jbuf_int(jb, "seq", seq);
	jbuf_array_begin(jb, "bans");
	for (i = 0; i < ban_count(); i++) {
		b = ban_get(i);
		if (b->until != 0 && b->until <= now)
			continue;
		jbuf_object_begin(jb, NULL);
		jbuf_str(jb, "kind", b->kind == BAN_IP ? "ip" :
		    b->kind == BAN_MUTE ? "mute" : "nick");
		jbuf_str(jb, "target", b->target);
		jbuf_int(jb, "until", b->until);
		jbuf_str(jb, "reason", b->reason);
		jbuf_str(jb, "by", b->by);
		jbuf_object_end(jb);
	}
	jbuf_array_end(jb);
	jbuf_end(jb);
	server_client_send_jbuf(c, jb);
}

/* mute: a user may stay but not speak, for a time or until unmuted. */
static void
server_client_mute(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*nick, *duration;
	struct session	*s;
	int64_t		 ms = 0;

	if (proto_get_str(obj, "nick", 1, &nick) != 0 ||
	    proto_get_str(obj, "duration", 0, &duration) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"nick\" is required",
		    seq);
		return;
	}
	if (duration != NULL && proto_parse_duration(duration, &ms) != 0) {
		server_client_error(c, PERR_BAD_FIELD,
		    "a duration is like 30m, 2h " "or 7d", seq);
		return;
	}
	if ((s = session_find_nick(nick)) == NULL) {
		server_client_errorf(c, PERR_NO_SUCH_NICK, seq,
		    "no such nick: %s", nick);
		return;
	}
	ban_add(BAN_MUTE, s->nick, ms > 0 ? now_ms() + ms : 0, "",
	    c->session->nick);
	log_info("%s muted %s", c->session->nick, s->nick);
	if (s->client != NULL)
		server_client_notice(s->client, "muted", s->nick);
	if (s != c->session)
		server_client_notice(c, "muted", s->nick);
	server_client_ack(c, seq, 0);
}

/* unmute: let a user speak again. */
static void
server_client_unmute(struct server_client *c, cJSON *obj, long long seq)
{
	const char	*nick;
	struct session	*s;

	if (proto_get_str(obj, "nick", 1, &nick) != 0) {
		server_client_error(c, PERR_BAD_FIELD, "\"nick\" is required",
		    seq);
		return;
	}
	if (ban_remove(BAN_MUTE, nick) != 0) {
		server_client_errorf(c, PERR_BAD_FIELD, seq, "%s is not muted",
		    nick);
		return;
	}
	if ((s = session_find_nick(nick)) != NULL && s->client != NULL)
		server_client_notice(s->client, "unmuted", s->nick);
	if (s != c->session)
		server_client_notice(c, "unmuted", nick);
	server_client_ack(c, seq, 0);
}
