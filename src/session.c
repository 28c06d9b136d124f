/* SPDX-License-Identifier: ISC */
/* session.c: a user's identity, which outlives its connection for resume. */

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
 * A session holds the nick, the rooms and the resume token.  When its
 * connection is lost it waits (detached) for the resume window; a new
 * connection presenting the token takes it over, even if the old
 * connection still looks alive.
 */
static TAILQ_HEAD(, session) session_list =
    TAILQ_HEAD_INITIALIZER(session_list);
static void	*session_nicks;		/* tree by case-folded nick */
/*
 * Sessions by resume token, so that a resume (every client at once, after
 * a restart) costs the same with 10 sessions or 100,000.  The map's hash
 * is keyed with a secret drawn per process: a remote guess lands in a
 * bucket it cannot choose, so how long the lookup takes says nothing
 * about the tokens there (a guess one character closer to a token is in
 * another bucket).
 */
static struct strmap	 session_tokens;
static u_int	 session_n;
static u_int	 session_gen;

/*
 * The frames passed to a session just before its loss, kept for its key
 * once the session ended without a resume: sent when that key logs in
 * again (session_box_deliver), or forgotten CR_DM_BOX_SECONDS after the
 * session ended, their senders told then.  At most CR_DM_BOXES keys, the
 * oldest forgotten first; in each, what a session keeps (CR_DM_HELD
 * frames, CR_DM_RESEND_BYTES).
 */
struct session_box {
	char		*key;
	char		*nick;
	int64_t		 until;
	u_int		 n;
	size_t		 bytes;
	char		*from[CR_DM_HELD];
	char		*line[CR_DM_HELD];
	size_t		 len[CR_DM_HELD];
	struct event	*timer;
	TAILQ_ENTRY(session_box) entry;
};
static TAILQ_HEAD(, session_box) session_boxes =
    TAILQ_HEAD_INITIALIZER(session_boxes);
static u_int	 session_nboxes;

static int	session_cmp(const void *, const void *);
static void	session_expire_cb(evutil_socket_t, short, void *);
static const char *session_lost_reason(struct session *);
static uint64_t	session_last_id(struct session *, u_int);
static void	session_keep_dm(struct session *, const char *, const char *,
		    const char *, const char *, size_t);
static void	session_drop_dms(struct session *, int);
static void	session_sent_prune(struct session *, int64_t);
static void	session_sent_add(struct session *, const char *, int64_t,
		    const char *, size_t);
static void	session_sent_resend(struct session *, int);
static int64_t	session_sent_window(void);
static void	session_tell_unsure(struct session *);
static void	session_dm_event(struct session *, struct session_dm *);
static void	session_dms_to_hist(struct session *, struct hist_session *);
static void	session_boxes_to_hist(struct hist *);
static void	session_boxes_from_hist(struct hist *);
static int	session_from_hist_last(struct hist_session *, size_t);
static int	session_from_hist_unsure(struct hist_session *, size_t,
		    size_t);
static struct session_box *session_box_get(const char *, const char *,
		    int64_t);
static void	session_box_add(struct session_box *, const char *,
		    const char *, size_t);
static void	session_box_forget(struct session_box *, int);
static void	session_box_cb(evutil_socket_t, short, void *);
static void	session_box_keep(struct session *);

/* Order sessions by case-folded nick. */
static int
session_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct session *)a)->key,
	    ((const struct session *)b)->key));
}

/* Fill in a fresh random token. */
void
session_new_token(char *out)
{
	util_random_hex(out, CR_TOKEN_BYTES);
}

/* Create a session for a free, valid nick. */
struct session *
session_create(const char *nick)
{
	struct session	*s;

	s = xcalloc(1, sizeof *s);
	s->nick = xstrdup(nick);
	s->key = utf8_casefold(nick);
	TAILQ_INIT(&s->dms);
	session_new_token(s->token);
	strmap_set(&session_tokens, s->token, s);
	s->since = s->active = now_ms();
	if (tsearch(s, &session_nicks, session_cmp) == NULL)
		fatalx("tsearch failed");
	TAILQ_INSERT_TAIL(&session_list, s, entry);
	session_n++;
	server_mark_dirty();	/* sessions are in the history file */
	return (s);
}

/* Find the session holding a nick, ignoring case. */
struct session *
session_find_nick(const char *nick)
{
	struct session	 find, **found;

	find.key = utf8_casefold(nick);
	found = tfind(&find, &session_nicks, session_cmp);
	free(find.key);
	return (found != NULL ? *found : NULL);
}

/* Find a session by resume token. */
struct session *
session_find_token(const char *token)
{
	if (strlen(token) != CR_TOKEN_BYTES * 2)
		return (NULL);
	return (strmap_get(&session_tokens, token));
}

/*
 * Give a session a token it was given elsewhere (the history file, or
 * the cluster), by which it is found.
 */
void
session_set_token(struct session *s, const char *token)
{
	strmap_del(&session_tokens, s->token);
	snprintf(s->token, sizeof s->token, "%s", token);
	strmap_set(&session_tokens, s->token, s);
}

/* Change a session's nick; the caller checked it is valid and free. */
int
session_rename(struct session *s, const char *nick)
{
	claim_seen(s->nick);		/* its owner was last there as it */
	tdelete(s, &session_nicks, session_cmp);
	free(s->nick);
	free(s->key);
	s->nick = xstrdup(nick);
	s->key = utf8_casefold(nick);
	if (tsearch(s, &session_nicks, session_cmp) == NULL)
		fatalx("tsearch failed");
	server_mark_dirty();
	return (0);
}

/*
 * Attach a live connection (a new login or a resume); what is sent to the
 * session goes straight to its peer.
 */
void
session_attach(struct session *s, struct server_client *c, struct peer *peer,
    const char *addr)
{
	if (s->expire != NULL)
		evtimer_del(s->expire);
	server_addr_ghost_remove(s);
	s->client = c;
	s->peer = peer;
	s->addr = addr;
	s->codec = c->codec;
	s->lost_at = 0;
	/* Registered: frames may carry pictures, and a full send queue. */
	if (c->codec == SERVER_CODEC_JSON)
		peer_set_maxline(peer, CR_IMAGE_LINE_MAX);
	peer_set_sendq(peer, server_options()->sendq_max);
}

/*
 * The connection is gone (ping, if not 0, the ping timeout in seconds that
 * dropped it).  Keep the session for the resume window, or end it now if
 * resuming is off.  The window counts from the loss, which the history
 * file keeps: a session restored after a restart waits only for what is
 * left of it (see session_from_hist).
 */
void
session_detach(struct session *s, int wait, int ping)
{
	struct timeval	 tv = { 0, 0 };
	struct session	*old;
	const char	*why;
	int64_t		 window, left;
	int		 self;

	/* The user was last there now (a session from the file was not). */
	if (!(s->flags & SESSION_RESTORED))
		claim_seen(s->nick);
	s->client = NULL;
	s->peer = NULL;
	s->lost_id = server_peek_id() - 1;
	s->lost_ping = ping;
	if (!(s->flags & SESSION_RESTORED) || s->lost_at == 0)
		s->lost_at = now_ms();
	session_sent_prune(s, s->lost_at - session_sent_window());
	server_mark_dirty();
	if (!wait || server_options()->resume_seconds <= 0) {
		session_destroy(s, session_lost_reason(s));
		return;
	}
	window = (int64_t)server_options()->resume_seconds * 1000;
	left = window - (now_ms() - s->lost_at);
	if (left > window)	/* the clock went back */
		left = window;
	if (left < 0)
		left = 0;
	tv.tv_sec = left / 1000;
	tv.tv_usec = (left % 1000) * 1000;
	if (s->expire == NULL)
		s->expire = evtimer_new(server_base(), session_expire_cb, s);
	evtimer_add(s->expire, &tv);

	/* Too many ghosts, of its address or in all: the oldest end. */
	server_addr_ghost_add(s);
	while ((old = server_addr_ghost_over(s, &why)) != NULL) {
		self = old == s;
		log_info("%s: %s no longer waits for a resume: too many "
		    "sessions wait (%s)", old->ip != NULL ? old->ip : "-",
		    old->nick, why);
		metrics.address_limits[METRICS_LIMIT_GHOST]++;
		session_destroy(old, session_lost_reason(old));
		if (self)
			return;
	}
	/* Other hubs learn it waits, and since which message. */
	server_backend()->session(s);
}

/* The resume window passed: the user has quit. */
static void
session_expire_cb(evutil_socket_t fd, short what, void *arg)
{
	struct session	*s = arg;

	log_info("%s: resume window expired", s->nick);
	session_destroy(s, session_lost_reason(s));
}

/*
 * Why a lost session ends, as those who shared a room see it: "Ping
 * timeout: N seconds" if its client stopped answering pings, as IRC
 * servers say it, else "connection lost".
 */
static const char *
session_lost_reason(struct session *s)
{
	static char	reason[64];

	if (s->lost_ping <= 0)
		return ("connection lost");
	snprintf(reason, sizeof reason, "Ping timeout: %d seconds",
	    s->lost_ping);
	return (reason);
}

/* End a session: tell those who share a room, leave them, free it. */
void
session_destroy(struct session *s, const char *reason)
{
	struct hub_event	ev;

	/* A ghost was last seen when it lost its connection. */
	if (!(s->flags & SESSION_GHOST))
		claim_seen(s->nick);
	server_backend()->session_gone(s);
	server_addr_ghost_remove(s);
	/* Lost (not a quit): kept for its key, or their senders told. */
	if (reason != NULL && s->client == NULL && s->lost_at != 0) {
		session_box_keep(s);
		session_tell_unsure(s);
	}
	session_sent_prune(s, INT64_MAX);
	session_drop_dms(s, reason != NULL);
	if (reason != NULL) {
		memset(&ev, 0, sizeof ev);
		ev.type = PROTO_SIGNOFF;
		ev.nick = s->nick;
		ev.ts = now_ms();
		ev.reason = reason;
		/* A conversation says its peer is gone, even without a room. */
		server_event_peers(s, &ev, FANOUT_PARTNERS);
	}
	while (s->nrooms > 0)
		room_remove(s->rooms[0], s);
	free(s->rooms);
	tdelete(s, &session_nicks, session_cmp);
	strmap_del(&session_tokens, s->token);
	TAILQ_REMOVE(&session_list, s, entry);
	session_n--;
	if (s->expire != NULL)
		event_free(s->expire);
	free(s->nick);
	free(s->key);
	free(s->ip);
	free(s->pubkey);
	free(s->oper_hash);
	free(s->hub_was);
	free(s->resume_ids);
	server_people_forget(s);
	server_mark_dirty();
	free(s);
}

/*
 * The reason a session's signoff shows, given the one its user chose: a
 * muted user's would be one last message to every room, and a session
 * that lived less than --churn-seconds, from an address that logs in
 * again and again (server_addr_churning), is not worth the bytes; both
 * sign off with plain "quit".
 */
const char *
session_signoff_reason(struct session *s, const char *reason)
{
	int64_t	churn = (int64_t)server_options()->churn_seconds * 1000;

	if (reason == NULL || *reason == '\0' ||
	    utf8_strlen(reason, strlen(reason)) > CR_REASON_MAX)
		return ("quit");
	if (ban_find(BAN_MUTE, s->nick) != NULL)
		return ("quit");
	if (now_ms() - s->since < churn && s->ip != NULL &&
	    server_addr_churning(s->ip))
		return ("quit");
	return (reason);
}

/*
 * Deliver bytes to the session's connection, if it has one: straight to
 * its peer.  With -v twice, one line per frame, never its text.
 */
void
session_write(struct session *s, const char *line, size_t len)
{
	if (s->peer == NULL)
		return;
	metrics.sent_bytes += len;
	if (log_level >= LOG_TRACE)
		log_debug("deliver %zu bytes to %s (%s)", len, s->nick,
		    s->addr);
	peer_send(s->peer, line, len);
}

/*
 * Send an event once to everyone sharing a room with the session, and
 * as flags ask (FANOUT_*) to the session itself and its DM partners.
 */
void
session_fanout_peers(struct session *s, struct server_event *out, int flags)
{
	struct room	*room;
	struct session	*m;
	u_int		 i, j;

	if (++session_gen == 0)
		session_gen = 1;
	s->mark = session_gen;
	if (flags & FANOUT_SELF)
		server_event_send(out, s);
	for (i = 0; (flags & FANOUT_PARTNERS) && i < s->npartners; i++) {
		if ((m = session_find_nick(s->partners[i])) == NULL ||
		    m->mark == session_gen)
			continue;
		m->mark = session_gen;
		server_event_send(out, m);
	}
	for (i = 0; i < s->nrooms; i++) {
		room = s->rooms[i];
		for (j = 0; j < room->nmembers; j++) {
			m = room->members[j];
			if (m->mark == session_gen)
				continue;
			m->mark = session_gen;
			server_event_send(out, m);
		}
	}
}

/* Send an event once to every local member of the rooms. */
void
session_fanout_rooms(struct room **rooms, u_int n, struct server_event *out)
{
	struct session	*m;
	u_int		 i, j;

	if (++session_gen == 0)
		session_gen = 1;
	for (i = 0; i < n; i++) {
		for (j = 0; j < rooms[i]->nmembers; j++) {
			m = rooms[i]->members[j];
			if (m->mark == session_gen)
				continue;
			m->mark = session_gen;
			server_event_send(out, m);
		}
	}
}

/* Free all sessions without telling anyone (at exit). */
void
session_free_all(void)
{
	struct session		*s;
	struct session_box	*b;

	while ((s = TAILQ_FIRST(&session_list)) != NULL)
		session_destroy(s, NULL);
	strmap_free(&session_tokens);
	while ((b = TAILQ_FIRST(&session_boxes)) != NULL)
		session_box_forget(b, 0);
}

/* Walk the sessions: the first after s (or the first of all). */
struct session *
session_next(struct session *s)
{
	return (s == NULL ? TAILQ_FIRST(&session_list) : TAILQ_NEXT(s, entry));
}

/* How many sessions exist (connected or waiting). */
u_int
session_count(void)
{
	return (session_n);
}

/*
 * The last message id a session was sent in its i-th room: all of the
 * room while it is connected, what was there when it was lost, or what
 * the history file said if it has not come back since a restart.
 */
static uint64_t
session_last_id(struct session *s, u_int i)
{
	struct ring	*ring = &s->rooms[i]->ring;
	uint64_t	 last;

	if (s->resume_ids != NULL)
		return (s->resume_ids[i]);
	last = ring->count > 0 ? ring_get(ring, ring->count - 1)->id : 0;
	if (s->client == NULL && s->lost_id < last)
		last = s->lost_id;
	return (last);
}

/* Copy every session into a history for saving. */
void
session_to_hist(struct hist *h)
{
	struct session		*s;
	struct hist_session	*hs;
	u_int			 i;

	h->nsessions = 0;
	h->sessions = xcalloc(session_n > 0 ? session_n : 1,
	    sizeof *h->sessions);
	TAILQ_FOREACH(s, &session_list, entry) {
		/*
		 * An IRC client has no token to resume with: unless its
		 * nick is claimed (a password may take the session over),
		 * its session would only hold the nick for the window.
		 */
		if (s->codec != SERVER_CODEC_JSON &&
		    claim_check(s->nick, NULL) == 1)
			continue;
		hs = &h->sessions[h->nsessions++];
		hs->nick = xstrdup(s->nick);
		hs->token = xstrdup(s->token);
		hs->pubkey = s->pubkey != NULL ? xstrdup(s->pubkey) : NULL;
		hs->away = s->away != NULL ? xstrdup(s->away) : NULL;
		if ((s->flags & SESSION_OPER) && s->oper_hash != NULL)
			hs->oper = xstrdup(s->oper_hash);
		hs->oper_lost = (s->flags & SESSION_OPER_LOST) != 0;
		/* Restored and not yet taken back in Redis: the old id. */
		if (s->hub_was != NULL)
			hs->hub = xstrdup(s->hub_was);
		else if (cluster_hub_id() != NULL)
			hs->hub = xstrdup(cluster_hub_id());
		hs->since = s->since;
		hs->active = s->active;
		hs->rooms = xcalloc(s->nrooms > 0 ? s->nrooms : 1,
		    sizeof *hs->rooms);
		hs->last_ids = xcalloc(s->nrooms > 0 ? s->nrooms : 1,
		    sizeof *hs->last_ids);
		for (i = 0; i < s->nrooms; i++) {
			hs->rooms[i] = xstrdup(s->rooms[i]->name);
			hs->last_ids[i] = session_last_id(s, i);
		}
		hs->nrooms = s->nrooms;
		hs->lost = s->client == NULL ? s->lost_at : 0;
		/* Kept over a restart, not resumed yet: still never said. */
		hs->unseen = s->client == NULL &&
		    (s->flags & SESSION_UNSEEN) != 0;
		session_dms_to_hist(s, hs);
	}
	session_boxes_to_hist(h);
}

/* Copy the frames kept for keys whose session ended, for saving. */
static void
session_boxes_to_hist(struct hist *h)
{
	struct session_box	*b;
	struct hist_box		*hb;
	u_int			 i;

	h->nboxes = 0;
	h->boxes = xcalloc(session_nboxes > 0 ? session_nboxes : 1,
	    sizeof *h->boxes);
	TAILQ_FOREACH(b, &session_boxes, entry) {
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
static void
session_dms_to_hist(struct session *s, struct hist_session *hs)
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
		since = now_ms() - session_sent_window();
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

/*
 * Take the sessions of a loaded history: each waits, detached and silent,
 * for its client to resume it by token within the resume window, in its
 * rooms, as if its connection had just been lost.  It began when it did
 * before the restart, and an operator is one again if the operator
 * password is still the one it gave (else it is told on its resume).
 * The direct messages kept for it wait again; the senders of those kept
 * for one whose window passed while the hub was down are told they were
 * not delivered, and those of the last passed to it that they may not
 * have been.  Returns how many operators were not: the file must
 * forget them now.
 */
u_int
session_from_hist(struct hist *h)
{
	struct hist_session	*hs;
	struct session		*s;
	struct session_box	*b;
	struct room		*room;
	size_t			 i, j, n, *gone, ngone = 0;
	u_int			 dropped = 0;

	if (server_options()->resume_seconds <= 0) {
		session_boxes_from_hist(h);
		return (0);
	}
	gone = xcalloc(h->nsessions > 0 ? h->nsessions : 1, sizeof *gone);
	/* A nick or a token the file has twice is taken once. */
	for (i = 0; i < h->nsessions; i++) {
		hs = &h->sessions[i];
		if (session_find_nick(hs->nick) != NULL ||
		    strmap_get(&session_tokens, hs->token) != NULL)
			continue;
		/* Lost before the restart: its window may have passed. */
		if (hs->lost > 0 && now_ms() - hs->lost >=
		    (int64_t)server_options()->resume_seconds * 1000) {
			log_info("%s: resume window expired while the hub was "
			    "down", hs->nick);
			gone[ngone++] = i;
			continue;
		}
		s = session_create(hs->nick);
		session_set_token(s, hs->token);
		if (hs->pubkey != NULL)
			s->pubkey = xstrdup(hs->pubkey);
		if (hs->away != NULL)
			s->away = xstrdup(hs->away);
		if (hs->since > 0 && hs->since < s->since)
			s->since = hs->since;
		/* Idle since it last spoke, not since the restart. */
		if (hs->active > 0 && hs->active < s->active)
			s->active = hs->active;
		if (hs->oper != NULL && session_restore_oper(s, hs->oper) != 0)
			dropped++;
		else if (hs->oper_lost)		/* another restart came first */
			s->flags |= SESSION_OPER_LOST;
		s->flags |= SESSION_RESTORED;
		if (hs->hub != NULL)
			s->hub_was = xstrdup(hs->hub);
		s->lost_at = hs->lost;	/* 0: connected when saved */
		if (hs->lost == 0 || hs->unseen)	/* nobody saw it lost */
			s->flags |= SESSION_UNSEEN;
		s->resume_ids = xcalloc(hs->nrooms > 0 ? hs->nrooms : 1,
		    sizeof *s->resume_ids);
		for (j = 0; j < hs->nrooms; j++) {
			if ((room = room_find(hs->rooms[j])) == NULL ||
			    room_add(room, s) != 0)
				continue;
			s->resume_ids[s->nrooms - 1] = hs->last_ids[j];
		}
		for (j = 0; j < hs->ndms; j++) {
			session_keep_dm(s, hs->dms[j].from, hs->dms[j].hub,
			    hs->dms[j].host, hs->dms[j].frame,
			    strlen(hs->dms[j].frame));
		}
		for (j = 0; j < hs->nunsure && s->nsent < CR_DM_HELD; j++) {
			session_sent_add(s, hs->unsure[j], hs->lost > 0 ?
			    hs->lost : now_ms(), NULL, 0);
		}
		for (j = 0; j < hs->nresend && s->nsent < CR_DM_HELD; j++) {
			session_sent_add(s, hs->resend[j].from, hs->lost > 0 ?
			    hs->lost : now_ms(), hs->resend[j].frame,
			    strlen(hs->resend[j].frame));
		}
		session_detach(s, 1, 0);
	}
	/* Told once all are back, so that a sender lost as well is kept. */
	session_boxes_from_hist(h);
	for (i = 0; i < ngone; i++) {
		hs = &h->sessions[gone[i]];
		/* Its frames wait for its key, as at the end of a session. */
		b = NULL;
		if (hs->pubkey != NULL && hs->nresend > 0)
			b = session_box_get(hs->pubkey, hs->nick, hs->lost +
			    ((int64_t)server_options()->resume_seconds +
			    CR_DM_BOX_SECONDS) * 1000);
		for (j = 0; b != NULL && j < hs->nresend; j++) {
			session_box_add(b, hs->resend[j].from,
			    hs->resend[j].frame, strlen(hs->resend[j].frame));
		}
		n = b != NULL ? hs->nunsure : hs->nunsure + hs->nresend;
		for (j = 0; j < hs->ndms; j++) {
			if (session_from_hist_last(hs, j))
				session_tell_dm(hs->nick, hs->dms[j].from,
				    "dm_expired", 0);
		}
		for (j = 0; j < n; j++) {
			if (session_from_hist_unsure(hs, j, n))
				session_tell_dm(hs->nick, j < hs->nunsure ?
				    hs->unsure[j] : hs->resend[j -
				    hs->nunsure].from, "dm_unsure", 0);
		}
	}
	free(gone);
	return (dropped);
}

/* Take the boxes of a loaded history; those whose time passed go now. */
static void
session_boxes_from_hist(struct hist *h)
{
	struct session_box	*b;
	size_t			 i, j;

	for (i = 0; i < h->nboxes; i++) {
		b = session_box_get(h->boxes[i].key, h->boxes[i].nick,
		    h->boxes[i].until);
		for (j = 0; j < h->boxes[i].ndms; j++) {
			session_box_add(b, h->boxes[i].dms[j].from,
			    h->boxes[i].dms[j].frame,
			    strlen(h->boxes[i].dms[j].frame));
		}
		if (h->boxes[i].until <= now_ms())
			session_box_forget(b, 1);
	}
}

/*
 * Is the j-th sender of the messages passed before the loss (of those
 * with no frame, then those with one; n in all) to be told dm_unsure:
 * neither told dm_expired for a kept one nor listed again after?
 */
static int
session_from_hist_unsure(struct hist_session *hs, size_t j, size_t n)
{
	const char	*from, *other;
	size_t		 k;

	from = j < hs->nunsure ? hs->unsure[j] : hs->resend[j -
	    hs->nunsure].from;
	for (k = 0; k < hs->ndms; k++) {
		if (strcmp(hs->dms[k].from, from) == 0)
			return (0);
	}
	for (k = j + 1; k < n; k++) {
		other = k < hs->nunsure ? hs->unsure[k] : hs->resend[k -
		    hs->nunsure].from;
		if (strcmp(other, from) == 0)
			return (0);
	}
	return (1);
}

/* Is the j-th kept message its sender's last one to the session? */
static int
session_from_hist_last(struct hist_session *hs, size_t j)
{
	size_t	k;

	for (k = j + 1; k < hs->ndms; k++) {
		if (strcmp(hs->dms[k].from, hs->dms[j].from) == 0)
			return (0);
	}
	return (1);
}

/*
 * A restored session was an operator (in the history file, or on the hub
 * of the cluster it moved from): it is one again only if this hub's
 * operator password is the one it gave, which the hash says.  A new
 * password, or none, ends it, as a new password ends the way in; its
 * user is told at resume.
 */
int
session_restore_oper(struct session *s, const char *hash)
{
	int	matches = server_oper_hash_matches(hash);

	if (matches == 1) {
		s->flags |= SESSION_OPER;
		s->oper_hash = xstrdup(hash);
		return (0);
	}
	server_oper_drop(s, matches);
	return (-1);
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
session_hold_dm(struct session *s, const char *from, const char *hub,
    const char *host, const char *line, size_t len)
{
	if (!session_dm_room(s, from) || line == NULL)
		return (-1);
	session_keep_dm(s, from, hub, host, line, len);
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
static void
session_keep_dm(struct session *s, const char *from, const char *hub,
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
 * over: the event again, encoded for it.  A kept notice (from "": a DM
 * this session sent was not delivered, or may not have been) is worded
 * for it as IRC's NOTICE.
 */
static void
session_dm_event(struct session *s, struct session_dm *dm)
{
	struct hub_event	 ev;
	cJSON			*obj;
	const char		*type;
	long long		 id = 0, ts = 0;

	if ((obj = cJSON_ParseWithLength(dm->line, dm->len)) == NULL)
		return;
	memset(&ev, 0, sizeof ev);
	if (*dm->from == '\0') {
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
		return;
	}
	ev.type = PROTO_DM;
	ev.host = server_irc_origin(dm->hub, dm->host);
	if (proto_get_int(obj, PF_ID, 0, &id) == 0 &&
	    proto_get_int(obj, PF_TS, 0, &ts) == 0 &&
	    proto_get_str(obj, PF_NICK, 1, &ev.nick) == 0 &&
	    proto_get_str(obj, PF_TO, 1, &ev.to) == 0 &&
	    proto_get_str(obj, PF_TEXT, 1, &ev.text) == 0 &&
	    proto_get_bool(obj, PF_ACTION, 0, &ev.action) == 0) {
		ev.id = (uint64_t)id;
		ev.ts = ts;
		server_event_one(s, &ev);
	}
	cJSON_Delete(obj);
}

/*
 * The session is back: send the direct messages kept for it (and the
 * notices, for a native client), then have the journal forget them
 * before they leave, so that a restart does not send them twice.
 */
void
session_deliver_dms(struct session *s, int resumed)
{
	struct session_dm	*dm;

	session_sent_resend(s, resumed);
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
static void
session_drop_dms(struct session *s, int tell)
{
	struct session_dm	*dm, *later;

	while ((dm = TAILQ_FIRST(&s->dms)) != NULL) {
		TAILQ_REMOVE(&s->dms, dm, entry);
		TAILQ_FOREACH(later, &s->dms, entry) {
			if (strcmp(later->from, dm->from) == 0)
				break;	/* told with the sender's last one */
		}
		if (tell && later == NULL && *dm->from != '\0')
			session_tell_dm(s->nick, dm->from, "dm_expired", 0);
		session_dm_free(dm);
	}
	s->ndms = 0;
}

/*
 * How long a direct message held now for a lost session may wait, in
 * seconds rounded up: what is left of its resume window.
 */
long long
session_held_secs(struct session *s)
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
session_tell_dm(const char *nick, const char *sender, const char *code,
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
	session_tell_dm_here(from, nick, code, secs);
}

/*
 * Tell a session of this hub what became of its direct messages to nick
 * (see session_tell_dm): also one from another hub of the cluster.
 */
void
session_tell_dm_here(struct session *from, const char *nick,
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
		session_keep_dm(from, "", NULL, NULL, line, len);
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
static int64_t
session_sent_window(void)
{
	return ((int64_t)server_options()->ping_timeout * 1500);
}

/*
 * A direct message was passed to the session's connection: note from
 * whom and when, for a while (see session_sent_window).
 */
void
session_note_dm(struct session *s, const char *from, const char *line,
    size_t len)
{
	session_sent_prune(s, now_ms() - session_sent_window());
	if (s->nsent == CR_DM_HELD)
		session_sent_prune(s, s->sent_at[0] + 1);
	session_sent_add(s, from, now_ms(), line, len);
}

/*
 * Note a direct message passed at a time, with its JSON frame (if any)
 * to send again on a resume.  The frames of a session take at most
 * CR_DM_RESEND_BYTES: the oldest give theirs up first (their senders are
 * still noted), and one bigger than that keeps none.
 */
static void
session_sent_add(struct session *s, const char *from, int64_t at,
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
static void
session_sent_prune(struct session *s, int64_t before)
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
session_sent_resend(struct session *s, int resumed)
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
	session_sent_prune(s, INT64_MAX);
}

/*
 * A lost session ends without coming back.  The direct messages passed
 * to its connection just before the loss may never have
 * been read (a client frozen or cut off does not say): their senders
 * still here are told so, once each, unless told with dm_expired.
 */
static void
session_tell_unsure(struct session *s)
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
			session_tell_dm(s->nick, s->sent_from[i], "dm_unsure",
			    0);
	}
}

/*
 * The box of frames kept for a key, made (with its nick and the time it
 * is forgotten) if there is none; when CR_DM_BOXES are kept, the oldest
 * is forgotten first.
 */
static struct session_box *
session_box_get(const char *key, const char *nick, int64_t until)
{
	struct session_box	*b;
	struct timeval		 tv;
	int64_t			 left;

	TAILQ_FOREACH(b, &session_boxes, entry) {
		if (strcmp(b->key, key) == 0)
			return (b);
	}
	if (session_nboxes >= CR_DM_BOXES)
		session_box_forget(TAILQ_FIRST(&session_boxes), 1);
	b = xcalloc(1, sizeof *b);
	b->key = xstrdup(key);
	b->nick = xstrdup(nick);
	b->until = until;
	b->timer = evtimer_new(server_base(), session_box_cb, b);
	left = until - now_ms();
	if (left < 0)
		left = 0;
	tv.tv_sec = left / 1000;
	tv.tv_usec = (left % 1000) * 1000;
	evtimer_add(b->timer, &tv);
	TAILQ_INSERT_TAIL(&session_boxes, b, entry);
	session_nboxes++;
	server_mark_dirty();
	return (b);
}

/*
 * Put a frame in a box, within what a session keeps: the oldest frames
 * give way (their senders told they may not have been delivered), and
 * one bigger than all of it is not kept (its sender told).
 */
static void
session_box_add(struct session_box *b, const char *from, const char *line,
    size_t len)
{
	if (len > CR_DM_RESEND_BYTES) {
		session_tell_dm(b->nick, from, "dm_unsure", 0);
		return;
	}
	while (b->n > 0 && (b->n == CR_DM_HELD ||
	    b->bytes + len > CR_DM_RESEND_BYTES)) {
		session_tell_dm(b->nick, b->from[0], "dm_unsure", 0);
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
session_box_forget(struct session_box *b, int tell)
{
	u_int	i, j;

	for (i = 0; i < b->n; i++) {
		for (j = i + 1; j < b->n; j++) {
			if (strcmp(b->from[j], b->from[i]) == 0)
				break;
		}
		if (tell && j == b->n)
			session_tell_dm(b->nick, b->from[i], "dm_unsure", 0);
		free(b->from[i]);
		free(b->line[i]);
	}
	TAILQ_REMOVE(&session_boxes, b, entry);
	session_nboxes--;
	event_free(b->timer);
	free(b->key);
	free(b->nick);
	free(b);
	server_mark_dirty();
}

/* A box's time passed: forget it, and tell the senders. */
static void
session_box_cb(evutil_socket_t fd, short what, void *arg)
{
	struct session_box	*b = arg;

	log_info("%s: direct messages kept for its key forgotten", b->nick);
	session_box_forget(b, 1);
}

/*
 * A lost session with a key ends without a resume: the frames passed to
 * it before the loss wait for that key's next login, and only the
 * senders of those without a frame are told now (session_tell_unsure).
 */
static void
session_box_keep(struct session *s)
{
	struct session_box	*b = NULL;
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
			b = session_box_get(s->pubkey, s->nick, now_ms() +
			    (int64_t)CR_DM_BOX_SECONDS * 1000);
		session_box_add(b, s->sent_from[i], s->sent_line[i],
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
session_box_deliver(struct session *s)
{
	struct session_box	*b;
	u_int			 i;

	if (s->pubkey == NULL || s->codec != SERVER_CODEC_JSON)
		return;
	TAILQ_FOREACH(b, &session_boxes, entry) {
		if (strcmp(b->key, s->pubkey) == 0)
			break;
	}
	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++)
		session_write(s, b->line[i], b->len[i]);
	log_info("%s: %u direct messages kept for its key delivered",
	    s->nick, b->n);
	session_box_forget(b, 0);
}
