/* SPDX-License-Identifier: ISC */
/* server-client.c: one hub connection: accept, input, dispatch, free. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <event2/event.h>
#include <openssl/ssl.h>
#include <search.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "irc.h"

/*
 * The life of a connection: accepted, waits for "hello" (with a deadline),
 * registered (a session attached), then each line is parsed once and handed
 * to the handler its type names in the table below, after the checks the
 * table's policy asks for.  When the peer is lost the session waits for a
 * resume unless the user quit or was kicked.  The handlers live by family
 * in server-login.c, server-chat.c and server-oper.c.
 */

static TAILQ_HEAD(, server_client) server_client_list =
    TAILQ_HEAD_INITIALIZER(server_client_list);
static u_int	server_client_n;
static void	*server_client_ips;

/*
 * One scratch buffer for every reply: each frame is built and queued
 * before the next is started, and an idle connection should cost little.
 */
static struct jbuf	server_client_jb;

/*
 * What a request may do, by frame type: the handler and its policy.  A
 * request whose type has no handler is answered "bad_type".
 */
struct server_client_cmd {
	void		(*exec)(struct server_client *, cJSON *, long long);
	int		  flags;
#define SCMD_REGISTERED	0x1	/* needs a completed hello */
#define SCMD_OPER	0x2	/* needs operator rights */
#define SCMD_IMAGE	0x4	/* may carry an image, so a longer line */
	u_int		  cost;		/* flood tokens; 0: not held */
};

static int	server_client_ip_cmp(const void *, const void *);
static void	server_client_log_delivery(struct server_client *, size_t);
static void	server_client_send_all(const struct hub_event *, int);
static void	server_client_free(struct server_client *);
static void	server_client_oversize(struct peer *, void *);
static void	server_client_peer_cb(struct peer *, const char *, size_t,
		    void *);
static int	server_client_irc_hello(const char *, size_t);
static void	server_client_not_irc(struct server_client *);
static void	server_client_count_bad(enum proto_err);
static void	server_client_log_error(struct server_client *, enum proto_err,
		    const char *);
static void	server_client_ping(struct server_client *, cJSON *,
		    long long);
static void	server_client_pong(struct server_client *, cJSON *,
		    long long);

static const struct server_client_cmd server_client_cmds[PROTO_NTYPES] = {
	[PROTO_HELLO] = { server_login_hello, 0, 1 },
	[PROTO_MSG] = { server_chat_msg, SCMD_REGISTERED|SCMD_IMAGE, 1 },
	[PROTO_DM] = { server_chat_dm, SCMD_REGISTERED|SCMD_IMAGE, 1 },
	[PROTO_JOIN] = { server_chat_join, SCMD_REGISTERED, 1 },
	[PROTO_CREATE] = { server_chat_create, SCMD_REGISTERED, 1 },
	[PROTO_LEAVE] = { server_chat_leave, SCMD_REGISTERED, 1 },
	[PROTO_ROOMS] = { server_chat_rooms, SCMD_REGISTERED, 1 },
	[PROTO_NAMES] = { server_chat_names, SCMD_REGISTERED, 1 },
	[PROTO_TOPIC] = { server_chat_topic, SCMD_REGISTERED, 1 },
	[PROTO_NICK] = { server_login_nick, SCMD_REGISTERED, 1 },
	[PROTO_OPER] = { server_oper_oper, SCMD_REGISTERED, 1 },
	[PROTO_KICK] = { server_oper_kick, SCMD_REGISTERED|SCMD_OPER, 1 },
	[PROTO_SHUTDOWN] = { server_oper_shutdown, SCMD_REGISTERED|SCMD_OPER,
	    1 },
	[PROTO_PING] = { server_client_ping, 0, 0 },
	[PROTO_PONG] = { server_client_pong, 0, 0 },
	[PROTO_QUIT] = { server_login_quit, 0, 0 },
	[PROTO_RELEASE] = { server_login_nick_release, SCMD_REGISTERED, 1 },
	[PROTO_BAN] = { server_oper_ban, SCMD_REGISTERED|SCMD_OPER, 1 },
	[PROTO_UNBAN] = { server_oper_unban, SCMD_REGISTERED|SCMD_OPER, 1 },
	[PROTO_BANS] = { server_oper_bans, SCMD_REGISTERED|SCMD_OPER, 1 },
	[PROTO_MUTE] = { server_oper_mute, SCMD_REGISTERED|SCMD_OPER, 1 },
	[PROTO_UNMUTE] = { server_oper_unmute, SCMD_REGISTERED|SCMD_OPER, 1 },
	[PROTO_WHOIS] = { server_people_whois, SCMD_REGISTERED, 1 },
	[PROTO_AWAY] = { server_people_away, SCMD_REGISTERED, 1 },
	[PROTO_PASSWORD] = { server_login_nick_password, SCMD_REGISTERED, 1 },
	[PROTO_INVITE] = { server_people_invite, SCMD_REGISTERED, 1 },
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
    const char *ip, u_int listener, int irc)
{
	struct server_opts	*o = server_options();
	struct server_client	*c;
	struct ipcount		 find, *ipc, **found;
	struct hub_event	 ev;
	const struct hist_ban	*ban;
	char			 nonce[CR_NONCE_BYTES * 2 + 1], *cause;
	SSL			*ssl;

	c = xcalloc(1, sizeof *c);
	c->addr = xstrdup(addr);
	c->last_input = mono_ms();
	c->tokens = o->flood_burst;
	c->refilled = c->last_input;
	c->join_tokens = CR_JOIN_BURST;
	c->join_refilled = c->last_input;
	TAILQ_INIT(&c->held);
	if (server_client_jb.buf == NULL)
		jbuf_init(&server_client_jb);
	ssl = server_tls() != NULL ? SSL_new(server_tls()) : NULL;
	/* Until hello, a connection may send and be sent little. */
	c->peer = peer_new_tls(base, fd, ssl, 1, irc ? IRC_INPUT_MAX * 2 :
	    CR_HELLO_LINE_MAX,
	    o->sendq_max < CR_HELLO_SENDQ ? o->sendq_max : CR_HELLO_SENDQ,
	    server_client_peer_cb, c);
	if (irc)
		server_irc_new(c);
	peer_set_oversize(c->peer, server_client_oversize);
	/* What it is told when thrown out must reach it (peer_linger). */
	peer_set_linger(c->peer, 1);

	server_client_due(c, 1, o->handshake_timeout * 1000LL);
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
	if (log_burst(ip))
		log_info("connection from %s", addr);
	else
		c->flags |= SC_UNLOGGED;

	if (server_client_n > server_max_clients()) {
		server_client_error(c, PERR_HUB_FULL, "the hub is full", 0);
		server_client_drop(c, "too many connections");
	} else if (o->max_per_ip > 0 && ipc->n > (u_int)o->max_per_ip) {
		server_client_error(c, PERR_HUB_FULL,
		    "too many connections from your address", 0);
		server_client_drop(c, "too many connections from this address");
	} else if ((ban = ban_find(BAN_IP, ip)) != NULL) {
		cause = ban_refusal(ban, "your address");
		server_client_error_until(c, PERR_BANNED, cause, 0,
		    ban->until);
		free(cause);
		server_client_drop(c, "banned address");
	} else {
		/* A fresh challenge: a hello proof is good for this one. */
		arc4random_buf(c->nonce, sizeof c->nonce);
		util_hex(c->nonce, sizeof c->nonce, nonce);
		memset(&ev, 0, sizeof ev);
		ev.type = PROTO_CHALLENGE;
		ev.token = nonce;
		server_client_send_event(c, &ev);
		return;
	}
	metrics.handshake_failures[METRICS_HS_REFUSED]++;
}

/* Free a connection whose peer is gone. */
static void
server_client_free(struct server_client *c)
{
	struct server_client_held	*h;

	server_backend()->forget(c);
	claim_job_cancel(c);
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
	if (c->irc != NULL)
		server_irc_free(c);
	server_client_due_remove(c);
	if (server_client_n == 0)
		server_client_due_free();
	if (c->flood != NULL)
		event_free(c->flood);
	if (c->ask != NULL)
		event_free(c->ask);
	peer_free(c->peer);
	free(c->account);
	free(c->addr);
	free(c);
}

/*
 * Queue bytes for the client: a reply to it alone.  c outlives the call
 * even if this overflows its send queue: the peer then fails, but says
 * so (and c is freed) only from an event of its own (peer_fail), so a
 * caller may go on using c after any send.
 */
void
server_client_write(struct server_client *c, const char *line, size_t len)
{
	metrics.sent_bytes += len;
	if (log_level >= LOG_TRACE)
		server_client_log_delivery(c, len);
	peer_send(c->peer, line, len);
}

/* Send an event to this client alone, in its codec. */
void
server_client_send_event(struct server_client *c, const struct hub_event *ev)
{
	if (c->irc != NULL) {
		server_irc_event_reply(c, ev);	/* words answers as numerics */
		return;
	}
	server_event_encode(c->codec, &server_client_jb, ev);
	server_client_write(c, server_client_jb.buf, server_client_jb.len);
}

/*
 * Send an event to every client (registered ones only if asked),
 * encoded once per codec.
 */
static void
server_client_send_all(const struct hub_event *ev, int registered)
{
	struct server_client	*c;
	struct server_event	 out;
	const char		*line;
	size_t			 len;

	server_event_init(&out, ev);
	TAILQ_FOREACH(c, &server_client_list, entry) {
		if (registered && c->session == NULL)
			continue;
		if (c->irc != NULL && ev->type == PROTO_NOTICE) {
			/* No shared IRC bytes: each is worded for its user. */
			server_irc_event_reply(c, ev);
			continue;
		}
		line = server_event_bytes(&out, c->codec, &len);
		server_client_write(c, line, len);
	}
	server_event_free(&out);
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
	int64_t		 now = mono_ms();

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

/*
 * Fetch a string a request must have, or answer bad_field: "is required"
 * when it is missing, "must be a string" when it is something else (a
 * room given as a number, for example).
 */
int
server_client_need_str(struct server_client *c, cJSON *obj, const char *key,
    long long seq, const char **out)
{
	cJSON	*item;

	if (proto_get_str(obj, key, 1, out) == 0)
		return (0);
	item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (item == NULL || cJSON_IsNull(item))
		server_client_errorf(c, PERR_BAD_FIELD, seq,
		    "\"%s\" is required", key);
	else
		server_client_errorf(c, PERR_BAD_FIELD, seq,
		    "\"%s\" must be a string", key);
	return (-1);
}

/* Answer a request with an error frame. */
void
server_client_error(struct server_client *c, enum proto_err err,
    const char *detail, long long seq)
{
	server_client_error_until(c, err, detail, seq, 0);
}

/*
 * An error frame for a ban or a mute, with its end (ms, 0 for none) beside
 * the detail, for the client to say in the user's time zone.
 */
void
server_client_error_until(struct server_client *c, enum proto_err err,
    const char *detail, long long seq, int64_t until)
{
	struct hub_event	ev;

	server_client_log_error(c, err, detail);
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_ERROR;
	ev.code = proto_err_name(err);
	ev.text = detail;
	ev.seq = seq;
	ev.until = until;
	server_client_send_event(c, &ev);
}

/* Answer a request with an error frame whose detail is formatted. */
void
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
	struct hub_event	ev;

	if (seq <= 0)
		return;
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_ACK;
	ev.seq = seq;
	ev.id = id;
	server_client_send_event(c, &ev);
}

/* Close after sending what is queued; the session may be resumed. */
void
server_client_drop(struct server_client *c, const char *reason)
{
	if (!(c->flags & SC_UNLOGGED))
		log_info("%s: closing: %s", c->addr, reason);
	peer_close(c->peer);
}

/*
 * Throw a connection out for what it did (a flood, a line too long): its
 * session ends now, and those who shared a room see why, as IRC servers
 * show "Excess Flood".  Only a connection that vanished waits for a
 * resume; this one would only do it again.  The caller closes.
 */
void
server_client_kill(struct server_client *c, const char *reason)
{
	struct session	*s = c->session;

	c->flags |= SC_NORESUME;
	if (s == NULL || s->client != c)
		return;
	log_info("%s: %s removed: %s", c->addr, s->nick, reason);
	c->session = NULL;
	s->client = NULL;
	s->peer = NULL;
	session_destroy(s, reason);
}

/* A line past the limit: say so in the connection's codec; it ends. */
static void
server_client_oversize(struct peer *peer, void *arg)
{
	struct server_client	*c = arg;

	if (c->irc != NULL)
		server_irc_oversize(peer, arg);
	else
		server_client_errorf(c, PERR_LINE_TOO_LONG, 0,
		    "line longer than %d bytes", c->session != NULL ?
		    CR_IMAGE_LINE_MAX : CR_HELLO_LINE_MAX);
	metrics.line_drops++;
	server_client_kill(c, "line too long");
}

/* Say goodbye to every connection (shutdown). */
void
server_client_close_all(const char *reason)
{
	struct server_client	*c;
	struct hub_event	 ev;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_BYE;
	ev.reason = reason;
	server_client_send_all(&ev, 0);
	TAILQ_FOREACH(c, &server_client_list, entry) {
		c->flags |= SC_NORESUME;
		/* A stop does not wait for what clients still send. */
		peer_set_linger(c->peer, 0);
		/* Without TLS the goodbye cannot go: do not wait for it. */
		if (peer_tls_pending(c->peer))
			peer_fail(c->peer, "closed");
		else
			peer_close(c->peer);
	}
}

/* Walk the connections: the first after c (or the first of all). */
struct server_client *
server_client_next(struct server_client *c)
{
	return (c == NULL ? TAILQ_FIRST(&server_client_list) :
	    TAILQ_NEXT(c, entry));
}

/* How many connections are open. */
u_int
server_client_count(void)
{
	return (server_client_n);
}

/* A line arrived, or (line NULL) the connection is gone. */
static void
server_client_peer_cb(struct peer *peer, const char *line, size_t len,
    void *arg)
{
	struct server_client	*c = arg;
	struct session		*s = c->session;
	struct hub_event	 ev;
	int64_t			 heard;
	int			 ping;

	if (line == NULL) {
		/*
		 * server_client_due_check dropped it: peer_fail made this
		 * call.
		 */
		ping = (c->flags & SC_PINGOUT) ?
		    server_options()->ping_timeout : 0;
		/* When its client last said anything, by the wall clock. */
		heard = now_ms() - (mono_ms() - c->last_input);
		if (peer_overflowed(peer)) {
			/* Not a network fault: the client stopped reading. */
			log_warnx("%s: %s dropped: send queue exceeded (more "
			    "than %zu bytes waited for it to read, beside what "
			    "the kernel's socket buffer holds)", c->addr,
			    s != NULL ? s->nick : "a client not logged in",
			    server_options()->sendq_max);
			metrics.sendq_drops++;
		} else if (!(c->flags & SC_UNLOGGED))
			log_info("%s: disconnected: %s", c->addr,
			    peer_reason(peer));
		/* Still queued: the deadline did not count it already. */
		if (c->session == NULL && peer_tls_pending(peer) &&
		    (c->flags & SC_DUE))
			metrics.handshake_failures[METRICS_HS_TLS]++;
		/* Logged in or not: the handshake it asked for is refused. */
		if (peer_tls_renegotiated(peer))
			metrics.handshake_failures[METRICS_HS_RENEG]++;
		if (s != NULL && s->client == c && server_stopping()) {
			/* Kept, silently, for the history file: a restart. */
			s->client = NULL;
			s->peer = NULL;
			s->lost_id = server_peek_id() - 1;
		} else if (s != NULL && s->client == c) {
			if (!(c->flags & SC_NORESUME) &&
			    server_options()->resume_seconds > 0) {
				memset(&ev, 0, sizeof ev);
				ev.type = PROTO_LOST;
				ev.nick = s->nick;
				ev.ts = now_ms();
				s->client = NULL;
				s->peer = NULL;
				server_event_peers(s, &ev, 0);
				session_detach(s, 1, ping, heard);
			} else
				session_detach(s, 0, ping, heard);
		}
		server_client_free(c);
		return;
	}

	c->last_input = mono_ms();
	c->flags &= ~SC_PINGED;
	if (len == 0)		/* a blank line (someone pressed Enter) */
		return;
	server_client_input(c, line, len, 0);
}

/* The commands an IRC client may open with. */
static const char *const server_client_irc_hellos[] = {
	"CAP", "NICK", "PASS", "USER"
};

/* Is this first line an IRC client's registration rather than a frame? */
static int
server_client_irc_hello(const char *line, size_t len)
{
	size_t	i, n;

	for (i = 0; i < sizeof server_client_irc_hellos /
	    sizeof server_client_irc_hellos[0]; i++) {
		n = strlen(server_client_irc_hellos[i]);
		if (len > n && strncasecmp(line, server_client_irc_hellos[i],
		    n) == 0 && line[n] == ' ')
			return (1);
	}
	return (0);
}

/*
 * An IRC client came to the native port: tell it, in its own protocol,
 * where IRC clients go, and close, rather than answer it in JSON.
 */
static void
server_client_not_irc(struct server_client *c)
{
	const char	*port = server_irc_port();
	char		*line;

	if (port != NULL)
		xasprintf(&line, "ERROR :Closing Link: this is the chatroom "
		    "hub's native port; IRC clients use port %s\r\n", port);
	else
		xasprintf(&line, "ERROR :Closing Link: this is the chatroom "
		    "hub's native port, and this hub takes no IRC clients\r\n");
	server_client_write(c, line, strlen(line));
	free(line);
	server_client_drop(c, "an IRC client on the native port");
}

/*
 * Parse one request and carry it out.  Requests beyond the flood limit are
 * held back (in order) and carried out as the bucket refills; when too
 * many are held, the request is refused with "slow down" -- never dropped
 * silently -- and a client that keeps going is disconnected.
 */
void
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
	int			 badseq;

	if (c->irc != NULL) {
		server_irc_input(c, line, len, released);
		return;
	}
	if ((obj = proto_parse(line, len, &type, &err, &cause)) == NULL) {
		/* Which request failed, if it can still be told. */
		seq = proto_frame_seq(line, len);
		if (s == NULL && server_client_irc_hello(line, len)) {
			free(cause);
			server_client_not_irc(c);
			return;
		}
		if (len + 1 > CR_LINE_MAX) {
			server_client_error(c, PERR_LINE_TOO_LONG,
			    "frame too long", seq);
			metrics.line_drops++;
			server_client_kill(c, "line too long");
			server_client_drop(c, "line too long");
		} else {
			server_client_count_bad(err);
			if (server_client_flood_charge_invalid(c, seq) == 0)
				server_client_error(c, err, cause, seq);
		}
		free(cause);
		return;
	}
	/*
	 * Only what a double holds exactly: 2^53 may have been 2^53 + 1
	 * (9007199254740993 parses as 9007199254740992), and an ack with
	 * another number would never be matched by the client.
	 */
	badseq = proto_get_int(obj, "seq", 0, &seq) != 0 ||
	    seq > CR_ROOM_NUMBER_MAX || seq < -CR_ROOM_NUMBER_MAX;
	if (badseq)
		seq = 0;
	if (type > PROTO_UNKNOWN && type < PROTO_NTYPES &&
	    server_client_cmds[type].exec != NULL)
		cmd = &server_client_cmds[type];

	/* Only a request that may carry an image, and does, may be long. */
	if (len + 1 > CR_LINE_MAX && (cmd == NULL ||
	    !(cmd->flags & SCMD_IMAGE) ||
	    cJSON_GetObjectItemCaseSensitive(obj, "image") == NULL)) {
		server_client_error(c, PERR_LINE_TOO_LONG, "frame too long",
		    seq);
		metrics.line_drops++;
		server_client_kill(c, "line too long");
		server_client_drop(c, "line too long");
		goto out;
	}
	if (badseq) {
		metrics.bad_frames[METRICS_BAD_FIELD]++;
		if (server_client_flood_charge_invalid(c, 0) == 0)
			server_client_error(c, PERR_BAD_FIELD,
			    "\"seq\" must be an integer of at most "
			    "9007199254740991 (2^53 - 1)", 0);
		goto out;
	}
	if (cmd == NULL) {
		metrics.bad_frames[METRICS_BAD_TYPE]++;
		if (server_client_flood_charge_invalid(c, seq) == 0)
			server_client_error(c, PERR_BAD_TYPE,
			    "unknown frame type", seq);
		goto out;
	}
	if ((c->flags & (SC_WAITING|SC_ASKING)) && type != PROTO_PING &&
	    type != PROTO_PONG) {
		/*
		 * The hello, or a look-up (server_client_flood_ask), is with
		 * the backend: keep what follows it; pings still tell that the
		 * hub is alive.
		 */
		server_client_flood_hold(c, line, len,
		    type == PROTO_QUIT ? -1 : seq);
		goto out;
	}
	if ((cmd->flags & SCMD_REGISTERED) && s == NULL) {
		if (server_client_flood_charge_invalid(c, seq) == 0)
			server_client_error(c, PERR_NOT_REGISTERED,
			    "send hello first", seq);
		goto out;
	}
	if (s != NULL && !released && type == PROTO_QUIT && c->nheld > 0) {
		/* Quit after what is held back, not before it. */
		server_client_flood_hold(c, line, len, -1);
		goto out;
	}
	if (s != NULL && !released && server_options()->flood_rate > 0 &&
	    cmd->cost > 0 &&
	    (c->nheld > 0 || !server_client_flood_take(c, cmd->cost))) {
		server_client_flood_hold(c, line, len, seq);
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

/* Count a frame that did not parse in the metrics, by its error. */
static void
server_client_count_bad(enum proto_err err)
{
	switch (err) {
	case PERR_BAD_UTF8:
		metrics.bad_frames[METRICS_BAD_UTF8]++;
		break;
	case PERR_BAD_TYPE:
		metrics.bad_frames[METRICS_BAD_TYPE]++;
		break;
	case PERR_BAD_FIELD:
		metrics.bad_frames[METRICS_BAD_FIELD]++;
		break;
	default:
		metrics.bad_frames[METRICS_BAD_JSON]++;
		break;
	}
}

/* ping: answer with pong. */
static void
server_client_ping(struct server_client *c, cJSON *obj, long long seq)
{
	struct hub_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_PONG;
	ev.seq = seq;
	server_client_send_event(c, &ev);
}

/* pong: the answer to our keepalive; receiving it is all that matters. */
static void
server_client_pong(struct server_client *c, cJSON *obj, long long seq)
{
}

/* Tell one client something that happened, by code (the client words it). */
void
server_client_notice(struct server_client *c, const char *code,
    const char *subject)
{
	struct hub_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_NOTICE;
	ev.code = code;
	ev.subject = subject;
	server_client_send_event(c, &ev);
}

/* Tell every registered client (the cluster's state changed). */
void
server_client_notice_all(const char *code, const char *subject)
{
	struct hub_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_NOTICE;
	ev.code = code;
	ev.subject = subject;
	server_client_send_all(&ev, 1);
}
