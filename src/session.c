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

static int	session_cmp(const void *, const void *);
static void	session_expire_cb(evutil_socket_t, short, void *);
static const char *session_lost_reason(struct session *);
static uint64_t	session_last_id(struct session *, u_int);
static int	session_from_hist_last(struct hist_session *, size_t);
static int	session_from_hist_unsure(struct hist_session *, size_t,
		    size_t);

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
 * dropped it; heard, if not 0, when its client last said anything, by
 * the wall clock).  Keep the session for the resume window, or end it
 * now if resuming is off.  The window counts from the loss, which the
 * history file keeps: a session restored after a restart waits only for
 * what is left of it (see session_from_hist).
 */
void
session_detach(struct session *s, int wait, int ping, int64_t heard)
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
	session_dm_sent_prune(s, session_dm_sent_since(s->lost_at, heard));
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
		session_dm_box_keep(s);
		session_dm_tell_unsure(s);
	}
	session_dm_sent_prune(s, INT64_MAX);
	session_dm_drop(s, reason != NULL);
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

	while ((s = TAILQ_FIRST(&session_list)) != NULL)
		session_destroy(s, NULL);
	strmap_free(&session_tokens);
	session_dm_box_free_all();
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
		session_dm_to_hist(s, hs);
	}
	session_dm_boxes_to_hist(h);
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
	struct session_dm_box	*b;
	struct room		*room;
	size_t			 i, j, n, *gone, ngone = 0;
	u_int			 dropped = 0;

	if (server_options()->resume_seconds <= 0) {
		session_dm_boxes_from_hist(h);
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
			session_dm_keep(s, hs->dms[j].from, hs->dms[j].hub,
			    hs->dms[j].host, hs->dms[j].frame,
			    strlen(hs->dms[j].frame));
		}
		for (j = 0; j < hs->nunsure && s->nsent < CR_DM_HELD; j++) {
			session_dm_sent_add(s, hs->unsure[j], hs->lost > 0 ?
			    hs->lost : now_ms(), NULL, 0);
		}
		for (j = 0; j < hs->nresend && s->nsent < CR_DM_HELD; j++) {
			session_dm_sent_add(s, hs->resend[j].from,
			    hs->lost > 0 ? hs->lost : now_ms(),
			    hs->resend[j].frame, strlen(hs->resend[j].frame));
		}
		session_detach(s, 1, 0, 0);
	}
	/* Told once all are back, so that a sender lost as well is kept. */
	session_dm_boxes_from_hist(h);
	for (i = 0; i < ngone; i++) {
		hs = &h->sessions[gone[i]];
		/* Its frames wait for its key, as at the end of a session. */
		b = NULL;
		if (hs->pubkey != NULL && hs->nresend > 0)
			b = session_dm_box_get(hs->pubkey, hs->nick, hs->lost +
			    ((int64_t)server_options()->resume_seconds +
			    CR_DM_BOX_SECONDS) * 1000);
		for (j = 0; b != NULL && j < hs->nresend; j++) {
			session_dm_box_add(b, hs->resend[j].from,
			    hs->resend[j].frame, strlen(hs->resend[j].frame));
		}
		n = b != NULL ? hs->nunsure : hs->nunsure + hs->nresend;
		for (j = 0; j < hs->ndms; j++) {
			if (session_from_hist_last(hs, j))
				session_dm_tell(hs->nick, hs->dms[j].from,
				    "dm_expired", 0);
		}
		for (j = 0; j < n; j++) {
			if (session_from_hist_unsure(hs, j, n))
				session_dm_tell(hs->nick, j < hs->nunsure ?
				    hs->unsure[j] : hs->resend[j -
				    hs->nunsure].from, "dm_unsure", 0);
		}
	}
	free(gone);
	return (dropped);
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
