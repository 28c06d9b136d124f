/* session.c: a user's identity, which outlives its connection for resume. */

#include <sys/types.h>

#include <event2/event.h>
#include <fcntl.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * A session holds the nick, the rooms and the resume token.  When its
 * connection is lost it waits (detached) for the resume window; a new
 * connection presenting the token takes it over, even if the old
 * connection still looks alive.
 */
static TAILQ_HEAD(, session) session_list =
    TAILQ_HEAD_INITIALIZER(session_list);
static void	*session_nicks;		/* tree by case-folded nick */
static u_int	 session_n;
static u_int	 session_gen;

static int	session_cmp(const void *, const void *);
static void	session_expire_cb(evutil_socket_t, short, void *);

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
	session_new_token(s->token);
	s->since = now_ms();
	if (tsearch(s, &session_nicks, session_cmp) == NULL)
		fatalx("tsearch failed");
	TAILQ_INSERT_TAIL(&session_list, s, entry);
	session_n++;
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

/* Find a session by resume token (compared in constant time). */
struct session *
session_find_token(const char *token)
{
	struct session	*s;
	size_t		 i, len = strlen(token);
	u_char		 diff;

	if (len != CR_TOKEN_BYTES * 2)
		return (NULL);
	TAILQ_FOREACH(s, &session_list, entry) {
		diff = 0;
		for (i = 0; i < len; i++)
			diff |= (u_char)s->token[i] ^ (u_char)token[i];
		if (diff == 0)
			return (s);
	}
	return (NULL);
}

/* Change a session's nick; the caller checked it is valid and free. */
int
session_rename(struct session *s, const char *nick)
{
	tdelete(s, &session_nicks, session_cmp);
	free(s->nick);
	free(s->key);
	s->nick = xstrdup(nick);
	s->key = utf8_casefold(nick);
	if (tsearch(s, &session_nicks, session_cmp) == NULL)
		fatalx("tsearch failed");
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
	s->client = c;
	s->peer = peer;
	s->addr = addr;
	s->codec = c->codec;
}

/*
 * The connection is gone.  Keep the session for the resume window, or
 * end it now if resuming is off.
 */
void
session_detach(struct session *s, int wait)
{
	struct timeval	tv = { 0, 0 };

	s->client = NULL;
	s->peer = NULL;
	if (!wait || server_options()->resume_seconds <= 0) {
		session_destroy(s, "connection lost");
		return;
	}
	tv.tv_sec = server_options()->resume_seconds;
	if (s->expire == NULL)
		s->expire = evtimer_new(server_base(), session_expire_cb, s);
	evtimer_add(s->expire, &tv);
}

/* The resume window passed: the user has quit. */
static void
session_expire_cb(evutil_socket_t fd, short what, void *arg)
{
	struct session	*s = arg;

	log_info("%s: resume window expired", s->nick);
	session_destroy(s, "connection lost");
}

/* End a session: tell those who share a room, leave them, free it. */
void
session_destroy(struct session *s, const char *reason)
{
	struct hub_event	ev;

	server_backend()->session_gone(s);
	if (reason != NULL) {
		memset(&ev, 0, sizeof ev);
		ev.type = PROTO_SIGNOFF;
		ev.nick = s->nick;
		ev.ts = now_ms();
		ev.reason = reason;
		server_event_peers(s, &ev, 0);
	}
	while (s->nrooms > 0)
		room_remove(s->rooms[0], s);
	free(s->rooms);
	tdelete(s, &session_nicks, session_cmp);
	TAILQ_REMOVE(&session_list, s, entry);
	session_n--;
	if (s->expire != NULL)
		event_free(s->expire);
	free(s->nick);
	free(s->key);
	free(s->ip);
	free(s->pubkey);
	free(s);
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

/* Send an event once to everyone sharing a room with the session. */
void
session_fanout_peers(struct session *s, struct server_event *out, int self)
{
	struct room	*room;
	struct session	*m;
	u_int		 i, j;

	if (++session_gen == 0)
		session_gen = 1;
	s->mark = session_gen;
	if (self)
		server_event_send(out, s);
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
	struct session	*s;

	while ((s = TAILQ_FIRST(&session_list)) != NULL)
		session_destroy(s, NULL);
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
