/* SPDX-License-Identifier: ISC */
/* client-send.c: sending requests, and the lines held or late meanwhile. */

#include <sys/types.h>

#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

/*
 * The one way requests are sent: what the user types goes out as soon
 * as it can, is held while the client is not logged in, and is shown
 * late while the hub has not answered it (see client-inflight.c for what
 * happens to it across connections).
 */
static long long client_send_seq(struct client *);
static char	*client_send_say_squeeze(const char *);
static size_t	 client_send_say_lines(const char *);
static void	client_send_hold(struct client *, struct jbuf *,
		    const struct proto_request *);
static int	client_send_hold_typed(struct client *, struct jbuf *,
		    const struct proto_request *);
static void	client_send_frame_show(struct client *, struct client_frame *,
		    const char *);
static void	client_send_rejoin_show(struct client *, struct client_frame *);
static struct client_frame *client_send_late_next(struct client *);
static void	client_send_late_arm(struct client *);
static void	client_send_late_cb(evutil_socket_t, short, void *);

/* The timer of the lines shown late, for a new client. */
void
client_send_late_init(struct client *c, struct event_base *base)
{
	c->late_timer = evtimer_new(base, client_send_late_cb, c);
}

/* A fresh sequence number for a request that expects an answer. */
static long long
client_send_seq(struct client *c)
{
	return (++c->seq);
}

/*
 * Encode a request and send it.  What the user asked for (user set) goes
 * only once logged in, and is refused with a notice otherwise.  A request
 * with a seq is counted until the hub answers it, so that --batch can wait
 * for the answer; one carrying a picture may be a longer line.  Returns 0,
 * CLIENT_NOT_SENT if not connected, or -1.
 */
int
client_send(struct client *c, const struct proto_request *req, int user,
    char **cause)
{
	struct client_frame	*f;
	struct jbuf		 jb;
	int			 rc = -1;

	jbuf_init(&jb);
	if (proto_request_encode(&jb, req) != 0)
		fatalx("no encoder for %s", proto_type_name(req->type));
	if (req->image != NULL && jb.len > CR_IMAGE_LINE_MAX) {
		*cause = xstrdup(_("the picture is too large to send"));
		goto out;
	}
	if (user && (c->state != CLIENT_READY || c->peer == NULL)) {
		if (client_send_hold_typed(c, &jb, req) == 0) {
			rc = 0;
			goto out;
		}
		if (c->flags & CLIENT_TAKEN)
			client_notice(c, c->current, CLINE_ERROR, _("the "
			    "session was taken over from elsewhere — nothing "
			    "was sent; Enter on an empty line takes it back"));
		else
			client_notice(c, c->current, CLINE_ERROR,
			    _("not connected — nothing was sent"));
		rc = CLIENT_NOT_SENT;
		goto out;
	}
	if (c->peer == NULL)
		goto out;
	/*
	 * Behind held requests, or too many unanswered: wait in turn.  A
	 * quit waits for every answer: a hub that still holds requests back
	 * would drop them with the connection.
	 */
	if (req->type != PROTO_PONG && req->type != PROTO_PING &&
	    c->state == CLIENT_READY &&
	    (c->noutq > 0 || (c->flags & CLIENT_RECONCILE) ||
	    (req->seq != 0 && c->pending >= CLIENT_INFLIGHT) ||
	    (req->type == PROTO_QUIT && c->pending > 0))) {
		if (c->noutq >= CLIENT_OUTQ_MAX) {
			if (cause != NULL)
				*cause = xstrdup(_("too many lines wait to be "
				    "sent; this one was not"));
			rc = user ? CLIENT_NOT_SENT : -1;
			goto out;
		}
		client_send_hold(c, &jb, req);
		f = TAILQ_LAST(&c->outq, client_frames);
		f->late = user;
		if (user) {
			client_send_rejoin_show(c, f);
			client_send_late_arm(c);
		}
		rc = 0;
		goto out;
	}
	if (peer_send(c->peer, jb.buf, jb.len) != 0)
		goto out;
	if (req->seq != 0) {
		f = client_frame_new(&jb, req);
		f->late = user;
		client_inflight_sent(c, f);
		client_lag_wait(c);
		if (user) {
			client_send_rejoin_show(c, f);
			client_send_late_arm(c);
		}
	}
	rc = 0;
out:
	jbuf_free(&jb);
	return (rc);
}

/* Keep an encoded request to send when answers make room. */
static void
client_send_hold(struct client *c, struct jbuf *jb,
    const struct proto_request *req)
{
	struct client_frame	*f;

	f = client_frame_new(jb, req);
	TAILQ_INSERT_TAIL(&c->outq, f, entry);
	c->noutq++;
}

/*
 * Is a request sent up to seq still unanswered on a live connection?  A
 * lost connection's requests are answered, if ever, after a welcome.
 */
int
client_send_awaits(struct client *c, long long seq)
{
	struct client_frame	*f;

	if (c->state != CLIENT_READY)
		return (0);
	TAILQ_FOREACH(f, &c->sent, entry) {
		if (f->seq != 0 && f->seq <= seq)
			return (1);
	}
	return (0);
}

/*
 * Send the requests held back while fewer than CLIENT_INFLIGHT are
 * unanswered; a quit held behind them goes once all are answered, and
 * closes the connection.
 */
void
client_send_held(struct client *c)
{
	struct client_frame	*f;
	int			 quit;

	if ((c->flags & CLIENT_QUITTING) && c->noutq > 0)
		client_quit_wait(c);	/* an answer came: wait on */
	while ((f = TAILQ_FIRST(&c->outq)) != NULL) {
		if (c->peer == NULL || c->state != CLIENT_READY ||
		    (c->flags & CLIENT_RECONCILE))
			return;
		if ((f->counted && c->pending >= CLIENT_INFLIGHT) ||
		    (f->quit && c->pending > 0))
			return;
		TAILQ_REMOVE(&c->outq, f, entry);
		c->noutq--;
		quit = f->quit;
		if (peer_send(c->peer, f->buf, f->len) == 0 && f->counted) {
			client_inflight_sent(c, f);	/* until answered */
			client_lag_wait(c);
		} else
			client_frame_free(f);
		if (quit) {
			peer_close(c->peer);
			return;
		}
	}
}

/*
 * A message typed while the client reconnects on its own, after a session
 * and not after a lasting failure: it waits with the lines held across the
 * loss, after them, and goes as they do once the session is back (see
 * client_ready).  Until it is answered it is shown, marked as not sent
 * yet, in its window (see client_send_pending); the first such line of an
 * outage says so.  Returns -1 if it cannot wait: the caller refuses it.
 */
static int
client_send_hold_typed(struct client *c, struct jbuf *jb,
    const struct proto_request *req)
{
	if ((req->type != PROTO_MSG && req->type != PROTO_DM) ||
	    !(c->flags & CLIENT_RECONNECT) ||
	    !(c->flags & CLIENT_EVER_READY) ||
	    (c->flags & (CLIENT_QUITTING | CLIENT_TAKEN)) ||
	    c->state == CLIENT_CLOSED || c->state == CLIENT_READY ||
	    c->noutq >= CLIENT_OUTQ_MAX)
		return (-1);
	client_send_hold(c, jb, req);
	client_send_frame_show(c, TAILQ_LAST(&c->outq, client_frames),
	    _("(not sent yet)"));

	if (!(c->flags & CLIENT_TOLD_TYPED)) {
		c->flags |= CLIENT_TOLD_TYPED;
		client_notice(c, c->current, CLINE_NOTICE,
		    _("not connected — the line will be sent when the hub is "
		    "back"));
	} else if (c->ui->state != NULL)
		c->ui->state(c);
	return (0);
}

/*
 * A line typed for a room being joined again after a reconnection (see
 * client_ready) goes now, behind the join: the hub carries a connection's
 * requests out in order, so it reaches the room once the client is back
 * in it, after the replay.  Until the hub has it, it shows as a line held
 * while disconnected; if the room cannot be joined again, the hub refuses
 * it and the user gets it back (see client_inflight_settled).
 */
static void
client_send_rejoin_show(struct client *c, struct client_frame *f)
{
	struct croom	*r;

	if (f->type != PROTO_MSG || f->image ||
	    (r = client_room(c, f->to, CLIENT_ROOM_FIND)) == NULL ||
	    !(r->flags & CROOM_REJOIN))
		return;
	client_send_frame_show(c, f, _("(not sent yet)"));
}

/*
 * Show a message of the user's that the hub has not answered in its
 * window, dimmed and marked, until it is (see client_send_pending).
 */
static void
client_send_frame_show(struct client *c, struct client_frame *f,
    const char *mark)
{
	struct croom		*r;
	struct cline		*l;
	int			 kind, flags = CLINE_SELF | CLINE_PENDING;
	size_t			 len;

	f->late = 0;
	if (f->line != NULL ||
	    (f->type != PROTO_MSG && f->type != PROTO_DM) || f->to == NULL)
		return;

	/* A conversation's line shows in its window, or where it was typed. */
	kind = f->action ? CLINE_ACTION : CLINE_MSG;
	if (f->type == PROTO_DM) {
		if (!f->action)
			kind = CLINE_DM;
		flags |= CLINE_OUT;
		/*
		 * A closed conversation opens again, as the hub's answer
		 * would; the first line to a nick shows where it was typed.
		 */
		if ((r = client_room(c, f->to, CLIENT_ROOM_DM)) != NULL)
			client_room_open(c, r);
	} else
		r = client_room(c, f->to, CLIENT_ROOM_FIND);
	if (r == NULL)
		r = c->current;
	l = client_room_line(kind, flags, 0, kind == CLINE_DM ? f->to :
	    c->nick, f->text != NULL ? f->text : "");
	/* The mark after the text, in no look the text left on. */
	len = strlen(l->text);
	l->text = xrealloc(l->text, len + 2 + strlen(mark) + 1);
	snprintf(l->text + len, 2 + strlen(mark) + 1, "  %s", mark);
	l->fmt = xreallocarray(l->fmt, l->nfmt + 1, sizeof *l->fmt);
	l->fmt[l->nfmt].off = len;
	l->fmt[l->nfmt].attr = 0;
	l->fmt[l->nfmt].fg = l->fmt[l->nfmt].bg = CFMT_DEFAULT;
	l->nfmt++;
	f->line = l;
	f->window = xstrdup(r->name);
	f->window_dm = (r->flags & CROOM_DM) != 0;
}

/*
 * The hub is late (the title shows lag) or the connection went: the
 * messages the user sent that it has not answered show from now on as
 * the lines typed while disconnected do, until they are answered, sent
 * again or given back (see client_inflight_reconcile), so that they are
 * not typed again.  A message sent after the connection is up again shows
 * only if that hub is late in turn.  The caller redraws: the title
 * changes too.
 */
void
client_send_late_show(struct client *c)
{
	struct client_frames	*lists[] = { &c->unsure, &c->sent, &c->outq };
	struct client_frame	*f;
	u_int			 i;

	for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		TAILQ_FOREACH(f, lists[i], entry) {
			if (f->late && !f->image)
				client_send_frame_show(c, f, _("(sending…)"));
		}
	}
}

/*
 * The oldest message of the user's that waits for an answer and is not
 * shown yet, or NULL.
 */
static struct client_frame *
client_send_late_next(struct client *c)
{
	struct client_frames	*lists[] = { &c->unsure, &c->sent, &c->outq };
	struct client_frame	*f, *next = NULL;
	u_int			 i;

	for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		TAILQ_FOREACH(f, lists[i], entry) {
			if (f->late && !f->image && f->line == NULL &&
			    (next == NULL || f->since_ms < next->since_ms))
				next = f;
		}
	}
	return (next);
}

/*
 * A message of the user's may go unanswered while the hub answers others
 * or is not yet late enough for the title to show lag: make sure it shows
 * as being sent CLIENT_LATE_MS after it was typed all the same.
 */
static void
client_send_late_arm(struct client *c)
{
	struct client_frame	*f;
	struct timeval		 tv;
	int64_t			 ms;

	if (evtimer_pending(c->late_timer, NULL) ||
	    (f = client_send_late_next(c)) == NULL)
		return;
	ms = f->since_ms + CLIENT_LATE_MS - mono_ms();
	if (ms < 1)
		ms = 1;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	evtimer_add(c->late_timer, &tv);
}

/*
 * Show the messages of the user's unanswered for CLIENT_LATE_MS as being
 * sent (see client_send_late_show), and wait for the next one.
 */
static void
client_send_late_cb(evutil_socket_t fd, short what, void *arg)
{
	struct client		*c = arg;
	struct client_frame	*f;
	int64_t			 now = mono_ms();
	int			 shown = 0;

	while ((f = client_send_late_next(c)) != NULL &&
	    now - f->since_ms >= CLIENT_LATE_MS) {
		client_send_frame_show(c, f, _("(sending…)"));
		shown = 1;
	}
	client_send_late_arm(c);
	if (shown && c->ui->state != NULL)
		c->ui->state(c);
}

/*
 * The messages of the user's that wait for an answer and are shown in a
 * window (see client_send_hold_typed and client_send_late_show), oldest
 * first: the last max of them.  Returns how many were put in lines.
 */
u_int
client_send_pending(struct client *c, struct croom *r, struct cline **lines,
    u_int max)
{
	struct client_frames	*lists[] = { &c->unsure, &c->sent, &c->outq };
	struct client_frame	*f;
	u_int			 i, n = 0, skip;

	for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		TAILQ_FOREACH(f, lists[i], entry) {
			if (f->line != NULL &&
			    client_room(c, f->window, f->window_dm ?
			    CLIENT_ROOM_DM : CLIENT_ROOM_FIND) == r)
				n++;
		}
	}
	skip = n > max ? n - max : 0;
	n = 0;
	for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		TAILQ_FOREACH(f, lists[i], entry) {
			if (f->line == NULL ||
			    client_room(c, f->window, f->window_dm ?
			    CLIENT_ROOM_DM : CLIENT_ROOM_FIND) != r)
				continue;
			if (skip > 0)
				skip--;
			else
				lines[n++] = f->line;
		}
	}
	return (n);
}

/* How many lines held back expect an answer (a quit expects none). */
u_int
client_send_held_lines(struct client *c)
{
	struct client_frame	*f;
	u_int			 n = 0;

	TAILQ_FOREACH(f, &c->outq, entry) {
		if (f->counted)
			n++;
	}
	return (n);
}

/*
 * The connection is lost and another will be tried: the requests held
 * back were never sent, so they go, in order, once the session is back
 * (see client_ready), never twice.  Say so.
 */
void
client_send_keep_held(struct client *c)
{
	if (c->noutq == 0)
		return;
	client_notice(c, c->current, CLINE_NOTICE, ngettext(
	    "%u line waiting to be sent will be sent once reconnected",
	    "%u lines waiting to be sent will be sent once reconnected",
	    c->noutq), c->noutq);
}

/*
 * Forget the requests held back: the client is closing.  Say how many
 * lines were lost, if asked.
 */
void
client_send_drop_held(struct client *c, int tell)
{
	struct client_frame	*f;
	u_int			 n = c->noutq;

	while ((f = TAILQ_FIRST(&c->outq)) != NULL) {
		TAILQ_REMOVE(&c->outq, f, entry);
		client_frame_free(f);
	}
	c->noutq = 0;
	if (tell && n > 0)
		client_notice(c, c->current, CLINE_ERROR, ngettext(
		    "%u request waiting to be sent was not sent",
		    "%u requests waiting to be sent were not sent", n), n);
}

/*
 * Say something: text for a room, or with CLIENT_SAY_DM for a nick; with
 * CLIENT_SAY_ACTION as an action; with image (JSON) as a picture whose
 * text is its name.  Returns -1 with a reason if nothing was sent.
 */
int
client_send_say(struct client *c, const char *to, int flags, const char *text,
    const char *image, char **cause)
{
	struct proto_request	req;
	struct croom		*r;
	char			*squeezed, *why;
	size_t			 lines;
	enum proto_err		 err;
	int			rc;

	if (utf8_strlen(text, strlen(text)) > CR_TEXT_MAX) {
		xasprintf(cause, _("message too long (%zu characters, at most "
		    "%d)"), utf8_strlen(text, strlen(text)), CR_TEXT_MAX);
		return (-1);
	}
	squeezed = client_send_say_squeeze(text);
	if ((lines = client_send_say_lines(squeezed)) > CR_TEXT_LINES_MAX) {
		xasprintf(cause, _("message has too many lines (%zu, at most "
		    "%d)"), lines, CR_TEXT_LINES_MAX);
		free(squeezed);
		return (-1);
	}
	/*
	 * The hub's own check of a text: one of invisible characters alone
	 * (U+200B, U+3164) would only come back refused.
	 */
	if (proto_check_text(squeezed, CR_TEXT_MAX, 1, &err, &why) != 0) {
		*cause = fmt_error_detail(err, why, 0);
		free(why);
		free(squeezed);
		return (-1);
	}
	text = squeezed;
	memset(&req, 0, sizeof req);
	req.seq = client_send_seq(c);
	if (flags & CLIENT_SAY_DM) {
		req.type = PROTO_DM;
		req.to = to;
	} else {
		req.type = PROTO_MSG;
		req.room = to;
	}
	req.text = text;
	req.action = (flags & CLIENT_SAY_ACTION) != 0;
	req.image = image;
	/* A conversation the user writes in is logged (see client-log.c). */
	if ((rc = client_send(c, &req, 1, cause)) == 0 &&
	    (flags & CLIENT_SAY_DM)) {
		/* Its file is named after the nick it began with. */
		r = client_room(c, to, CLIENT_ROOM_DM);
		client_log_chosen(c->log, r != NULL && r->log_name != NULL ?
		    r->log_name : to, 1);
	}
	free(squeezed);
	return (rc);
}

/*
 * A copy of text with runs of blank lines cut to CR_TEXT_BLANKS_MAX, as
 * the hub takes no more (a paste with wide gaps still goes).
 */
static char *
client_send_say_squeeze(const char *text)
{
	char		*out, *o;
	const char	*p, *eol;
	size_t		 run = 0, n;

	out = o = xmalloc(strlen(text) + 1);
	for (p = text; *p != '\0'; p = eol) {
		if ((eol = strchr(p, '\n')) != NULL)
			eol++;
		else
			eol = p + strlen(p);
		n = eol - p;
		if (p[strspn(p, " \t\r")] == '\n') {
			if (++run > CR_TEXT_BLANKS_MAX)
				continue;
		} else
			run = 0;
		memcpy(o, p, n);
		o += n;
	}
	*o = '\0';
	return (out);
}

/* How many lines a text has. */
static size_t
client_send_say_lines(const char *text)
{
	size_t	n = 1;

	while ((text = strchr(text, '\n')) != NULL) {
		text++;
		n++;
	}
	return (n);
}

/*
 * Send any other request the user made; it gets a seq, and so an answer
 * (an ack, a reply or an error) that --batch waits for.  A room the user
 * asks to join or create is logged (see client-log.c).
 */
int
client_send_request(struct client *c, const struct proto_request *req)
{
	struct proto_request	r = *req;
	int			rc;

	r.seq = client_send_seq(c);
	r.image = NULL;
	if ((rc = client_send(c, &r, 1, NULL)) == 0 &&
	    (r.type == PROTO_JOIN || r.type == PROTO_CREATE))
		client_log_chosen(c->log, r.room, 0);
	return (rc);
}
