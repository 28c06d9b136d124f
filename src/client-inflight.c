/* SPDX-License-Identifier: ISC */
/* client-inflight.c: requests sent and unanswered, across connections. */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "client.h"

/*
 * A request the hub has not answered yet is kept until it is: when the
 * connection goes, no one can say whether the hub carried it out.  Its
 * messages are the lines that matter (a lost /names is harmless), and
 * their fate is settled on the next welcome.
 *
 * On a resume with a last_id, the hub replays every stored message after
 * it, ours too.  Every message of ours up to last_id was acknowledged,
 * so ours in the replay are the lines in flight that the hub stored; and
 * since the hub carries out one connection's requests in order and
 * journals the messages in that order (a killed hub loses its flood
 * queue and what it had not written, never a message before one it
 * wrote), they are the first ones, room by room.  A ping sent after the
 * welcome is answered after the whole replay, so its pong says when it
 * is over.  The lines after the last stored one were not stored and go
 * again, ahead of the lines held back; any doubt (a line of ours the
 * replay has and the client did not send, a gap before the last stored
 * one) leaves a line's fate unknown.  Direct messages are never
 * replayed: their fate stays unknown.  Unknown lines are not sent again,
 * which could show them twice; the user is told and gets them back in
 * the input history.
 *
 * All this holds only if nothing of ours is stored after the replay: the
 * hub says so in the welcome (replay_exact).  A hub of a cluster, where a
 * message on its way to Redis may be stored later, or an older hub, does
 * not, and every line in flight has an unknown fate.  A hub alone whose
 * room let go of messages after the last_id (replay_exact_rooms, and gap
 * in that room's event) cannot say which of ours it let go: the lines of
 * that room not in its replay have an unknown fate, and only those.
 */
static void	client_inflight_reconcile(struct client *);
static void	client_inflight_drop(struct client *, struct client_frame *);
static int	client_inflight_same(struct client_frame *,
		    struct client_frame *);
static char	*client_inflight_recall(struct client_frame *);
static void	client_inflight_clear(struct client_frames *);
static void	client_inflight_gaps(struct client *, int);

/* Keep an encoded request, with what the fate of its line needs. */
struct client_frame *
client_frame_new(const struct jbuf *jb, const struct proto_request *req)
{
	struct client_frame	*f;

	f = xcalloc(1, sizeof *f);
	f->buf = xmalloc(jb->len);
	memcpy(f->buf, jb->buf, jb->len);
	f->len = jb->len;
	f->since_ms = mono_ms();
	f->counted = req->seq != 0;
	f->seq = req->seq;
	f->type = req->type;
	if (req->type == PROTO_MSG || req->type == PROTO_DM) {
		f->to = xstrdup(req->type == PROTO_MSG ? req->room : req->to);
		f->text = xstrdup(req->text != NULL ? req->text : "");
		f->action = req->action;
		f->image = req->image != NULL;
	} else if (req->type == PROTO_INVITE) {
		/* For the line that says it went. */
		f->to = xstrdup(req->nick);
		f->text = xstrdup(req->room);
	} else if (req->type == PROTO_JOIN && req->room != NULL)
		f->to = xstrdup(req->room);	/* already in it: go there */
	else if (req->type == PROTO_NICK && req->nick != NULL)
		f->to = xstrdup(req->nick);	/* refused: the cause's words */
	return (f);
}

/* Free a kept request. */
void
client_frame_free(struct client_frame *f)
{
	free(f->buf);
	free(f->to);
	free(f->text);
	cline_free(f->line);
	free(f->window);
	free(f);
}

/*
 * A request is settled: forget it.  A message shown as pending (see
 * client_send_pending) leaves its window with it, which the interface must
 * draw again: what settles it, as the pong that ends a resume's replay,
 * may draw nothing else.
 */
static void
client_inflight_drop(struct client *c, struct client_frame *f)
{
	int	shown = f->line != NULL;

	client_frame_free(f);
	if (shown && c->ui->state != NULL)
		c->ui->state(c);
}

/* Free every request of a list. */
static void
client_inflight_clear(struct client_frames *list)
{
	struct client_frame	*f;

	while ((f = TAILQ_FIRST(list)) != NULL) {
		TAILQ_REMOVE(list, f, entry);
		client_frame_free(f);
	}
}

/* A request went out: it waits for its answer. */
void
client_inflight_sent(struct client *c, struct client_frame *f)
{
	TAILQ_INSERT_TAIL(&c->sent, f, entry);
	c->pending++;
}

/* The request sent with a seq, while it waits for its answer, or NULL. */
const struct client_frame *
client_inflight_find(struct client *c, long long seq)
{
	struct client_frame	*f;

	TAILQ_FOREACH(f, &c->sent, entry) {
		if (f->seq == seq)
			return (f);
	}
	return (NULL);
}

/*
 * An answer with a seq came: forget that request, or end the replay of a
 * resume.  Returns 1 if something was waiting for it.
 */
int
client_inflight_answered(struct client *c, long long seq)
{
	struct client_frame	*f;

	if ((c->flags & CLIENT_RECONCILE) && seq == c->own_seq) {
		client_inflight_reconcile(c);
		return (1);
	}
	TAILQ_FOREACH(f, &c->sent, entry) {
		if (f->seq == seq) {
			TAILQ_REMOVE(&c->sent, f, entry);
			if (f->line != NULL) {	/* see client_inflight_settled */
				free(c->answered);
				c->answered = client_inflight_recall(f);
			}
			client_inflight_drop(c, f);
			c->pending--;
			return (1);
		}
	}
	return (0);
}

/*
 * The answer to a message shown as waiting (see client_send_pending) has been
 * dealt with: if the hub refused it, as a direct message to a nick gone
 * meanwhile, the user may have typed other lines since, so give it back
 * to the input history and say so after the hub's reason, as for a line
 * refused while disconnected.
 */
void
client_inflight_settled(struct client *c, int refused)
{
	char	*line = c->answered;

	if (line == NULL)
		return;
	c->answered = NULL;
	if (refused && c->ui->recall != NULL) {
		c->ui->recall(c, line);
		client_notice(c, c->current, CLINE_NOTICE, _("the line is kept "
		    "in the input history: Up brings it back"));
	}
	free(line);
}

/*
 * The connection is gone: its unanswered requests wait, after those of an
 * earlier connection still unsettled, for the next welcome.  A replay
 * under way is forgotten, and so are the ids it showed, so that the next
 * resume replays it all again.
 */
void
client_inflight_lost(struct client *c)
{
	c->flags &= ~CLIENT_RECONCILE;
	client_inflight_gaps(c, 0);
	client_inflight_clear(&c->own);
	c->own_last_id = 0;
	if (TAILQ_EMPTY(&c->sent))
		return;
	TAILQ_CONCAT(&c->unsure, &c->sent, entry);
	c->pending = 0;
	free(c->own_nick);
	c->own_nick = xstrdup(c->nick);
}

/* How many requests are unanswered, on this connection or a lost one. */
u_int
client_inflight_lines(struct client *c)
{
	struct client_frame	*f;
	u_int			 n = 0;

	TAILQ_FOREACH(f, &c->unsure, entry)
		n++;
	return (n + c->pending);
}

/*
 * A welcome on a new connection.  After a resume with a last_id from a
 * hub whose replay is exact, ask for a pong to know when the replay is
 * over, and hold every request until then (returns 1); otherwise what was
 * unanswered has an unknown fate.
 */
int
client_inflight_welcome(struct client *c, int resumed)
{
	struct proto_request	req;
	struct jbuf		jb;

	if (TAILQ_EMPTY(&c->unsure))
		return (0);
	if (!resumed ||
	    !(c->flags & (CLIENT_REPLAY_EXACT | CLIENT_REPLAY_ROOMS)) ||
	    c->last_id == 0 || c->peer == NULL) {
		client_inflight_unknown(c);
		return (0);
	}
	memset(&req, 0, sizeof req);
	req.type = PROTO_PING;
	req.seq = ++c->seq;
	jbuf_init(&jb);
	if (proto_request_encode(&jb, &req) != 0)
		fatalx("no encoder for ping");
	if (peer_send(c->peer, jb.buf, jb.len) != 0) {
		jbuf_free(&jb);
		client_inflight_unknown(c);
		return (0);
	}
	jbuf_free(&jb);
	c->own_seq = req.seq;
	c->own_after = c->last_id;
	c->own_last_id = 0;
	c->flags |= CLIENT_RECONCILE;
	/*
	 * Its pong is awaited as any answer, each line of the replay
	 * starting the wait again: a hub that falls silent before it is
	 * given up after CLIENT_LAG_MAX seconds, and the lines held go with
	 * the next connection.
	 */
	client_lag_wait(c);
	return (1);
}

/*
 * A message of the replay after a resume: keep it if it is ours (by the
 * nick now, or when the connection went) and newer than the last_id.
 */
void
client_inflight_own(struct client *c, const char *room, const char *nick,
    const char *text, int action, int image, uint64_t id)
{
	struct client_frame	*o;

	if (!(c->flags & CLIENT_RECONCILE) || id <= c->own_after)
		return;
	if (strcmp(nick, c->nick) != 0 &&
	    (c->own_nick == NULL || strcmp(nick, c->own_nick) != 0))
		return;
	o = xcalloc(1, sizeof *o);
	o->type = PROTO_MSG;
	o->to = xstrdup(room);
	o->text = xstrdup(text);
	o->action = action;
	o->image = image;
	TAILQ_INSERT_TAIL(&c->own, o, entry);
}

/* Is a stored message the line of a request? */
static int
client_inflight_same(struct client_frame *f, struct client_frame *o)
{
	if (f->type != PROTO_MSG || strcmp(f->to, o->to) != 0 ||
	    strcmp(f->text, o->text) != 0 || f->image != o->image)
		return (0);
	return (f->image || f->action == o->action);
}

/*
 * Settle the fate of the requests in sent from the messages of ours the
 * replay had, in its order (own).  Each stored message is the first line
 * of its room with its text after the last one stored there: so two
 * lines alike are told apart by their order.  The room messages after
 * the last line stored are to send again, but for those of a room whose
 * replay lacks messages (gap set); those before it that the replay does
 * not have, direct messages and other requests stay unknown, and all do
 * if a stored message is no line of ours.  Returns -1 then, else 0.
 */
int
client_inflight_match(struct client_frames *sent, struct client_frames *own)
{
	struct client_frame	*f, *o, *cand, *last = NULL;
	int			 broken = 0, after;

	TAILQ_FOREACH(f, sent, entry)
		f->fate = CLIENT_FATE_UNKNOWN;
	TAILQ_FOREACH(o, own, entry) {
		cand = NULL;
		TAILQ_FOREACH(f, sent, entry) {
			if (f->type != PROTO_MSG || strcmp(f->to, o->to) != 0)
				continue;
			if (f->fate == CLIENT_FATE_STORED)
				cand = NULL;
			else if (cand == NULL && client_inflight_same(f, o))
				cand = f;
		}
		if (cand == NULL) {
			broken = 1;
			continue;
		}
		cand->fate = CLIENT_FATE_STORED;
	}
	if (broken) {
		TAILQ_FOREACH(f, sent, entry) {
			if (f->fate != CLIENT_FATE_STORED)
				f->fate = CLIENT_FATE_UNKNOWN;
		}
		return (-1);
	}
	TAILQ_FOREACH(f, sent, entry) {
		if (f->fate == CLIENT_FATE_STORED)
			last = f;
	}
	after = last == NULL;
	TAILQ_FOREACH(f, sent, entry) {
		if (f == last)
			after = 1;
		else if (after && f->type == PROTO_MSG && !f->gap)
			f->fate = CLIENT_FATE_RESEND;
	}
	return (0);
}

/*
 * The replay after a resume is over: forget the lines it has, send again
 * ahead of the held ones those it surely has not, in order, and give the
 * others back to the user.
 */
static void
client_inflight_reconcile(struct client *c)
{
	struct client_frames	 again;
	struct client_frame	*f, *next;
	u_int			 n = 0, stored = 0;

	c->flags &= ~CLIENT_RECONCILE;
	c->wait_ms = 0;		/* the lines sent next wait anew */
	if (c->own_last_id > c->last_id)
		c->last_id = c->own_last_id;
	client_inflight_gaps(c, 1);
	if (client_inflight_match(&c->unsure, &c->own) != 0)
		log_debug("the replay has a message of ours not in flight");
	client_inflight_clear(&c->own);
	client_inflight_gaps(c, 0);
	TAILQ_INIT(&again);
	for (f = TAILQ_FIRST(&c->unsure); f != NULL; f = next) {
		next = TAILQ_NEXT(f, entry);
		if (f->fate == CLIENT_FATE_UNKNOWN)
			continue;
		TAILQ_REMOVE(&c->unsure, f, entry);
		if (f->fate == CLIENT_FATE_STORED) {
			stored++;
			client_inflight_drop(c, f);
			continue;
		}
		TAILQ_INSERT_TAIL(&again, f, entry);
		n++;
	}
	log_debug("after the resume: %u lines stored, %u to send again",
	    stored, n);
	client_inflight_unknown(c);
	if (n == 0)
		return;
	TAILQ_CONCAT(&again, &c->outq, entry);
	TAILQ_CONCAT(&c->outq, &again, entry);
	c->noutq += n;
	client_notice(c, c->current, CLINE_NOTICE, ngettext(
	    "%u line sent before the connection was lost had not reached the "
	    "hub: sent again", "%u lines sent before the connection was lost "
	    "had not reached the hub: sent again", n), n);
}

/*
 * Mark the lines in flight to a room whose resume replay said it lacks
 * messages (see client_event_room), if mark is set; else forget which
 * rooms said so, for the next resume.
 */
static void
client_inflight_gaps(struct client *c, int mark)
{
	struct client_frame	*f;
	struct croom		*r;

	if (mark) {
		TAILQ_FOREACH(f, &c->unsure, entry) {
			f->gap = f->type == PROTO_MSG &&
			    (r = client_room(c, f->to, CLIENT_ROOM_FIND)) !=
			    NULL && (r->flags & CROOM_GAP);
		}
		return;
	}
	TAILQ_FOREACH(r, &c->rooms, entry)
		r->flags &= ~CROOM_GAP;
}

/*
 * What the user would type to send a line again, or NULL for a picture;
 * text starting with a slash is written with two, as typed.
 */
static char *
client_inflight_recall(struct client_frame *f)
{
	char	*s;

	if (f->image)
		return (NULL);
	if (f->action)
		xasprintf(&s, "/me %s", f->text);
	else if (f->type == PROTO_DM)
		xasprintf(&s, "/msg %s %s", f->to, f->text);
	else
		xasprintf(&s, "%s%s", f->text[0] == '/' ? "/" : "", f->text);
	return (s);
}

/*
 * The fate of the lines still unsettled is unknown: they are not sent
 * again, which could show them twice.  Say how many, and give them back
 * to the interface's input history, oldest first.
 */
void
client_inflight_unknown(struct client *c)
{
	struct client_frame	*f;
	char			*line;
	u_int			 n = 0;

	while ((f = TAILQ_FIRST(&c->unsure)) != NULL) {
		TAILQ_REMOVE(&c->unsure, f, entry);
		if (f->type == PROTO_MSG || f->type == PROTO_DM) {
			n++;
			if (c->ui->recall != NULL &&
			    (line = client_inflight_recall(f)) != NULL) {
				c->ui->recall(c, line);
				free(line);
			}
		}
		client_inflight_drop(c, f);
	}
	if (n == 0)
		return;
	if (c->ui->recall != NULL)
		client_notice(c, c->current, CLINE_ERROR, ngettext(
		    "%u line sent before the connection was lost was not "
		    "confirmed: it may be lost (Up recalls it)",
		    "%u lines sent before the connection was lost were not "
		    "confirmed: they may be lost (Up recalls them)", n), n);
	else
		client_notice(c, c->current, CLINE_ERROR, ngettext(
		    "%u line sent before the connection was lost was not "
		    "confirmed: it may be lost",
		    "%u lines sent before the connection was lost were not "
		    "confirmed: they may be lost", n), n);
}

/* Free what is kept of requests in flight. */
void
client_inflight_free(struct client *c)
{
	client_inflight_clear(&c->sent);
	client_inflight_clear(&c->unsure);
	client_inflight_clear(&c->own);
	c->pending = 0;
	free(c->own_nick);
	c->own_nick = NULL;
	free(c->answered);
	c->answered = NULL;
}
