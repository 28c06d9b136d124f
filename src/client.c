/* client.c: connect, handshake, reconnect with resume, events into the model. */

#include <sys/types.h>
#include <sys/socket.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"
#include "image.h"

/*
 * The client core keeps the model (rooms, DM conversations, their bounded
 * scrollback) and turns protocol events into lines; the interface (TUI or
 * --batch) is told through struct client_ui and never parses frames.
 */
struct client_handler {
	enum proto_type	  type;
	void		(*fn)(struct client *, cJSON *);
};

static void	client_connect_cb(evutil_socket_t, short, void *);
static void	client_tls_ready(struct peer *, void *);
static void	client_hello(struct client *);
static char	*client_load_secret(void);
static void	client_timer_cb(evutil_socket_t, short, void *);
static void	client_peer_cb(struct peer *, const char *, size_t, void *);
static void	client_lost(struct client *, const char *);
static void	client_set_state(struct client *, int);
static void	client_add(struct client *, struct croom *, int, int, int64_t,
		    const char *, const char *);
static void	client_add_image(struct client *, struct croom *, int, int,
		    int64_t, const char *, const char *, struct image *);
static void	client_event(struct client *, struct croom *, int64_t,
		    const char *, ...) __attribute__((format(printf, 4, 5)));
static void	client_members_add(struct croom *, const char *);
static int	client_members_del(struct croom *, const char *);
static int	client_members_has(struct croom *, const char *);
static void	client_remove_room(struct client *, struct croom *);
static int64_t	client_ts(cJSON *);

static void	client_on_welcome(struct client *, cJSON *);
static void	client_join_first(struct client *);
static void	client_on_error(struct client *, cJSON *);
static void	client_on_ack(struct client *, cJSON *);
static void	client_on_msg(struct client *, cJSON *);
static void	client_on_dm(struct client *, cJSON *);
static void	client_on_room(struct client *, cJSON *);
static void	client_on_history_end(struct client *, cJSON *);
static void	client_on_roomlist(struct client *, cJSON *);
static void	client_on_namelist(struct client *, cJSON *);
static void	client_on_joined(struct client *, cJSON *);
static void	client_on_left(struct client *, cJSON *);
static void	client_on_signoff(struct client *, cJSON *);
static void	client_on_lost(struct client *, cJSON *);
static void	client_on_back(struct client *, cJSON *);
static void	client_on_renamed(struct client *, cJSON *);
static void	client_on_topic(struct client *, cJSON *);
static void	client_on_kicked(struct client *, cJSON *);
static void	client_on_opered(struct client *, cJSON *);
static void	client_on_bye(struct client *, cJSON *);
static void	client_on_ping(struct client *, cJSON *);
static void	client_on_pong(struct client *, cJSON *);
static void	client_on_motd(struct client *, cJSON *);
static void	client_on_notice(struct client *, cJSON *);
static void	client_on_banlist(struct client *, cJSON *);

static const struct client_handler client_handlers[] = {
	{ PROTO_WELCOME, client_on_welcome },
	{ PROTO_ERROR, client_on_error },
	{ PROTO_ACK, client_on_ack },
	{ PROTO_MSG, client_on_msg },
	{ PROTO_DM, client_on_dm },
	{ PROTO_ROOM, client_on_room },
	{ PROTO_HISTORY_END, client_on_history_end },
	{ PROTO_ROOMLIST, client_on_roomlist },
	{ PROTO_NAMELIST, client_on_namelist },
	{ PROTO_JOINED, client_on_joined },
	{ PROTO_LEFT, client_on_left },
	{ PROTO_SIGNOFF, client_on_signoff },
	{ PROTO_LOST, client_on_lost },
	{ PROTO_BACK, client_on_back },
	{ PROTO_RENAMED, client_on_renamed },
	{ PROTO_TOPIC_CHANGED, client_on_topic },
	{ PROTO_KICKED, client_on_kicked },
	{ PROTO_OPERED, client_on_opered },
	{ PROTO_BYE, client_on_bye },
	{ PROTO_PING, client_on_ping },
	{ PROTO_PONG, client_on_pong },
	{ PROTO_MOTD, client_on_motd },
	{ PROTO_NOTICE, client_on_notice },
	{ PROTO_BANLIST, client_on_banlist },
};

/* Does text mention nick as a word (ignoring case)? */
int
client_mentions(const char *text, const char *nick)
{
	char	*t, *n, *p;
	size_t	 nlen;
	int	 found = 0;

	t = utf8_casefold(text);
	n = utf8_casefold(nick);
	nlen = strlen(n);
	for (p = t; nlen > 0 && (p = strstr(p, n)) != NULL; p++) {
		if ((p == t || !(((u_char)p[-1] & 0x80) || p[-1] == '_' ||
		    (p[-1] >= 'a' && p[-1] <= 'z') ||
		    (p[-1] >= '0' && p[-1] <= '9'))) &&
		    !(((u_char)p[nlen] & 0x80) || p[nlen] == '_' ||
		    (p[nlen] >= 'a' && p[nlen] <= 'z') ||
		    (p[nlen] >= '0' && p[nlen] <= '9'))) {
			found = 1;
			break;
		}
	}
	free(t);
	free(n);
	return (found);
}

/* Create a client; nothing happens until client_connect. */
struct client *
client_new(struct event_base *base, const char *host, const char *port,
    const char *nick, struct client_ui *ui)
{
	struct client	*c;

	c = xcalloc(1, sizeof *c);
	c->base = base;
	c->ui = ui;
	c->host = xstrdup(host);
	c->port = xstrdup(port);
	client_add_hub(c, host, port);
	c->nick = xstrdup(nick);
	c->scrollback = CR_SCROLLBACK;
	c->timer = evtimer_new(base, client_timer_cb, c);
	TAILQ_INIT(&c->rooms);
	c->secret = client_load_secret();
	c->status = client_room(c, "*", 1);
	c->status->flags |= CROOM_JOINED;
	c->current = c->status;
	return (c);
}

/*
 * Another hub of the same cluster: when one cannot be reached, or is lost,
 * the next is tried at once, and the session resumes there.
 */
void
client_add_hub(struct client *c, const char *host, const char *port)
{
	c->hosts = xreallocarray(c->hosts, c->nhosts + 1, sizeof *c->hosts);
	c->ports = xreallocarray(c->ports, c->nhosts + 1, sizeof *c->ports);
	c->hosts[c->nhosts] = xstrdup(host);
	c->ports[c->nhosts++] = xstrdup(port);
}

/* Move on to the next hub of the list. */
static void
client_next_hub(struct client *c)
{
	if (c->nhosts < 2)
		return;
	c->hostidx = (c->hostidx + 1) % c->nhosts;
	free(c->host);
	free(c->port);
	c->host = xstrdup(c->hosts[c->hostidx]);
	c->port = xstrdup(c->ports[c->hostidx]);
}

/* Free a client and its model. */
void
client_free(struct client *c)
{
	struct croom	*r;
	u_int		 i;

	for (i = 0; i < c->nhosts; i++) {
		free(c->hosts[i]);
		free(c->ports[i]);
	}
	free(c->hosts);
	free(c->ports);

	client_log_free(c->log);
	client_ignore_free(c);
	client_highlight_free(c);
	while ((r = TAILQ_FIRST(&c->rooms)) != NULL) {
		TAILQ_REMOVE(&c->rooms, r, entry);
		cbuf_free(&r->buf);
		for (i = 0; i < r->nmembers; i++)
			free(r->members[i]);
		free(r->members);
		free(r->name);
		free(r->topic);
		free(r);
	}
	for (i = 0; i < c->nroomlist; i++) {
		free(c->roomlist[i].name);
		free(c->roomlist[i].topic);
		free(c->roomlist[i].members);
	}
	free(c->roomlist);
	if (c->peer != NULL)
		peer_free(c->peer);
	if (c->tls != NULL)
		SSL_CTX_free(c->tls);
	free(c->trust);
	free(c->fingerprint);
	free(c->secret);
	free(c->password);
	free(c->room);
	event_free(c->timer);
	free(c->host);
	free(c->port);
	free(c->nick);
	free(c->hub);
	free(c->last_error);
	free(c);
}

/* Change state and tell the interface. */
static void
client_set_state(struct client *c, int state)
{
	c->state = state;
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/* Find a room or DM conversation by name; create it if asked. */
struct croom *
client_room(struct client *c, const char *name, int create)
{
	struct croom	*r;
	char		*key, *k2;

	key = utf8_casefold(name);
	TAILQ_FOREACH(r, &c->rooms, entry) {
		k2 = utf8_casefold(r->name);
		if (strcmp(key, k2) == 0) {
			free(k2);
			free(key);
			return (r);
		}
		free(k2);
	}
	free(key);
	if (!create)
		return (NULL);
	r = xcalloc(1, sizeof *r);
	r->name = xstrdup(name);
	r->topic = xstrdup("");
	cbuf_init(&r->buf, c->scrollback);
	TAILQ_INSERT_TAIL(&c->rooms, r, entry);
	return (r);
}

/* Forget a room we left. */
static void
client_remove_room(struct client *c, struct croom *r)
{
	u_int	i;

	if (r == c->status)
		return;
	if (c->current == r) {
		c->current = TAILQ_PREV(r, crooms, entry);
		if (c->current == NULL || c->current == c->status)
			c->current = TAILQ_NEXT(r, entry);
		if (c->current == NULL)
			c->current = c->status;
	}
	TAILQ_REMOVE(&c->rooms, r, entry);
	cbuf_free(&r->buf);
	for (i = 0; i < r->nmembers; i++)
		free(r->members[i]);
	free(r->members);
	free(r->name);
	free(r->topic);
	free(r);
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/*
 * Make a room the one in view; its unread count clears, and the one left
 * remembers how far it was read.
 */
void
client_switch(struct client *c, struct croom *r)
{
	if (c->current != NULL && c->current != r)
		c->current->seen = c->current->buf.total;
	c->current = r;
	r->unread = 0;
	r->mention = 0;
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/* Is nick a member of the room? */
static int
client_members_has(struct croom *r, const char *nick)
{
	u_int	i;

	for (i = 0; i < r->nmembers; i++) {
		if (strcmp(r->members[i], nick) == 0)
			return (1);
	}
	return (0);
}

/* Add a member name. */
static void
client_members_add(struct croom *r, const char *nick)
{
	if (client_members_has(r, nick))
		return;
	r->members = xreallocarray(r->members, r->nmembers + 1,
	    sizeof *r->members);
	r->members[r->nmembers++] = xstrdup(nick);
}

/* Remove a member name; 1 if it was there. */
static int
client_members_del(struct croom *r, const char *nick)
{
	u_int	i;

	for (i = 0; i < r->nmembers; i++) {
		if (strcmp(r->members[i], nick) == 0) {
			free(r->members[i]);
			r->members[i] = r->members[--r->nmembers];
			return (1);
		}
	}
	return (0);
}

/* Add a line to a room and tell the interface. */
static void
client_add(struct client *c, struct croom *r, int kind, int flags,
    int64_t ts, const char *nick, const char *text)
{
	client_add_image(c, r, kind, flags, ts, nick, text, NULL);
}

/* Add a line, maybe carrying a picture (the line takes it over). */
static void
client_add_image(struct client *c, struct croom *r, int kind, int flags,
    int64_t ts, const char *nick, const char *text, struct image *image)
{
	struct cline	*l;

	if (nick != NULL && !(flags & CLINE_SELF) && (kind == CLINE_MSG ||
	    kind == CLINE_ACTION || kind == CLINE_DM || kind == CLINE_IMAGE) &&
	    client_ignore_has(c, nick)) {
		image_free(image);
		return;
	}
	l = xcalloc(1, sizeof *l);
	l->image = image;
	l->ts = ts != 0 ? ts : now_ms();
	l->kind = kind;
	l->flags = flags;
	l->nick = nick != NULL ? utf8_sanitize(nick, strlen(nick), 0) : NULL;
	l->text = utf8_sanitize(text, strlen(text), 1);
	cbuf_push(&r->buf, l);
	client_log_line(c, r, l);
	if (r != c->current && kind != CLINE_MARKER &&
	    !(flags & (CLINE_HISTORY | CLINE_SELF)) &&
	    (kind == CLINE_MSG || kind == CLINE_ACTION || kind == CLINE_DM ||
	    kind == CLINE_IMAGE)) {
		r->unread++;
		if (flags & CLINE_MENTION)
			r->mention = 1;
	}
	if (c->ui->line != NULL)
		c->ui->line(c, r, l);
}

/* Add a formatted event line (join, leave, nick, topic). */
static void
client_event(struct client *c, struct croom *r, int64_t ts, const char *fmt,
    ...)
{
	va_list	 ap;
	char	*text;

	va_start(ap, fmt);
	xvasprintf(&text, fmt, ap);
	va_end(ap);
	client_add(c, r, CLINE_EVENT, 0, ts, NULL, text);
	free(text);
}

/* Add a local notice (or an error, with CLINE_ERROR as kind). */
void
client_notice(struct client *c, struct croom *r, int kind, const char *fmt,
    ...)
{
	va_list	 ap;
	char	*text;

	va_start(ap, fmt);
	xvasprintf(&text, fmt, ap);
	va_end(ap);
	client_add(c, r != NULL ? r : c->current, kind, 0, 0, NULL, text);
	free(text);
}

/* Start connecting (again). */
void
client_connect(struct client *c)
{
	struct addrinfo	 hints, *res, *ai;
	int		 fd = -1, error;
	struct event	*ev;

	if (c->peer != NULL) {
		peer_free(c->peer);
		c->peer = NULL;
	}
	client_set_state(c, CLIENT_CONNECTING);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	error = getaddrinfo(c->host, c->port, &hints, &res);
	if (error != 0) {
		client_lost(c, gai_strerror(error));
		return;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, ai->ai_protocol);
		if (fd == -1)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ||
		    errno == EINPROGRESS)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1) {
		client_lost(c, strerror(errno));
		return;
	}
	ev = event_new(c->base, fd, EV_WRITE, client_connect_cb, c);
	event_add(ev, NULL);
}

/* The socket is connected (or failed): say hello. */
static void
client_connect_cb(evutil_socket_t fd, short what, void *arg)
{
	struct client	*c = arg;
	struct event	*ev;
	SSL		*ssl;
	int		 err = 0;
	socklen_t	 len = sizeof err;

	ev = event_base_get_running_event(c->base);
	event_free(ev);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
		close(fd);
		client_lost(c, strerror(err != 0 ? err : errno));
		return;
	}
	if (c->tls != NULL) {
		if ((ssl = SSL_new(c->tls)) == NULL) {
			close(fd);
			client_lost(c, "SSL_new failed");
			return;
		}
		SSL_set_tlsext_host_name(ssl, c->host);
		SSL_set1_host(ssl, c->host);
		c->peer = peer_new_tls(c->base, fd, ssl, 0, CR_CLIENT_LINE_MAX,
		    16 * 1024 * 1024, client_peer_cb, c);
		peer_set_ready(c->peer, client_tls_ready);
		client_set_state(c, CLIENT_HANDSHAKE);
		return;
	}
	c->peer = peer_new(c->base, fd, CR_CLIENT_LINE_MAX, 16 * 1024 * 1024,
	    client_peer_cb, c);
	client_set_state(c, CLIENT_HANDSHAKE);
	client_hello(c);
}

/* Say hello: a new login, or a resume with the token. */
static void
client_hello(struct client *c)
{
	struct jbuf	jb;

	jbuf_init(&jb);
	jbuf_begin(&jb, PROTO_HELLO);
	jbuf_int(&jb, "version", PROTO_VERSION);
	jbuf_str(&jb, "nick", c->nick);
	if (c->token[0] != '\0') {
		jbuf_str(&jb, "token", c->token);
		jbuf_int(&jb, "last_id", (long long)c->last_id);
	}
	if (c->secret != NULL)
		jbuf_str(&jb, "secret", c->secret);
	if (c->password != NULL)
		jbuf_str(&jb, "password", c->password);
	jbuf_str(&jb, "client", PACKAGE_STRING);
	jbuf_end(&jb);
	peer_send(c->peer, jb.buf, jb.len);
	jbuf_free(&jb);
}

/*
 * The secret that proves our claimed nicks: random, made on first use and
 * kept in the state directory with mode 0600.  Without it nicks are not
 * claimed, which is no worse than before.
 */
static char *
client_load_secret(void)
{
	char			*path, *cause, buf[CR_SECRET_BYTES * 2 + 2];
	ssize_t			 n;
	int			 fd;

	path = state_path("secret");
	if ((fd = open(path, O_RDONLY)) != -1) {
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		free(path);
		if (n < 16)
			return (NULL);
		buf[n] = '\0';
		buf[strcspn(buf, "\r\n")] = '\0';
		return (xstrdup(buf));
	}
	if (make_parent_dirs(path, &cause) != 0) {
		log_debug("%s", cause);
		free(cause);
		free(path);
		return (NULL);
	}
	util_random_hex(buf, CR_SECRET_BYTES);
	buf[CR_SECRET_BYTES * 2] = '\n';
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1 ||
	    write(fd, buf, CR_SECRET_BYTES * 2 + 1) !=
	    CR_SECRET_BYTES * 2 + 1) {
		log_debug("%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		free(path);
		return (NULL);
	}
	close(fd);
	free(path);
	buf[CR_SECRET_BYTES * 2] = '\0';
	return (xstrdup(buf));
}

/* The hub as known_hubs names it: HOST:PORT, [V6]:PORT. */
char *
client_hub_name(struct client *c)
{
	char	*s;

	if (strchr(c->host, ':') != NULL)
		xasprintf(&s, "[%s]:%s", c->host, c->port);
	else
		xasprintf(&s, "%s:%s", c->host, c->port);
	return (s);
}

/* Use TLS (the default) or plain TCP, and an expected fingerprint. */
int
client_set_tls(struct client *c, int insecure, const char *trust,
    char **cause)
{
	if (trust != NULL)
		c->trust = xstrdup(trust);
	if (insecure)
		return (0);
	if ((c->tls = tls_client_ctx(cause)) == NULL)
		return (-1);
	return (0);
}

/*
 * The TLS handshake is over: accept a certificate that chains to a known
 * authority and names the host, or one whose fingerprint was pinned
 * before; otherwise ask the user (trust on first use, like ssh), or with
 * --trust compare.  A changed fingerprint is refused loudly.
 */
static void
client_tls_ready(struct peer *peer, void *arg)
{
	struct client	*c = arg;
	SSL		*ssl = peer_ssl(peer);
	X509		*x;
	char		*fp, *hub, *known, *cause;
	int		 line, rc;

	if ((x = SSL_get0_peer_certificate(ssl)) == NULL ||
	    (fp = tls_fingerprint(x)) == NULL) {
		client_notice(c, c->current, CLINE_ERROR,
		    _("the hub sent no certificate"));
		peer_fail(peer, _("no certificate"));
		return;
	}
	if (SSL_get_verify_result(ssl) == X509_V_OK) {
		free(fp);
		client_hello(c);
		return;
	}
	hub = client_hub_name(c);
	known = state_path("known_hubs");
	rc = tls_known_check(known, hub, fp, &line);
	if (c->trust != NULL) {
		/* What the user says on the command line wins. */
		if (!tls_fingerprint_equal(c->trust, fp)) {
			client_notice(c, c->current, CLINE_ERROR,
			    _("the certificate of %s does not match --trust "
			    "(its fingerprint is %s)"), hub, fp);
			c->flags &= ~CLIENT_RECONNECT;
			peer_fail(peer, _("certificate not trusted"));
			goto out;
		}
		if (rc != 1 && tls_known_add(known, hub, fp, &cause) != 0) {
			client_notice(c, c->current, CLINE_ERROR, "%s", cause);
			free(cause);
		}
		client_hello(c);
		goto out;
	}
	if (rc == 1) {
		client_hello(c);
		goto out;
	}
	if (rc == -1) {
		client_notice(c, c->current, CLINE_ERROR,
		    _("WARNING: the certificate of %s has CHANGED; its "
		    "fingerprint is now %s. This may be an attack. If the "
		    "change is expected, remove line %d of %s."), hub, fp,
		    line, known);
		c->flags &= ~CLIENT_RECONNECT;
		peer_fail(peer, _("certificate changed"));
		goto out;
	}
	if (c->ui->ask_trust != NULL) {
		free(c->fingerprint);
		c->fingerprint = fp;
		fp = NULL;
		c->ui->ask_trust(c, c->fingerprint);
		goto out;
	}
	client_notice(c, c->current, CLINE_ERROR,
	    _("the certificate of %s is not trusted; its fingerprint is %s. "
	    "If that is right, connect once with --trust %s"), hub, fp, fp);
	c->flags &= ~CLIENT_RECONNECT;
	peer_fail(peer, _("certificate not trusted"));
out:
	free(fp);
	free(hub);
	free(known);
}

/* The user's answer to "trust this hub?". */
void
client_trust(struct client *c, int yes)
{
	char	*hub, *known, *cause;

	if (c->fingerprint == NULL || c->peer == NULL)
		return;
	if (!yes) {
		c->flags &= ~CLIENT_RECONNECT;
		c->flags |= CLIENT_QUITTING;
		peer_fail(c->peer, _("certificate not trusted"));
		return;
	}
	hub = client_hub_name(c);
	known = state_path("known_hubs");
	if (tls_known_add(known, hub, c->fingerprint, &cause) != 0) {
		client_notice(c, c->current, CLINE_ERROR, "%s", cause);
		free(cause);
	}
	free(hub);
	free(known);
	free(c->fingerprint);
	c->fingerprint = NULL;
	client_hello(c);
}

/* The connection failed or was lost: retry with back-off, or give up. */
static void
client_lost(struct client *c, const char *reason)
{
	struct timeval	tv = { 0, 0 };
	char		*hub;

	c->pending = 0;
	free(c->last_error);
	c->last_error = xstrdup(reason);
	if (!(c->flags & CLIENT_QUITTING) && c->tried + 1 < c->nhosts &&
	    ((c->flags & CLIENT_RECONNECT) || c->state != CLIENT_READY)) {
		/* Another hub of the cluster, at once. */
		c->tried++;
		client_next_hub(c);
		hub = client_hub_name(c);
		client_notice(c, c->current, CLINE_ERROR,
		    _("disconnected (%s) — trying %s"), reason, hub);
		free(hub);
		client_set_state(c, CLIENT_WAITING);
		evtimer_add(c->timer, &tv);
		return;
	}
	c->tried = 0;
	if ((c->flags & CLIENT_QUITTING) || !(c->flags & CLIENT_RECONNECT)) {
		client_set_state(c, CLIENT_CLOSED);
		if (c->ui->closed != NULL)
			c->ui->closed(c, (c->flags & CLIENT_QUITTING) ? 0 : 1);
		return;
	}
	client_next_hub(c);	/* after the pause, start with the next */
	c->backoff = c->backoff == 0 ? 1 : c->backoff * 2;
	if (c->backoff > 30)
		c->backoff = 30;
	c->retry_at = c->backoff;
	client_notice(c, c->current, CLINE_ERROR,
	    _("disconnected (%s) — retrying in %d s"), reason, c->backoff);
	client_set_state(c, CLIENT_WAITING);
	tv.tv_sec = c->backoff;
	evtimer_add(c->timer, &tv);
}

/* Back-off over: try again. */
static void
client_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct client	*c = arg;

	client_connect(c);
}

/* Leave the hub for good. */
void
client_quit(struct client *c, const char *reason)
{
	struct jbuf	jb;

	c->flags |= CLIENT_QUITTING;
	evtimer_del(c->timer);
	if (c->peer == NULL || c->state != CLIENT_READY) {
		client_set_state(c, CLIENT_CLOSED);
		if (c->ui->closed != NULL)
			c->ui->closed(c, 0);
		return;
	}
	jbuf_init(&jb);
	jbuf_begin(&jb, PROTO_QUIT);
	if (reason != NULL && *reason != '\0')
		jbuf_str(&jb, "reason", reason);
	jbuf_end(&jb);
	peer_send(c->peer, jb.buf, jb.len);
	jbuf_free(&jb);
	peer_close(c->peer);
}

/* A fresh sequence number for a request that expects an answer. */
long long
client_next_seq(struct client *c)
{
	return (++c->seq);
}

/* Send a frame; refuses (and says so) while not connected. */
int
client_send_frame(struct client *c, struct jbuf *jb)
{
	if (c->state != CLIENT_READY || c->peer == NULL) {
		client_notice(c, c->current, CLINE_ERROR,
		    _("not connected — nothing was sent"));
		return (-1);
	}
	if (peer_send(c->peer, jb->buf, jb->len) != 0)
		return (-1);
	if (strstr(jb->buf, "\"seq\":") != NULL)
		c->pending++;
	return (0);
}

/* A line from the hub, or the connection is gone. */
static void
client_peer_cb(struct peer *peer, const char *line, size_t len, void *arg)
{
	struct client	*c = arg;

	if (line == NULL) {
		client_lost(c, peer_reason(peer));
		return;
	}
	client_handle_line(c, line, len);
}

/* Parse one frame and apply it. */
void
client_handle_line(struct client *c, const char *line, size_t len)
{
	cJSON		*obj;
	enum proto_type	 type;
	enum proto_err	 err;
	char		*cause;
	u_int		 i;

	if (c->ui->raw != NULL)
		c->ui->raw(c, line, len);
	if ((obj = proto_parse(line, len, &type, &err, &cause)) == NULL) {
		log_debug("bad frame from hub: %s", cause);
		free(cause);
		return;
	}
	for (i = 0; i < sizeof client_handlers / sizeof client_handlers[0];
	    i++) {
		if (client_handlers[i].type == type) {
			client_handlers[i].fn(c, obj);
			break;
		}
	}
	cJSON_Delete(obj);
}

/* The ts field, or now. */
static int64_t
client_ts(cJSON *obj)
{
	long long	ts = 0;

	if (proto_get_int(obj, "ts", 0, &ts) != 0 || ts <= 0)
		return (now_ms());
	return (ts);
}

/* A string field, or "" (the hub is trusted for shape, not content). */
static const char *
client_str(cJSON *obj, const char *key)
{
	const char	*s;

	if (proto_get_str(obj, key, 0, &s) != 0 || s == NULL)
		return ("");
	return (s);
}

/* Track the highest message id seen, for resume. */
static void
client_seen(struct client *c, cJSON *obj)
{
	long long	id = 0;

	if (proto_get_int(obj, "id", 0, &id) == 0 && id > 0 &&
	    (uint64_t)id > c->last_id)
		c->last_id = id;
}

/* welcome: we are in (or back). */
static void
client_on_welcome(struct client *c, cJSON *obj)
{
	const char	*token, *hub;
	int		 resumed = 0, was_ready;
	struct croom	*r;
	struct jbuf	 jb;

	proto_get_bool(obj, "resumed", 0, &resumed);
	free(c->nick);
	c->nick = xstrdup(client_str(obj, "nick"));
	if (proto_get_str(obj, "token", 0, &token) == 0 && token != NULL &&
	    strlen(token) < sizeof c->token)
		snprintf(c->token, sizeof c->token, "%s", token);
	hub = client_str(obj, "hub");
	free(c->hub);
	c->hub = xstrdup(hub);
	was_ready = (c->flags & CLIENT_EVER_READY) != 0;
	c->flags |= CLIENT_EVER_READY;
	c->backoff = 0;
	c->tried = 0;
	c->seq = 0;
	c->pending = 0;
	client_set_state(c, CLIENT_READY);
	if (resumed)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("welcome back, %s"), c->nick);
	else if (was_ready) {
		/* The old session expired: join our rooms again. */
		client_notice(c, c->current, CLINE_NOTICE,
		    _("reconnected as %s"), c->nick);
		jbuf_init(&jb);
		TAILQ_FOREACH(r, &c->rooms, entry) {
			if (r == c->status || (r->flags & CROOM_DM))
				continue;
			r->flags &= ~CROOM_JOINED;
			if (strcmp(r->name, CR_LOBBY) == 0)
				continue;
			jbuf_begin(&jb, PROTO_JOIN);
			jbuf_str(&jb, "room", r->name);
			jbuf_end(&jb);
			peer_send(c->peer, jb.buf, jb.len);
		}
		jbuf_free(&jb);
	} else {
		client_notice(c, c->current, CLINE_NOTICE,
		    _("connected to %s as %s"), c->host, c->nick);
		if (c->room != NULL)
			client_join_first(c);
	}
}

/* The room the target named: joined (or created) after the first login. */
static void
client_join_first(struct client *c)
{
	struct jbuf	jb;

	jbuf_init(&jb);
	jbuf_begin(&jb, PROTO_JOIN);
	jbuf_int(&jb, "seq", client_next_seq(c));
	jbuf_str(&jb, "room", c->room);
	jbuf_end(&jb);
	client_send_frame(c, &jb);
	jbuf_free(&jb);
}

/* error: show it, and tell the interface (it may end a handshake). */
static void
client_on_error(struct client *c, cJSON *obj)
{
	enum proto_err	 err;
	const char	*detail;
	char		*text;
	long long	 seq = 0;

	err = proto_err_lookup(client_str(obj, "code"));
	detail = client_str(obj, "detail");
	proto_get_int(obj, "seq", 0, &seq);
	if (seq > 0 && c->pending > 0)
		c->pending--;
	c->last_err = err;
	free(c->last_error);
	c->last_error = xstrdup(detail);
	if (err == PERR_BAD_TOKEN && c->state == CLIENT_READY) {
		/* Another connection took the session: do not fight it. */
		c->flags &= ~CLIENT_RECONNECT;
		c->token[0] = '\0';
	}
	text = fmt_error_detail(err, detail);
	client_notice(c, c->current, CLINE_ERROR, "%s", text);
	free(text);
	if (c->ui->error != NULL)
		c->ui->error(c, err, detail);
}

/* ack: a request was carried out. */
static void
client_on_ack(struct client *c, cJSON *obj)
{
	if (c->pending > 0)
		c->pending--;
	client_seen(c, obj);
}

/* msg: a room message (live or replayed). */
static void
client_on_msg(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick, *text;
	int		 action = 0, flags = 0, kind;
	cJSON		*img;
	struct image	*image = NULL;
	char		*cause;

	client_seen(c, obj);
	if ((r = client_room(c, client_str(obj, "room"), 0)) == NULL)
		return;
	nick = client_str(obj, "nick");
	text = client_str(obj, "text");
	proto_get_bool(obj, "action", 0, &action);
	kind = action ? CLINE_ACTION : CLINE_MSG;
	if (r->flags & CROOM_REPLAY)
		flags |= CLINE_HISTORY;
	if (strcmp(nick, c->nick) == 0)
		flags |= CLINE_SELF;
	else if (client_highlight_match(c, text))
		flags |= CLINE_MENTION;
	if ((img = cJSON_GetObjectItemCaseSensitive(obj, "image")) != NULL) {
		if ((image = image_from_json(img, &cause)) == NULL) {
			log_debug("bad image from %s: %s", nick, cause);
			free(cause);
		} else
			kind = CLINE_IMAGE;
	}
	client_add_image(c, r, kind, flags, client_ts(obj), nick, text, image);
}

/* dm: a direct message, in either direction. */
static void
client_on_dm(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*from, *to, *text;
	int		 flags = 0, action = 0, kind;
	cJSON		*img;
	struct image	*image = NULL;
	char		*cause;

	client_seen(c, obj);
	from = client_str(obj, "nick");
	to = client_str(obj, "to");
	text = client_str(obj, "text");
	proto_get_bool(obj, "action", 0, &action);
	if (strcmp(from, c->nick) == 0) {
		flags |= CLINE_OUT | CLINE_SELF;
		r = client_room(c, to, 1);
	} else {
		flags |= CLINE_MENTION;
		r = client_room(c, from, 1);
	}
	r->flags |= CROOM_DM | CROOM_JOINED;
	kind = action ? CLINE_ACTION : CLINE_DM;
	if ((img = cJSON_GetObjectItemCaseSensitive(obj, "image")) != NULL) {
		if ((image = image_from_json(img, &cause)) == NULL) {
			log_debug("bad image from %s: %s", from, cause);
			free(cause);
		} else
			kind = CLINE_IMAGE;
	}
	/* An outgoing DM shows who it went to. */
	client_add_image(c, r, kind, flags, client_ts(obj),
	    (flags & CLINE_OUT) && !action ? to : from, text, image);
}

/* room: state of a room we are in, before its replay. */
static void
client_on_room(struct client *c, cJSON *obj)
{
	struct croom	*r;
	cJSON		*members, *m;
	long long	 history = 0;
	int		 resumed = 0;
	u_int		 i;

	r = client_room(c, client_str(obj, "room"), 1);
	r->flags |= CROOM_JOINED;
	free(r->topic);
	r->topic = xstrdup(client_str(obj, "topic"));
	for (i = 0; i < r->nmembers; i++)
		free(r->members[i]);
	r->nmembers = 0;
	members = cJSON_GetObjectItemCaseSensitive(obj, "members");
	cJSON_ArrayForEach(m, members) {
		if (cJSON_IsString(m))
			client_members_add(r, m->valuestring);
	}
	if (c->current == c->status)	/* taken over: show a room */
		c->current = r;
	proto_get_int(obj, "history", 0, &history);
	proto_get_bool(obj, "resumed", 0, &resumed);
	if (history > 0 && !resumed)	/* on resume: missed, not history */
		r->flags |= CROOM_REPLAY;
	if (c->ui->state != NULL)
		c->ui->state(c);
}

/* history_end: the replay is over; set it apart with a marker. */
static void
client_on_history_end(struct client *c, cJSON *obj)
{
	struct croom	*r;

	if ((r = client_room(c, client_str(obj, "room"), 0)) == NULL)
		return;
	if (r->flags & CROOM_REPLAY) {
		r->flags &= ~CROOM_REPLAY;
		client_add(c, r, CLINE_MARKER, CLINE_HISTORY, 0, NULL,
		    _("end of history"));
	}
}

/* roomlist: the answer to /rooms (also feeds the room picker). */
static void
client_on_roomlist(struct client *c, cJSON *obj)
{
	cJSON		*rooms, *jr, *m;
	struct roominfo	*ri;
	long long	 n = 0, count;
	size_t		 len;
	u_int		 i;

	if (proto_get_int(obj, "seq", 0, &n) == 0 && n > 0 && c->pending > 0)
		c->pending--;
	for (i = 0; i < c->nroomlist; i++) {
		free(c->roomlist[i].name);
		free(c->roomlist[i].topic);
		free(c->roomlist[i].members);
	}
	free(c->roomlist);
	c->roomlist = NULL;
	c->nroomlist = 0;
	rooms = cJSON_GetObjectItemCaseSensitive(obj, "rooms");
	cJSON_ArrayForEach(jr, rooms) {
		c->roomlist = xreallocarray(c->roomlist, c->nroomlist + 1,
		    sizeof *c->roomlist);
		ri = &c->roomlist[c->nroomlist++];
		n = count = 0;
		proto_get_int(jr, "n", 0, &n);
		proto_get_int(jr, "count", 0, &count);
		ri->number = n;
		ri->nmembers = count;
		ri->name = utf8_sanitize(client_str(jr, "name"),
		    strlen(client_str(jr, "name")), 0);
		ri->topic = utf8_sanitize(client_str(jr, "topic"),
		    strlen(client_str(jr, "topic")), 0);
		ri->members = xstrdup("");
		len = 0;
		cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(jr,
		    "members")) {
			if (!cJSON_IsString(m))
				continue;
			len = strlen(ri->members);
			ri->members = xrealloc(ri->members, len +
			    strlen(m->valuestring) + 3);
			if (len > 0)
				strcat(ri->members, ", ");
			strcat(ri->members, m->valuestring);
		}
	}
	if (c->ui->roomlist != NULL)
		c->ui->roomlist(c);
}

/* namelist: the answer to /names. */
static void
client_on_namelist(struct client *c, cJSON *obj)
{
	struct croom	*r;
	cJSON		*m;
	char		*list = xstrdup("");
	size_t		 len;
	long long	 seq = 0;
	u_int		 n = 0;

	if (proto_get_int(obj, "seq", 0, &seq) == 0 && seq > 0 &&
	    c->pending > 0)
		c->pending--;
	r = client_room(c, client_str(obj, "room"), 0);
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(obj,
	    "members")) {
		if (!cJSON_IsString(m))
			continue;
		if (r != NULL)
			client_members_add(r, m->valuestring);
		len = strlen(list);
		list = xrealloc(list, len + strlen(m->valuestring) + 2);
		if (len > 0)
			strcat(list, " ");
		strcat(list, m->valuestring);
		n++;
	}
	client_notice(c, r != NULL ? r : c->current, CLINE_NOTICE,
	    ngettext("#%s: %u member: %s", "#%s: %u members: %s", n),
	    client_str(obj, "room"), n, list);
	free(list);
}

/* joined: someone (maybe us) joined a room. */
static void
client_on_joined(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_str(obj, "nick");
	int		 self = strcmp(nick, c->nick) == 0;

	r = client_room(c, client_str(obj, "room"), self);
	if (r == NULL)
		return;
	client_members_add(r, nick);
	if (self) {
		r->flags |= CROOM_JOINED;
		client_switch(c, r);
		client_event(c, r, client_ts(obj), _("you joined #%s"),
		    r->name);
	} else
		client_event(c, r, client_ts(obj), _("%s joined #%s"), nick,
		    r->name);
}

/* left: someone (maybe us) left a room. */
static void
client_on_left(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_str(obj, "nick");

	if ((r = client_room(c, client_str(obj, "room"), 0)) == NULL)
		return;
	if (strcmp(nick, c->nick) == 0) {
		client_notice(c, c->status, CLINE_NOTICE, _("you left #%s"),
		    r->name);
		client_remove_room(c, r);
		return;
	}
	client_members_del(r, nick);
	client_event(c, r, client_ts(obj), _("%s left #%s"), nick, r->name);
}

/* signoff: someone left the hub. */
static void
client_on_signoff(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_str(obj, "nick");
	const char	*reason = client_str(obj, "reason");

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (client_members_del(r, nick) ||
		    ((r->flags & CROOM_DM) && strcmp(r->name, nick) == 0))
			client_event(c, r, client_ts(obj), _("%s quit (%s)"),
			    nick, reason);
	}
}

/* lost: someone's connection dropped; they may come back. */
static void
client_on_lost(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_str(obj, "nick");

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (client_members_has(r, nick))
			client_event(c, r, client_ts(obj),
			    _("%s lost the connection"), nick);
	}
}

/* back: someone resumed their session. */
static void
client_on_back(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_str(obj, "nick");

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (client_members_has(r, nick))
			client_event(c, r, client_ts(obj), _("%s is back"),
			    nick);
	}
}

/* renamed: a nick change (maybe ours). */
static void
client_on_renamed(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*old = client_str(obj, "old");
	const char	*nick = client_str(obj, "nick");
	int		 self = strcmp(old, c->nick) == 0, shown = 0;

	if (self) {
		free(c->nick);
		c->nick = xstrdup(nick);
	}
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (client_members_del(r, old)) {
			client_members_add(r, nick);
			if (self)
				client_event(c, r, client_ts(obj),
				    _("you are now known as %s"), nick);
			else
				client_event(c, r, client_ts(obj),
				    _("%s is now known as %s"), old, nick);
			shown = 1;
		}
	}
	if (self && !shown)
		client_event(c, c->current, client_ts(obj),
		    _("you are now known as %s"), nick);
}

/* topic_changed: a room's topic was set. */
static void
client_on_topic(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*topic = client_str(obj, "topic");

	if ((r = client_room(c, client_str(obj, "room"), 0)) == NULL)
		return;
	free(r->topic);
	r->topic = xstrdup(topic);
	if (*topic == '\0')
		client_event(c, r, client_ts(obj), _("%s cleared the topic"),
		    client_str(obj, "nick"));
	else
		client_event(c, r, client_ts(obj),
		    _("%s changed the topic to: %s"), client_str(obj, "nick"),
		    topic);
}

/* kicked: someone (maybe us) was removed from the hub. */
static void
client_on_kicked(struct client *c, cJSON *obj)
{
	struct croom	*r;
	const char	*nick = client_str(obj, "nick");
	const char	*by = client_str(obj, "by");
	const char	*reason = client_str(obj, "reason");

	if (strcmp(nick, c->nick) == 0) {
		client_notice(c, c->current, CLINE_ERROR,
		    _("you were kicked by %s (%s)"), by, reason);
		c->flags &= ~CLIENT_RECONNECT;
		return;
	}
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (client_members_del(r, nick))
			client_event(c, r, client_ts(obj),
			    _("%s was kicked by %s (%s)"), nick, by, reason);
	}
}

/* opered: we are an operator now. */
static void
client_on_opered(struct client *c, cJSON *obj)
{
	c->flags |= CLIENT_OPER;
	client_notice(c, c->current, CLINE_NOTICE,
	    _("you are now a hub operator"));
}

/* bye: the hub is shutting down. */
static void
client_on_bye(struct client *c, cJSON *obj)
{
	client_notice(c, c->current, CLINE_ERROR,
	    _("the hub is shutting down: %s"), client_str(obj, "reason"));
}

/* ping: keepalive from the hub. */
static void
client_on_ping(struct client *c, cJSON *obj)
{
	static const char	pong[] = "{\"type\":\"pong\"}\n";

	if (c->peer != NULL)
		peer_send(c->peer, pong, sizeof pong - 1);
}

/* pong: the answer to our ping. */
static void
client_on_pong(struct client *c, cJSON *obj)
{
	long long	seq = 0;

	if (proto_get_int(obj, "seq", 0, &seq) == 0 && seq > 0 &&
	    c->pending > 0)
		c->pending--;
}

/* motd: the hub's message of the day, line by line. */
static void
client_on_motd(struct client *c, cJSON *obj)
{
	char	*text, *line, *next;

	text = xstrdup(client_str(obj, "text"));
	for (line = text; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		client_notice(c, c->current, CLINE_NOTICE, "%s", line);
	}
	free(text);
}

/* notice: something the hub did for us, worded here. */
static void
client_on_notice(struct client *c, cJSON *obj)
{
	const char	*code = client_str(obj, "code");
	const char	*subject = client_str(obj, "subject");

	if (strcmp(code, "released") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("the claim on %s was released"), subject);
	else if (strcmp(code, "banned") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s is banned"), subject);
	else if (strcmp(code, "unbanned") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s is no longer banned"), subject);
	else if (strcmp(code, "muted") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s is muted"), subject);
	else if (strcmp(code, "unmuted") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s may speak again"), subject);
	else if (strcmp(code, "degraded") == 0)
		client_notice(c, c->current, CLINE_ERROR,
		    _("the hub lost contact with the other hubs (%s): only "
		    "users of this hub can be reached for now"), subject);
	else if (strcmp(code, "recovered") == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("the hub is back in contact with the other hubs (%s)"),
		    subject);
}

/* banlist: the answer to /bans. */
static void
client_on_banlist(struct client *c, cJSON *obj)
{
	cJSON		*b;
	long long	 until, seq = 0;
	char		 when[32];
	time_t		 t;
	struct tm	 tm;
	u_int		 n = 0;

	if (proto_get_int(obj, "seq", 0, &seq) == 0 && seq > 0 &&
	    c->pending > 0)
		c->pending--;
	cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(obj, "bans")) {
		until = 0;
		proto_get_int(b, "until", 0, &until);
		if (until == 0)
			snprintf(when, sizeof when, "%s", _("for ever"));
		else {
			t = until / 1000;
			localtime_r(&t, &tm);
			strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		}
		client_notice(c, c->current, CLINE_NOTICE,
		    _("%s %s until %s by %s: %s"), client_str(b, "kind"),
		    client_str(b, "target"), when, client_str(b, "by"),
		    client_str(b, "reason"));
		n++;
	}
	if (n == 0)
		client_notice(c, c->current, CLINE_NOTICE,
		    _("there are no bans"));
}
