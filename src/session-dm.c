/* SPDX-License-Identifier: ISC */
/* session-dm.c: the direct messages sessions keep, and keys' boxes. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <event2/event.h>
#include <fcntl.h>
#include <search.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"

/*
 * While a session waits for its resume, the direct messages sent to it
 * are kept (journaled with it) and delivered when it is back; the last
 * ones passed to its connection are kept a while too, sent again if it
 * was lost before reading them.  Their senders are told what became of
 * them: held, delivered late, expired, or perhaps not read.
 */

/*
 * The frames passed to a session just before its loss, kept for its key
 * once the session ended without a resume: sent when that key logs in
 * again (session_dm_box_deliver), or forgotten CR_DM_BOX_SECONDS after the
 * session ended, their senders told then.  At most CR_DM_BOXES keys, the
 * oldest forgotten first; in each, what a session keeps (CR_DM_HELD
 * frames, CR_DM_RESEND_BYTES).
 */
struct session_dm_box {
	char		*key;
	char		*nick;
	int64_t		 until;
	u_int		 n;
	size_t		 bytes;
	char		*from[CR_DM_HELD];
	char		*line[CR_DM_HELD];
	size_t		 len[CR_DM_HELD];
	struct event	*timer;
	TAILQ_ENTRY(session_dm_box) entry;
};
static TAILQ_HEAD(, session_dm_box) session_dm_boxes =
    TAILQ_HEAD_INITIALIZER(session_dm_boxes);
static u_int	 session_dm_nboxes;

static void	session_dm_event(struct session *, struct session_dm *);
static void	session_dm_sent_resend(struct session *, int);
static int64_t	session_dm_heard(struct session *);
static void	session_dm_box_forget(struct session_dm_box *, int);
static void	session_dm_box_cb(evutil_socket_t, short, void *);

/* Copy the frames kept for keys whose session ended, for saving. */
void
session_dm_boxes_to_hist(struct hist *h)
{
	struct session_dm_box	*b;
	struct hist_box		*hb;
	u_int			 i;

	h->nboxes = 0;
	h->boxes = xcalloc(session_dm_nboxes > 0 ? session_dm_nboxes : 1,
	    sizeof *h->boxes);
	TAILQ_FOREACH(b, &session_dm_boxes, entry) {
		hb = &h->boxes[h->nboxes++];
		hb->key = xstrdup(b->key);
		hb->nick = xstrdup(b->nick);
		hb->until = b->until;
		hb->dms = xcalloc(b->n > 0 ? b->n : 1, sizeof *hb->dms);
		for (i = 0; i < b->n; i++) {
			hb->dms[i].from = xstrdup(b->from[i]);
			hb->dms[i].frame = xmalloc(b->len[i] + 1);
			memcpy(hb->dms[i].frame, b->line[i], b->len[i]);
			hb->dms[i].frame[b->len[i]] = '\0';
		}
		hb->ndms = b->n;
	}
}

/*
 * Copy the direct messages kept for a session, to keep them too, and
 * the senders of those passed to its connection just before its loss.
 */
void
session_dm_to_hist(struct session *s, struct hist_session *hs)
{
	struct session_dm	*dm;
	int64_t			 since;
	u_int			 i, j;
	int			 lost;

	/*
	 * A clean stop cuts the connection as a loss does (a frozen client
	 * has not read what was passed to it): the frames go to the file,
	 * to send again when the session resumes after the restart.
	 */
	lost = s->client == NULL || server_stopping();
	/* Still connected: those the file keeps are the last window's. */
	if (s->client != NULL && s->nsent > 0) {
		since = session_dm_sent_since(now_ms(), session_dm_heard(s));
		for (i = 0; i < s->nsent && s->sent_at[i] < since; i++)
			/* nothing */;
	} else
		i = 0;
	if (i < s->nsent) {
		hs->unsure = xcalloc(s->nsent - i, sizeof *hs->unsure);
		hs->resend = xcalloc(s->nsent - i, sizeof *hs->resend);
	}
	for (; i < s->nsent; i++) {
		/* Lost: the frames, to send again on its resume. */
		if (lost && s->sent_line[i] != NULL) {
			hs->resend[hs->nresend].from = xstrdup(s->sent_from[i]);
			hs->resend[hs->nresend].frame =
			    xmalloc(s->sent_len[i] + 1);
			memcpy(hs->resend[hs->nresend].frame, s->sent_line[i],
			    s->sent_len[i]);
			hs->resend[hs->nresend++].frame[s->sent_len[i]] = '\0';
			continue;
		}
		for (j = 0; j < hs->nunsure; j++) {
			if (strcmp(hs->unsure[j], s->sent_from[i]) == 0)
				break;
		}
		if (j == hs->nunsure)
			hs->unsure[hs->nunsure++] = xstrdup(s->sent_from[i]);
	}
	if (s->ndms == 0)
		return;
	hs->dms = xcalloc(s->ndms, sizeof *hs->dms);
	TAILQ_FOREACH(dm, &s->dms, entry) {
		hs->dms[hs->ndms].from = xstrdup(dm->from);
		if (dm->hub != NULL)
			hs->dms[hs->ndms].hub = xstrdup(dm->hub);
		if (dm->host != NULL)
			hs->dms[hs->ndms].host = xstrdup(dm->host);
		hs->dms[hs->ndms].frame = xmalloc(dm->len + 1);
		memcpy(hs->dms[hs->ndms].frame, dm->line, dm->len);
		hs->dms[hs->ndms++].frame[dm->len] = '\0';
	}
}

/* Take the boxes of a loaded history; those whose time passed go now. */
void
session_dm_boxes_from_hist(struct hist *h)
{
	struct session_dm_box	*b;
	size_t			 i, j;

	for (i = 0; i < h->nboxes; i++) {
		b = session_dm_box_get(h->boxes[i].key, h->boxes[i].nick,
		    h->boxes[i].until);
		for (j = 0; j < h->boxes[i].ndms; j++) {
			session_dm_box_add(b, h->boxes[i].dms[j].from,
			    h->boxes[i].dms[j].frame,
			    strlen(h->boxes[i].dms[j].frame));
		}
		if (h->boxes[i].until <= now_ms())
			session_dm_box_forget(b, 1);
	}
}

/*
 * Keep a direct message (its JSON frame) for a session whose connection
 * is lost, to send when it resumes; at most CR_DM_HELD, and at most
 * CR_DM_HELD_FROM from one sender, so one stranger cannot fill the
 * queue and shut everyone else out (session_dm_room).  A sender of
 * another hub of a cluster has its hub's id and IRC name kept with it
 * (hub NULL: this hub's), for its IRC host.  It is journaled at once,
 * with the session, before the sender is told it is kept: a restart,
 * even kill -9, does not lose it.  0 if kept.
 */
int
session_dm_hold(struct session *s, const char *from, const char *hub,
    const char *host, const char *line, size_t len)
{
	if (!session_dm_room(s, from) || line == NULL)
		return (-1);
	session_dm_keep(s, from, hub, host, line, len);
	server_mark_dirty();
	history_journal_state_now();
	return (0);
}

/* May a lost session keep one more direct message from this sender? */
int
session_dm_room(struct session *s, const char *from)
{
	struct session_dm	*dm;
	u_int			 n = 0;

	if (s->ndms >= CR_DM_HELD)
		return (0);
	TAILQ_FOREACH(dm, &s->dms, entry) {
		if (strcasecmp(dm->from, from) == 0 &&
		    ++n >= CR_DM_HELD_FROM)
			return (0);
	}
	return (1);
}

/* Free a kept direct message. */
void
session_dm_free(struct session_dm *dm)
{
	free(dm->from);
	free(dm->hub);
	free(dm->host);
	free(dm->line);
	free(dm);
}

/* Queue a frame for a session's resume: from "" is a notice for it. */
void
session_dm_keep(struct session *s, const char *from, const char *hub,
    const char *host, const char *line, size_t len)
{
	struct session_dm	*dm;

	dm = xcalloc(1, sizeof *dm);
	dm->from = xstrdup(from);
	if (hub != NULL) {
		dm->hub = xstrdup(hub);
		if (host != NULL)
			dm->host = xstrdup(host);
	}
	dm->line = xmalloc(len);
	memcpy(dm->line, line, len);
	dm->len = len;
	TAILQ_INSERT_TAIL(&s->dms, dm, entry);
	s->ndms++;
}

/*
 * A kept direct message (a JSON frame) to a session an IRC client took
 * over: the event again, encoded for it (with its time before the text
 * for a client without @time).  A kept notice (from "": a DM
 * this session sent was not delivered, or may not have been) is worded
 * for it as IRC's NOTICE.
 */
static void
session_dm_event(struct session *s, struct session_dm *dm)
{
	struct hub_event	 ev;
	cJSON			*obj;
	const char		*type;

	if (*dm->from != '\0') {
		session_dm_irc(s, dm->hub, dm->host, dm->line, dm->len);
		return;
	}
	if ((obj = cJSON_ParseWithLength(dm->line, dm->len)) == NULL)
		return;
	memset(&ev, 0, sizeof ev);
	if (s->client != NULL &&
	    proto_get_str(obj, PF_TYPE, 1, &type) == 0 &&
	    proto_type_lookup(type) == PROTO_NOTICE &&
	    proto_get_str(obj, PF_CODE, 1, &ev.code) == 0 &&
	    proto_get_str(obj, PF_SUBJECT, 0, &ev.subject) == 0 &&
	    proto_get_int(obj, PF_DURATION, 0, &ev.secs) == 0) {
		ev.type = PROTO_NOTICE;
		server_client_send_event(s->client, &ev);
	}
	cJSON_Delete(obj);
}

/*
 * A direct message (its JSON frame) kept for a session while no
 * connection held it, here or in Redis, sent now to the IRC connection
 * that has it: from hub (NULL: this one), whose name was host.
 */
void
session_dm_irc(struct session *s, const char *hub, const char *host,
    const char *line, size_t len)
{
	struct hub_event	 ev;
	cJSON			*obj;
	long long		 id = 0, ts = 0;

	if ((obj = cJSON_ParseWithLength(line, len)) == NULL)
		return;
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_DM;
	ev.host = server_irc_origin(hub, host);
	if (proto_get_int(obj, PF_ID, 0, &id) == 0 &&
	    proto_get_int(obj, PF_TS, 0, &ts) == 0 &&
	    proto_get_str(obj, PF_NICK, 1, &ev.nick) == 0 &&
	    proto_get_str(obj, PF_TO, 1, &ev.to) == 0 &&
	    proto_get_str(obj, PF_TEXT, 1, &ev.text) == 0 &&
	    proto_get_bool(obj, PF_ACTION, 0, &ev.action) == 0) {
		ev.id = (uint64_t)id;
		ev.ts = ts;
		server_irc_event_kept(s, &ev);
	}
	cJSON_Delete(obj);
}

/*
 * The session is back: send the direct messages kept for it (and the
 * notices, for a native client), then have the journal forget them
 * before they leave, so that a restart does not send them twice.
 */
void
session_dm_deliver(struct session *s, int resumed)
{
	struct session_dm	*dm;

	session_dm_sent_resend(s, resumed);
	if (s->ndms == 0)
		return;
	while ((dm = TAILQ_FIRST(&s->dms)) != NULL) {
		TAILQ_REMOVE(&s->dms, dm, entry);
		if (s->codec == SERVER_CODEC_JSON)
			session_write(s, dm->line, dm->len);
		else
			session_dm_event(s, dm);
		if (*dm->from != '\0')
			metrics.delivered[METRICS_DM]++;
		session_dm_free(dm);
	}
	s->ndms = 0;
	server_mark_dirty();
	history_journal_state_now();
}

/*
 * The session ends without coming back: forget its kept messages and, if
 * asked, tell each sender still here, once, that theirs were not
 * delivered.
 */
void
session_dm_drop(struct session *s, int tell)
{
	struct session_dm	*dm, *later;

	while ((dm = TAILQ_FIRST(&s->dms)) != NULL) {
		TAILQ_REMOVE(&s->dms, dm, entry);
		TAILQ_FOREACH(later, &s->dms, entry) {
			if (strcmp(later->from, dm->from) == 0)
				break;	/* told with the sender's last one */
		}
		if (tell && later == NULL && *dm->from != '\0')
			session_dm_tell(s->nick, dm->from, "dm_expired", 0);
		session_dm_free(dm);
	}
	s->ndms = 0;
}

/*
 * How long a direct message held now for a lost session may wait, in
 * seconds rounded up: what is left of its resume window.
 */
long long
session_dm_held_secs(struct session *s)
{
	int64_t	window, left;

	window = (int64_t)server_options()->resume_seconds * 1000;
	left = window - (now_ms() - s->lost_at);
	if (left > window)	/* the clock went back */
		left = window;
	if (left < 1000)
		left = 1000;
	return ((left + 999) / 1000);
}

/*
 * Tell a sender what became of its direct messages to nick: held for up
 * to secs seconds (dm_held), refused as too many wait (dm_full), not
 * delivered (dm_expired) or maybe not (dm_unsure): now if it is
 * connected, else on its own resume (kept with its session).
 */
void
session_dm_tell(const char *nick, const char *sender, const char *code,
    long long secs)
{
	struct session		*from;
	struct hub_event	 ev;
	struct server_event	 out;
	const char		*line;
	size_t			 len;

	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_NOTICE;
	ev.code = code;
	ev.subject = nick;
	ev.secs = secs;
	if ((from = session_find_nick(sender)) == NULL) {
		/* On another hub of the cluster, perhaps: it tells them. */
		if (server_backend()->dm_notice != NULL &&
		    server_backend()->remote()) {
			server_event_init(&out, &ev);
			line = server_event_bytes(&out, SERVER_CODEC_JSON,
			    &len);
			if (line != NULL)
				server_backend()->dm_notice(sender, line, len);
			server_event_free(&out);
		}
		return;
	}
	session_dm_tell_here(from, nick, code, secs);
}

/*
 * Tell a session of this hub what became of its direct messages to nick
 * (see session_dm_tell): also one from another hub of the cluster.
 */
void
session_dm_tell_here(struct session *from, const char *nick,
    const char *code, long long secs)
{
	struct hub_event	 ev;
	struct server_event	 out;
	const char		*line;
	size_t			 len;

	if (strcmp(from->nick, nick) == 0)
		return;
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_NOTICE;
	ev.code = code;
	ev.subject = nick;
	ev.secs = secs;
	if (from->client != NULL) {
		/* Worded by the client's codec: IRC's is a NOTICE. */
		server_client_send_event(from->client, &ev);
		return;
	}
	server_event_init(&out, &ev);
	line = server_event_bytes(&out, SERVER_CODEC_JSON, &len);
	if (line != NULL && from->ndms < CR_DM_HELD) {
		session_dm_keep(from, "", NULL, NULL, line, len);
		server_mark_dirty();
	}
	server_event_free(&out);
}

/*
 * How long before a loss a direct message passed to the connection may
 * have gone unread: a ping timeout and a half.  A silent client is
 * dropped a ping timeout after it last said anything, as the hub's check
 * (every quarter of it) notices; a message passed just after that may
 * be more than a ping timeout before the loss.
 */
int64_t
session_dm_sent_window(void)
{
	return ((int64_t)server_options()->ping_timeout * 1500);
}

/*
 * From when (wall clock, ms) the direct messages passed to a session's
 * connection are in doubt at a loss at lost, its client last heard at
 * heard (0 if not known): a ping timeout and a half before the loss, or
 * half of one before the client last said anything if that is earlier.
 * A hub that stood still (stopped, swapped out, on a loaded machine)
 * drops a silent client only at a later check (server_client_due_check),
 * which can be well over a ping timeout after its silence began, and a
 * message passed since is no less unread for that.
 */
int64_t
session_dm_sent_since(int64_t lost, int64_t heard)
{
	int64_t	since;

	since = lost - session_dm_sent_window();
	if (heard != 0 && heard - session_dm_sent_window() / 3 < since)
		since = heard - session_dm_sent_window() / 3;
	return (since);
}

/* When (wall clock, ms) a connected session's client last said anything. */
static int64_t
session_dm_heard(struct session *s)
{
	if (s->client == NULL)
		return (0);
	return (now_ms() - (mono_ms() - s->client->last_input));
}

/*
 * A direct message was passed to the session's connection: note from
 * whom and when, for a while (see session_dm_sent_window).
 */
void
session_dm_note(struct session *s, const char *from, const char *line,
    size_t len)
{
	session_dm_sent_prune(s, session_dm_sent_since(now_ms(),
	    session_dm_heard(s)));
	if (s->nsent == CR_DM_HELD)
		session_dm_sent_prune(s, s->sent_at[0] + 1);
	session_dm_sent_add(s, from, now_ms(), line, len);
}

/*
 * Note a direct message passed at a time, with its JSON frame (if any)
 * to send again on a resume.  The frames of a session take at most
 * CR_DM_RESEND_BYTES: the oldest give theirs up first (their senders are
 * still noted), and one bigger than that keeps none.
 */
void
session_dm_sent_add(struct session *s, const char *from, int64_t at,
    const char *line, size_t len)
{
	u_int	i;

	if (line != NULL && len > CR_DM_RESEND_BYTES)
		line = NULL;
	for (i = 0; line != NULL && i < s->nsent &&
	    s->sent_bytes + len > CR_DM_RESEND_BYTES; i++) {
		if (s->sent_line[i] == NULL)
			continue;
		s->sent_bytes -= s->sent_len[i];
		free(s->sent_line[i]);
		s->sent_line[i] = NULL;
		s->sent_len[i] = 0;
	}
	i = s->nsent++;
	s->sent_from[i] = xstrdup(from);
	s->sent_at[i] = at;
	s->sent_line[i] = NULL;
	s->sent_len[i] = 0;
	if (line != NULL) {
		s->sent_line[i] = xmalloc(len);
		memcpy(s->sent_line[i], line, len);
		s->sent_len[i] = len;
		s->sent_bytes += len;
	}
}

/* Forget the notes of direct messages passed before a time. */
void
session_dm_sent_prune(struct session *s, int64_t before)
{
	u_int	i, n;

	for (n = 0; n < s->nsent && s->sent_at[n] < before; n++) {
		free(s->sent_from[n]);
		free(s->sent_line[n]);
		s->sent_bytes -= s->sent_len[n];
	}
	if (n == 0)
		return;
	for (i = n; i < s->nsent; i++) {
		s->sent_from[i - n] = s->sent_from[i];
		s->sent_at[i - n] = s->sent_at[i];
		s->sent_line[i - n] = s->sent_line[i];
		s->sent_len[i - n] = s->sent_len[i];
	}
	s->nsent -= n;
}

/*
 * The session is back: send again the direct messages passed to its lost
 * connection just before the loss, which it may never have read.  Only
 * to a native client, which drops those it has by their ids: the same one
 * resuming by its token, or one started again that takes the session over
 * with its key (it keeps the ids of the last DMs it showed, beside its
 * logged lines); not to an IRC client, which could not.  Then the notes
 * go.
 */
static void
session_dm_sent_resend(struct session *s, int resumed)
{
	u_int	i, n = 0;

	for (i = 0; s->codec == SERVER_CODEC_JSON && i < s->nsent; i++) {
		if (s->sent_line[i] == NULL)
			continue;
		session_write(s, s->sent_line[i], s->sent_len[i]);
		n++;
	}
	if (n > 0)
		log_info("%s: %u direct messages passed before the loss sent "
		    "again on a %s", s->nick, n, resumed ? "resume" :
		    "takeover");
	if (s->nsent > 0)
		server_mark_dirty();	/* the file must forget them */
	session_dm_sent_prune(s, INT64_MAX);
}

/*
 * A lost session ends without coming back.  The direct messages passed
 * to its connection just before the loss may never have
 * been read (a client frozen or cut off does not say): their senders
 * still here are told so, once each, unless told with dm_expired.
 */
void
session_dm_tell_unsure(struct session *s)
{
	struct session_dm	*dm;
	u_int			 i, j;

	for (i = 0; i < s->nsent; i++) {
		for (j = i + 1; j < s->nsent; j++) {
			if (strcmp(s->sent_from[j], s->sent_from[i]) == 0)
				break;
		}
		if (j < s->nsent)
			continue;	/* told with its last one */
		TAILQ_FOREACH(dm, &s->dms, entry) {
			if (strcmp(dm->from, s->sent_from[i]) == 0)
				break;
		}
		if (dm == NULL)
			session_dm_tell(s->nick, s->sent_from[i], "dm_unsure",
			    0);
	}
}

/*
 * The box of frames kept for a key, made (with its nick and the time it
 * is forgotten) if there is none; when CR_DM_BOXES are kept, the oldest
 * is forgotten first.
 */
struct session_dm_box *
session_dm_box_get(const char *key, const char *nick, int64_t until)
{
	struct session_dm_box	*b;
	struct timeval		 tv;
	int64_t			 left;

	TAILQ_FOREACH(b, &session_dm_boxes, entry) {
		if (strcmp(b->key, key) == 0)
			return (b);
	}
	if (session_dm_nboxes >= CR_DM_BOXES)
		session_dm_box_forget(TAILQ_FIRST(&session_dm_boxes), 1);
	b = xcalloc(1, sizeof *b);
	b->key = xstrdup(key);
	b->nick = xstrdup(nick);
	b->until = until;
	b->timer = evtimer_new(server_base(), session_dm_box_cb, b);
	left = until - now_ms();
	if (left < 0)
		left = 0;
	tv.tv_sec = left / 1000;
	tv.tv_usec = (left % 1000) * 1000;
	evtimer_add(b->timer, &tv);
	TAILQ_INSERT_TAIL(&session_dm_boxes, b, entry);
	session_dm_nboxes++;
	server_mark_dirty();
	return (b);
}

/*
 * Put a frame in a box, within what a session keeps: the oldest frames
 * give way (their senders told they may not have been delivered), and
 * one bigger than all of it is not kept (its sender told).
 */
void
session_dm_box_add(struct session_dm_box *b, const char *from, const char *line,
    size_t len)
{
	if (len > CR_DM_RESEND_BYTES) {
		session_dm_tell(b->nick, from, "dm_unsure", 0);
		return;
	}
	while (b->n > 0 && (b->n == CR_DM_HELD ||
	    b->bytes + len > CR_DM_RESEND_BYTES)) {
		session_dm_tell(b->nick, b->from[0], "dm_unsure", 0);
		b->bytes -= b->len[0];
		free(b->from[0]);
		free(b->line[0]);
		b->n--;
		memmove(b->from, b->from + 1, b->n * sizeof *b->from);
		memmove(b->line, b->line + 1, b->n * sizeof *b->line);
		memmove(b->len, b->len + 1, b->n * sizeof *b->len);
	}
	b->from[b->n] = xstrdup(from);
	b->line[b->n] = xmalloc(len);
	memcpy(b->line[b->n], line, len);
	b->len[b->n++] = len;
	b->bytes += len;
	server_mark_dirty();
}

/*
 * Forget a box: delivered, or (tell) its time passed or it made way, and
 * each sender still here is told, once, that theirs may not have been
 * delivered.
 */
static void
session_dm_box_forget(struct session_dm_box *b, int tell)
{
	u_int	i, j;

	for (i = 0; i < b->n; i++) {
		for (j = i + 1; j < b->n; j++) {
			if (strcmp(b->from[j], b->from[i]) == 0)
				break;
		}
		if (tell && j == b->n)
			session_dm_tell(b->nick, b->from[i], "dm_unsure", 0);
		free(b->from[i]);
		free(b->line[i]);
	}
	TAILQ_REMOVE(&session_dm_boxes, b, entry);
	session_dm_nboxes--;
	event_free(b->timer);
	free(b->key);
	free(b->nick);
	free(b);
	server_mark_dirty();
}

/* A box's time passed: forget it, and tell the senders. */
static void
session_dm_box_cb(evutil_socket_t fd, short what, void *arg)
{
	struct session_dm_box	*b = arg;

	log_info("%s: direct messages kept for its key forgotten", b->nick);
	session_dm_box_forget(b, 1);
}

/*
 * A lost session with a key ends without a resume: the frames passed to
 * it before the loss wait for that key's next login, and only the
 * senders of those without a frame are told now (session_dm_tell_unsure).
 */
void
session_dm_box_keep(struct session *s)
{
	struct session_dm_box	*b = NULL;
	u_int			 i, n = 0;

	if (s->pubkey == NULL)
		return;
	for (i = 0; i < s->nsent; i++) {
		if (s->sent_line[i] == NULL) {
			s->sent_from[n] = s->sent_from[i];
			s->sent_at[n] = s->sent_at[i];
			s->sent_line[n] = NULL;
			s->sent_len[n++] = 0;
			continue;
		}
		if (b == NULL)
			b = session_dm_box_get(s->pubkey, s->nick, now_ms() +
			    (int64_t)CR_DM_BOX_SECONDS * 1000);
		session_dm_box_add(b, s->sent_from[i], s->sent_line[i],
		    s->sent_len[i]);
		free(s->sent_from[i]);
		free(s->sent_line[i]);
	}
	s->nsent = n;
	s->sent_bytes = 0;
	if (b != NULL)
		log_info("%s: %u direct messages passed before the loss kept "
		    "for its key", s->nick, b->n);
}

/*
 * A native client logged in with a key whose session ended unresumed:
 * send it the frames kept for that key, then forget them.
 */
void
session_dm_box_deliver(struct session *s)
{
	struct session_dm_box	*b;
	u_int			 i;

	if (s->pubkey == NULL || s->codec != SERVER_CODEC_JSON)
		return;
	TAILQ_FOREACH(b, &session_dm_boxes, entry) {
		if (strcmp(b->key, s->pubkey) == 0)
			break;
	}
	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++)
		session_write(s, b->line[i], b->len[i]);
	log_info("%s: %u direct messages kept for its key delivered",
	    s->nick, b->n);
	session_dm_box_forget(b, 0);
}

/* Forget every box without telling the senders (at exit). */
void
session_dm_box_free_all(void)
{
	struct session_dm_box	*b;

	while ((b = TAILQ_FIRST(&session_dm_boxes)) != NULL)
		session_dm_box_forget(b, 0);
}
