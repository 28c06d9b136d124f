/* SPDX-License-Identifier: ISC */
/* client.c: connect, handshake, reconnect with resume, and quit. */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

/*
 * The client core: this file is the life of a connection (connect, TLS,
 * hello, reconnect with resume, quit); client-tls.c judges the hub's
 * certificate, client-send.c is the one way requests are sent,
 * client-lag.c watches the hub's silence, and client-event.c applies
 * what the hub sends to the model of client-room.c.
 * The interface (TUI or --batch) is told through struct client_ui and
 * never parses or builds frames.
 */
static void	client_connect_cb(evutil_socket_t, short, void *);
static void	client_timer_cb(evutil_socket_t, short, void *);
static void	client_peer_cb(struct peer *, const char *, size_t, void *);
static void	client_lost(struct client *, const char *, int);
static char	*client_ban_text(const char *, int64_t);
static int	 client_banned(struct client *);
static void	client_fail(struct client *, int, unsigned long, const char *);
static void	client_set_state(struct client *, int);
static void	client_quit_timeout(struct client *);

/*
 * Marks and symbols outside ASCII that end a word as a space does: Latin-1
 * punctuation, general punctuation, arrows to dingbats and the emoji
 * blocks, CJK punctuation, fullwidth punctuation.
 */
static const struct utf8_range client_word_ends[] = {
	{ 0x00A0, 0x00BF }, { 0x00D7, 0x00D7 }, { 0x00F7, 0x00F7 },
	{ 0x2000, 0x206F }, { 0x20A0, 0x20CF }, { 0x2190, 0x2BFF },
	{ 0x3000, 0x3003 }, { 0x3008, 0x3020 }, { 0x30FB, 0x30FB },
	{ 0xFE30, 0xFE4F }, { 0xFF01, 0xFF0F }, { 0xFF1A, 0xFF20 },
	{ 0xFF3B, 0xFF40 }, { 0xFF5B, 0xFF65 }, { 0x1F000, 0x1FAFF },
};

/* Is code point cp part of a word (so that a word next to it goes on)? */
static int
client_word_char(uint32_t cp)
{
	if (cp < 0x80)
		return ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9') || cp == '_');
	return (!utf8_in_table(cp, client_word_ends,
	    sizeof client_word_ends / sizeof client_word_ends[0]));
}

/*
 * Does a word end between the code points a and b, for a mention?  Where
 * neither is a word character, or one is an ideograph or a kana: Chinese
 * and Japanese put no spaces between words.  Korean does, but a particle
 * follows a name in the same word ("철수야"): after a Hangul syllable a
 * word may go on with others.
 */
static int
client_word_edge(uint32_t a, uint32_t b, int after)
{
	char	sa[4], sb[4];
	size_t	na, nb;
	int	fa, fb;

	if (!client_word_char(a) || !client_word_char(b))
		return (1);
	if (a < 0x1100 && b < 0x1100)
		return (0);
	na = utf8_encode(a, sa);
	nb = utf8_encode(b, sb);
	fa = utf8_lb_class(sa, na);
	fb = utf8_lb_class(sb, nb);
	if ((fa | fb) & (UTF8_LB_BEFORE|UTF8_LB_AFTER))
		return (1);
	return (after && (fa & UTF8_LB_SOFT) && (fb & UTF8_LB_SOFT));
}

/*
 * Does text mention nick as a word (ignoring case)?  A word is ended by
 * the text's ends, spaces and punctuation, and in Chinese and Japanese by
 * any ideograph or kana (see client_word_edge).
 */
int
client_mentions(const char *text, const char *nick)
{
	char		*t, *n, *p;
	size_t		 tlen, nlen, off;
	uint32_t	 first, last, cp;
	int		 found = 0;

	t = utf8_casefold(text);
	n = utf8_casefold(nick);
	tlen = strlen(t);
	nlen = strlen(n);
	if (nlen == 0)
		goto out;
	utf8_decode(n, nlen, &first);
	utf8_decode(n + utf8_prev(n, nlen), nlen - utf8_prev(n, nlen), &last);
	for (p = t; (p = strstr(p, n)) != NULL; p++) {
		off = p - t;
		if (off > 0) {
			utf8_decode(t + utf8_prev(t, off),
			    off - utf8_prev(t, off), &cp);
			if (!client_word_edge(cp, first, 0))
				continue;
		}
		if (off + nlen < tlen) {
			utf8_decode(p + nlen, tlen - off - nlen, &cp);
			if (!client_word_edge(last, cp, 1))
				continue;
		}
		found = 1;
		break;
	}
out:
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
	/* In NFC, as the hub keeps it: the key signs the nick it checks. */
	if ((c->nick = utf8_nfc(nick)) == NULL)
		c->nick = xstrdup(nick);
	c->scrollback = CR_SCROLLBACK;
	c->window_bytes = CR_WINDOW_BYTES;
	c->scrollback_bytes = CR_SCROLLBACK_BYTES;
	strmap_init(&c->windows);
	c->timer = evtimer_new(base, client_timer_cb, c);
	client_lag_init(c, base);
	client_send_late_init(c, base);
	TAILQ_INIT(&c->rooms);
	TAILQ_INIT(&c->outq);
	TAILQ_INIT(&c->sent);
	TAILQ_INIT(&c->unsure);
	TAILQ_INIT(&c->own);
	c->ident = client_hello_load_key(c->pubkey);
	c->secret = client_hello_load_secret();
	c->status = client_room(c, "*", CLIENT_ROOM_NEW);
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
	c->hubbanned = xreallocarray(c->hubbanned, c->nhosts + 1, 1);
	c->hubbanned[c->nhosts] = 0;
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
	free(c->hubbanned);

	client_send_drop_held(c, 0);
	client_inflight_free(c);
	client_log_free(c->log);
	client_ignore_free(c);
	client_highlight_free(c);
	client_people_free(c);
	while ((r = TAILQ_FIRST(&c->rooms)) != NULL) {
		TAILQ_REMOVE(&c->rooms, r, entry);
		client_room_free(r);
	}
	strmap_free(&c->windows);
	for (i = 0; i < c->nroomlist; i++) {
		free(c->roomlist[i].name);
		free(c->roomlist[i].topic);
		free(c->roomlist[i].members);
	}
	free(c->roomlist);
	cJSON_Delete(c->names);
	if (c->peer != NULL)
		peer_free(c->peer);
	if (c->tls != NULL)
		SSL_CTX_free(c->tls);
	free(c->trust);
	free(c->fingerprint);
	EVP_PKEY_free(c->ident);
	if (c->secret != NULL) {
		explicit_bzero(c->secret, strlen(c->secret));
		free(c->secret);
	}
	free(c->password);
	free(c->room);
	client_last_free(c);
	event_free(c->timer);
	event_free(c->lag_timer);
	event_free(c->late_timer);
	free(c->host);
	free(c->port);
	free(c->nick);
	free(c->start_nick);
	free(c->session_key);
	free(c->hub);
	free(c->cluster);
	free(c->last_error);
	free(c->ban_told);
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

/*
 * The window numbered n in the room list: 0 is the status window, then
 * the joined rooms and conversations in the order they were opened.
 * Alt-N, /window N and the room list all use these numbers.
 */
struct croom *
client_window(struct client *c, u_int n)
{
	struct croom	*r;
	u_int		 i = 0;

	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r != c->status && !(r->flags & CROOM_JOINED))
			continue;
		if (i++ == n)
			return (r);
	}
	return (NULL);
}

/*
 * Make a room the one in view; its unread count clears, and the one left
 * remembers how far it was read.
 */
void
client_switch(struct client *c, struct croom *r)
{
	client_last_forget(c);	/* a choice made since the start */
	client_show(c, r);
}

/*
 * Show a room, as client_switch does, but the room last viewed at the
 * last run is still shown once it is in (see client-last.c).
 */
void
client_show(struct client *c, struct croom *r)
{
	if (c->current != NULL && c->current != r) {
		c->current->seen = c->current->buf.total;
		client_room_read(c->current);
	}
	c->current = r;
	client_room_read(r);
	r->active = ++c->tick;
	r->unread = 0;
	r->mention = 0;
	if (c->ui->state != NULL)
		c->ui->state(c);
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
	client_room_add(c, r != NULL ? r : c->current, kind, 0, 0, NULL, text);
	free(text);
}

/*
 * Add a notice shown only, kept out of the log files: help and such, the
 * client talking about itself, which a conversation's log has no use for
 * (irssi logs no CLIENTCRAP).
 */
void
client_notice_shown(struct client *c, struct croom *r, const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	va_start(ap, fmt);
	xvasprintf(&text, fmt, ap);
	va_end(ap);
	client_room_add(c, r != NULL ? r : c->current, CLINE_NOTICE,
	    CLINE_NOLOG, 0, NULL, text);
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
	client_lag_stop(c);
	c->flags &= ~(CLIENT_HELLO_READY | CLIENT_CHALLENGED |
	    CLIENT_HEARD | CLIENT_NOT_HUB | CLIENT_SILENT);
	memset(c->hubfp, 0, sizeof c->hubfp);
	c->last_err = PERR_NONE;	/* a refusal is this connection's */
	client_set_state(c, CLIENT_CONNECTING);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	error = getaddrinfo(c->host, c->port, &hints, &res);
	if (error != 0) {
		client_fail(c, FAIL_RESOLVE, error, gai_strerror(error));
		return;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, ai->ai_protocol);
		if (fd == -1)
			continue;
		client_lag_keepalive(fd);
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ||
		    errno == EINPROGRESS)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1) {
		client_fail(c, PEER_CAUSE_ERRNO, errno, strerror(errno));
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
	struct timeval	 tv = { CLIENT_TLS_WAIT, 0 };
	SSL		*ssl;
	int		 err = 0;
	socklen_t	 len = sizeof err;

	ev = event_base_get_running_event(c->base);
	event_free(ev);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
		close(fd);
		if (err == 0)
			err = errno;
		client_fail(c, PEER_CAUSE_ERRNO, err, strerror(err));
		return;
	}
	if (c->tls != NULL) {
		if ((ssl = SSL_new(c->tls)) == NULL) {
			close(fd);
			client_fail(c, PEER_CAUSE_LOCAL, 0, "SSL_new failed");
			return;
		}
		SSL_set_tlsext_host_name(ssl, c->host);
		SSL_set1_host(ssl, c->host);
		c->peer = peer_new_tls(c->base, fd, ssl, 0, CR_CLIENT_LINE_MAX,
		    16 * 1024 * 1024, client_peer_cb, c);
		peer_set_ready(c->peer, client_tls_ready);
		client_set_state(c, CLIENT_HANDSHAKE);
		client_lag_handshake(c);
		/*
		 * What accepts and never completes the handshake (no hub,
		 * or a stopped one) is given up as one that does not greet
		 * us (see client_timer_cb); a hub we were in gets as long
		 * as for any answer.  client_tls_ready ends the wait.
		 */
		if (c->flags & CLIENT_EVER_READY)
			tv.tv_sec = c->lag_max;
		evtimer_add(c->timer, &tv);
		return;
	}
	c->peer = peer_new(c->base, fd, CR_CLIENT_LINE_MAX, 16 * 1024 * 1024,
	    client_peer_cb, c);
	client_set_state(c, CLIENT_HANDSHAKE);
	client_lag_handshake(c);
	client_hello_start(c);
}

/*
 * Word why the connection failed, then handle its loss.  After a kick the
 * hub closes the connection; the kick is the reason to give.
 */
static void
client_fail(struct client *c, int cause, unsigned long code,
    const char *detail)
{
	char	*text;
	int	 lasting = 1;

	if ((c->flags & CLIENT_KICKED) && c->last_error != NULL)
		text = xstrdup(c->last_error);
	else
		text = fmt_failure(cause, code, detail, &lasting);
	client_lost(c, text, lasting);
	free(text);
}

/*
 * A ban's refusal in the user's words.  The hub says "the nick bob is
 * banned until 2026-12-02 14:30 UTC: spam" (ban_refusal), and the end in
 * ms beside it (until; see fmt_end_local); its end and reason go into a
 * translated sentence ("no reason given", the hub's words for none, too),
 * anything else is shown as sent.
 */
static char *
client_ban_text(const char *detail, int64_t until)
{
	static const char	 is[] = " is banned";
	const char		*p, *reason;
	char			*end, *out;

	if ((p = strstr(detail, is)) == NULL ||
	    fmt_end_reason(p + sizeof is - 1, &end, &reason) != 0)
		return (fmt_error_detail(PERR_BANNED, detail, 0));
	fmt_end_local(&end, until);
	if (reason != NULL && strcmp(reason, "no reason given") == 0)
		reason = _("no reason given");
	if (end != NULL && reason != NULL)
		xasprintf(&out, _("you are banned until %s: %s"), end,
		    reason);
	else if (end != NULL)
		xasprintf(&out, _("you are banned until %s"), end);
	else if (reason != NULL)
		xasprintf(&out, _("you are banned with no end: %s"), reason);
	else
		out = xstrdup(_("you are banned with no end"));
	free(end);
	return (out);
}

/*
 * A ban refused this login: bans are per hub, so the other hubs of the
 * list are tried as after any loss, until each of them has banned us
 * since we were last in.  Returns 1 then: there is nowhere left to go.
 */
static int
client_banned(struct client *c)
{
	u_int	i;

	c->hubbanned[c->hostidx] = 1;
	for (i = 0; i < c->nhosts; i++) {
		if (!c->hubbanned[i])
			return (0);
	}
	c->flags |= CLIENT_BANNED;
	c->flags &= ~CLIENT_RECONNECT;
	return (1);
}

/*
 * Refusals of a login that end the connection: the hub's error, not the
 * close that follows it, is why the client could not get in (the full
 * screen is gone by the time the user reads the reason).  A ban has its
 * own words (client_ban_text); a refused nick asks for another.
 */
static const enum proto_err client_refusals[] = {
	PERR_PASSWORD, PERR_VERSION, PERR_BAD_PROOF, PERR_HUB_FULL,
	PERR_LOGIN_RATE, PERR_SHUTTING_DOWN
};
#define CLIENT_NREFUSALS \
	(sizeof client_refusals / sizeof client_refusals[0])

/* The words of the refusal that ended this login, or NULL. */
static char *
client_refusal_text(struct client *c)
{
	u_int	 i;
	char	*text;

	if (c->state != CLIENT_HANDSHAKE || c->last_error == NULL)
		return (NULL);
	for (i = 0; i < CLIENT_NREFUSALS; i++) {
		if (client_refusals[i] == c->last_err)
			break;
	}
	if (i == CLIENT_NREFUSALS)
		return (NULL);
	if (c->last_err == PERR_PASSWORD &&
	    (text = client_password_refusal(c->last_error)) != NULL)
		return (text);
	return (fmt_error_detail(c->last_err, c->last_error, c->last_until));
}

/*
 * The hub's two words for a login refused for its password, with the
 * option to use (the terminal client's reason, --batch's line), or NULL
 * for other words.
 */
char *
client_password_refusal(const char *detail)
{
	if (*detail == '\0' || strcmp(detail, "this hub needs a password") == 0)
		return (xstrdup(_("this hub needs a password: give it with "
		    "--password-file")));
	if (strcmp(detail, "wrong password") == 0)
		return (xstrdup(_("the hub password is wrong: check the file "
		    "given with --password-file")));
	return (NULL);
}

/*
 * The connection failed or was lost: retry with back-off, or give up.  A
 * client that never got in gives up on a lasting failure (see
 * fmt_failure); once it has had a session it keeps trying.
 */
static void
client_lost(struct client *c, const char *reason, int lasting)
{
	struct timeval	tv = { 0, 0 };
	char		*hub, *ban = NULL;
	int		 ever = (c->flags & CLIENT_EVER_READY) != 0;
	int		 was_ready = c->state == CLIENT_READY;

	if ((ban = client_refusal_text(c)) != NULL) {
		reason = ban;
		if (c->last_err == PERR_PASSWORD ||
		    c->last_err == PERR_VERSION ||
		    c->last_err == PERR_BAD_PROOF)
			lasting = 1;
	}

	if (ban == NULL && c->state == CLIENT_HANDSHAKE &&
	    c->last_err == PERR_BANNED && c->last_error != NULL) {
		/*
		 * The ban, not the close that followed, is the reason; it
		 * lasts for a client that never got in, as "nothing listens"
		 * does, once the other hubs of the list have been tried.
		 */
		ban = client_ban_text(c->last_error, c->last_until);
		reason = ban;
		lasting = client_banned(c) || !ever;
	}
	evtimer_del(c->timer);		/* no challenge to wait for */
	if (client_hello_recall_refused(c, c->last_err) &&
	    client_hello_recall_failed(c)) {
		/* No session to take over: start as the nick given, now. */
		client_set_state(c, CLIENT_WAITING);
		evtimer_add(c->timer, &tv);
		goto out;
	}
	client_lag_stop(c);
	client_inflight_lost(c);
	client_send_late_show(c);
	if (c->flags & CLIENT_QUITTING) {
		c->unconfirmed += client_inflight_lines(c);
		c->unsent += client_send_held_lines(c);
	}
	if (!(c->flags & CLIENT_TAKEN)) {	/* that says it better */
		free(c->last_error);
		c->last_error = xstrdup(reason);
	}
	if (!(c->flags & (CLIENT_QUITTING | CLIENT_BANNED)) &&
	    c->tried + 1 < c->nhosts &&
	    ((c->flags & CLIENT_RECONNECT) || c->state != CLIENT_READY)) {
		/* Another hub of the cluster, at once. */
		c->tried++;
		client_next_hub(c);
		hub = client_tls_hub_name(c);
		if (ever)
			client_notice(c, c->current, CLINE_ERROR,
			    _("disconnected: %s — trying %s"), reason, hub);
		else
			client_notice(c, c->current, CLINE_ERROR,
			    _("cannot connect: %s — trying %s"), reason, hub);
		free(hub);
		if (was_ready)
			client_send_keep_held(c);
		client_set_state(c, CLIENT_WAITING);
		evtimer_add(c->timer, &tv);
		goto out;
	}
	c->tried = 0;
	if ((c->flags & CLIENT_QUITTING) || !(c->flags & CLIENT_RECONNECT) ||
	    (lasting && !ever)) {
		client_send_drop_held(c, 1);
		if (!(c->flags & CLIENT_QUITTING))
			client_inflight_unknown(c);
		client_set_state(c, CLIENT_CLOSED);
		if (c->ui->closed != NULL)
			c->ui->closed(c, (c->flags & CLIENT_QUITTING) ? 0 : 1);
		goto out;
	}
	client_next_hub(c);	/* after the pause, start with the next */
	c->backoff = c->backoff == 0 ? 1 : c->backoff * 2;
	if (c->backoff > 30)
		c->backoff = 30;
	c->retry_at = c->backoff;
	if (ever)
		client_notice(c, c->current, CLINE_ERROR,
		    _("disconnected: %s — retrying in %d s"), reason,
		    c->backoff);
	else
		client_notice(c, c->current, CLINE_ERROR,
		    _("cannot connect: %s — retrying in %d s"), reason,
		    c->backoff);
	if (was_ready)
		client_send_keep_held(c);
	client_set_state(c, CLIENT_WAITING);
	tv.tv_sec = c->backoff;
	evtimer_add(c->timer, &tv);
out:
	free(ban);
}

/*
 * Back-off over: try again.  Or, during the handshake, no challenge came
 * (nor, with TLS, the end of its handshake): whatever accepted the
 * connection is silent, so it is not a hub.  Or a quit waited too
 * long for answers.  In any other state the timer has nothing to do (a
 * welcome ended the wait).
 */
static void
client_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct client	*c = arg;

	if (c->state == CLIENT_READY && (c->flags & CLIENT_QUITTING)) {
		client_quit_timeout(c);
		return;
	}
	if (c->state == CLIENT_HANDSHAKE) {
		if (c->peer != NULL && !(c->flags & CLIENT_CHALLENGED)) {
			c->flags |= CLIENT_SILENT;
			peer_fail(c->peer, "no challenge");
		}
		return;
	}
	if (c->state == CLIENT_WAITING)
		client_connect(c);
}

/* Leave the hub for good. */
void
client_quit(struct client *c, const char *reason)
{
	struct proto_request	req;
	u_int			n;

	c->flags |= CLIENT_QUITTING;
	evtimer_del(c->timer);
	if (c->peer == NULL || c->state != CLIENT_READY) {
		/* Lines held for a reconnection will not go now. */
		c->unconfirmed += client_inflight_lines(c);
		c->unsent += client_send_held_lines(c);
		client_send_drop_held(c, 0);
		client_set_state(c, CLIENT_CLOSED);
		if (c->ui->closed != NULL)
			c->ui->closed(c, 0);
		return;
	}
	memset(&req, 0, sizeof req);
	req.type = PROTO_QUIT;
	if (reason != NULL && *reason != '\0')
		req.reason = reason;
	/* Lines held back and unanswered go first; the quit waits. */
	if (client_send(c, &req, 0, NULL) == 0 && c->noutq > 0) {
		TAILQ_LAST(&c->outq, client_frames)->quit = 1;
		if ((n = client_inflight_lines(c) +
		    client_send_held_lines(c)) > 0)
			client_notice(c, c->current, CLINE_NOTICE, ngettext(
			    "quitting once the hub has confirmed %u line",
			    "quitting once the hub has confirmed %u lines", n),
			    n);
		client_quit_wait(c);
		return;
	}
	peer_close(c->peer);
}

/*
 * (Re)start the wait of a quit for answers: each answer gives the hub
 * CLIENT_QUIT_WAIT seconds more, so that a long queue drains at the hub's
 * pace, but a hub that keeps the connection and stops answering does not
 * keep the user waiting.
 */
void
client_quit_wait(struct client *c)
{
	struct timeval	tv = { CLIENT_QUIT_WAIT, 0 };

	evtimer_add(c->timer, &tv);
}

/*
 * The hub has not answered for CLIENT_QUIT_WAIT seconds: send the quit
 * and close anyway, forgetting the lines held back; say how many lines
 * the hub did not confirm (sent and unanswered, or never sent).
 */
static void
client_quit_timeout(struct client *c)
{
	struct client_frame	*f;
	u_int			 n;

	n = client_inflight_lines(c) + client_send_held_lines(c);
	client_notice(c, c->current, CLINE_ERROR, ngettext(
	    "the hub did not answer for %d seconds: quitting with %u line "
	    "not confirmed", "the hub did not answer for %d seconds: "
	    "quitting with %u lines not confirmed", n), CLIENT_QUIT_WAIT, n);
	c->unconfirmed += n;
	client_inflight_free(c);	/* counted: the loss adds nothing */
	if ((f = TAILQ_LAST(&c->outq, client_frames)) != NULL && f->quit)
		peer_send(c->peer, f->buf, f->len);
	client_send_drop_held(c, 0);
	peer_close(c->peer);
}

/*
 * The hub said welcome: the handshake is over.  After a resume the session
 * goes on as it was; the first login joins the room the target named, if
 * any; a new login after an expired session joins our rooms again.
 */
void
client_ready(struct client *c, int resumed)
{
	struct proto_request	 req;
	struct client_frames	 held;
	struct croom		*r;
	char			*cause;
	int			 was_ready;
	u_int			 nheld;

	/* The hub has answered, challenge or not: stop waiting for one. */
	evtimer_del(c->timer);
	/* The nick is in: its logs may be made (client_log_accept). */
	if (c->log != NULL && c->cluster != NULL)
		client_log_cluster(c->log, c->cluster);
	if (c->log != NULL && client_log_accept(c->log, &cause) != 0) {
		client_notice(c, c->status, CLINE_ERROR,
		    _("no conversation logs: %s"), cause);
		free(cause);
	}
	was_ready = (c->flags & CLIENT_EVER_READY) != 0;
	if (was_ready) {
		client_people_recheck(c);
		client_last_forget(c);	/* the first login's alone */
		c->flags &= ~CLIENT_NAMED;
	}
	c->flags |= CLIENT_EVER_READY;
	c->flags &= ~(CLIENT_TOLD_TYPED | CLIENT_TAKING_BACK);
	/* (the next outage says it again; taken back) */
	c->backoff = 0;
	c->tried = 0;
	memset(c->hubbanned, 0, c->nhosts);	/* bans may be lifted */
	c->flags &= ~CLIENT_BANNED;
	client_inflight_lost(c);	/* the old connection's answers */
	client_lag_start(c);
	client_set_state(c, CLIENT_READY);
	memset(&req, 0, sizeof req);
	if (resumed) {
		/* "welcome back" is for a new session (client-event.c). */
		client_notice(c, c->current, CLINE_NOTICE,
		    _("reconnected: session resumed"));
		/*
		 * The session is as it was: lines held go on in order, once
		 * it is known which lines in flight the hub had stored.
		 */
		if (!client_inflight_welcome(c, 1))
			client_send_held(c);
		return;
	}
	if (!was_ready) {
		client_notice(c, c->current, CLINE_NOTICE,
		    _("connected to %s as %s"), c->host, c->nick);
		if (c->room != NULL) {
			c->flags |= CLIENT_NAMED; /* client_last_named_in */
			req.type = PROTO_JOIN;
			req.room = c->room;
			client_send_request(c, &req);
		}
		return;
	}
	/*
	 * The old session expired: join our rooms again, the lobby by the
	 * hub's doing.  The windows stay as they are, the one in view too
	 * (see client_event_room_joined).
	 */
	client_notice(c, c->current, CLINE_NOTICE, _("reconnected as %s"),
	    c->nick);
	client_inflight_welcome(c, 0);
	client_room(c, CR_LOBBY, CLIENT_ROOM_NEW);
	/* Lines held for our rooms go once we are in them again. */
	TAILQ_INIT(&held);
	TAILQ_CONCAT(&held, &c->outq, entry);
	nheld = c->noutq;
	c->noutq = 0;
	req.type = PROTO_JOIN;
	TAILQ_FOREACH(r, &c->rooms, entry) {
		if (r == c->status || (r->flags & CROOM_DM))
			continue;
		r->flags |= CROOM_JOINED | CROOM_REJOIN;
		if (strcmp(r->name, CR_LOBBY) == 0)
			continue;
		req.room = r->name;
		client_send(c, &req, 0, NULL);
	}
	TAILQ_CONCAT(&c->outq, &held, entry);
	c->noutq += nheld;
	client_send_held(c);
}

/* Take our session back from the connection that took it over. */
void
client_take_back(struct client *c)
{
	if (!(c->flags & CLIENT_TAKEN) || c->state != CLIENT_CLOSED)
		return;
	c->flags &= ~CLIENT_TAKEN;
	c->flags |= CLIENT_RECONNECT | CLIENT_TAKING_BACK;
	client_notice(c, c->current, CLINE_NOTICE,
	    _("taking the session back"));
	client_connect(c);
}

/*
 * A line from the hub, or the connection is gone.  Silence, or a plain
 * connection closed at once, suggests no hub (or a missing TLS) only
 * before the first welcome: once the client has been in, it is a hub
 * that hangs or restarts.
 */
static void
client_peer_cb(struct peer *peer, const char *line, size_t len, void *arg)
{
	struct client	*c = arg;
	int		 cause, errnum;
	int		 ever = (c->flags & CLIENT_EVER_READY) != 0;
	unsigned long	 tlserr;

	if (line == NULL) {
		cause = peer_cause(peer, &errnum, &tlserr);
		if (c->flags & CLIENT_NOT_HUB)
			cause = FAIL_NOT_HUB;
		else if ((c->flags & CLIENT_SILENT) && c->tls != NULL &&
		    !(c->flags & CLIENT_HELLO_READY))
			cause = ever || client_tls_hub_known(c) ?
			    FAIL_TLS_SILENT_AGAIN : FAIL_TLS_SILENT;
		else if ((c->flags & CLIENT_SILENT) && ever)
			cause = FAIL_SILENT_AGAIN;
		else if (c->flags & CLIENT_SILENT)
			cause = c->tls == NULL ? FAIL_SILENT_INSECURE :
			    FAIL_SILENT;
		else if (c->tls == NULL && !(c->flags & CLIENT_HEARD) &&
		    !ever && (cause == PEER_CAUSE_EOF ||
		    (cause == PEER_CAUSE_ERRNO && errnum == ECONNRESET)))
			cause = FAIL_EOF_INSECURE;
		else if (cause == PEER_CAUSE_TLS && client_tls_plain_hub(peer))
			cause = FAIL_PLAIN_HUB;
		client_fail(c, cause, cause == PEER_CAUSE_TLS ? tlserr :
		    (unsigned long)errnum, peer_reason(peer));
		return;
	}
	c->flags |= CLIENT_HEARD;
	client_event_dispatch(c, line, len);
}
