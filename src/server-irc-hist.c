/* SPDX-License-Identifier: ISC */
/* server-irc-hist.c: a channel's state and history for IRC, CHATHISTORY. */

#include <sys/types.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"

/*
 * After its JOIN, an IRC client gets the channel's topic (332), names
 * (353, 366), then the room's last --replay messages (none it was sent
 * before under its nick: see server-irc-seen.c): inside a
 * "chathistory" batch if it negotiated batch, with @time and @msgid if it
 * negotiated those tags, else each text prefixed with its [hh:mm] (the
 * hub's local time).  A client that negotiated draft/chathistory gets no
 * automatic replay: it asks with CHATHISTORY LATEST, BEFORE, AFTER,
 * AROUND or BETWEEN, answered from the same stored history.
 */

/*
 * A history on its way to one connection: the messages it is to get,
 * held by reference, in the capabilities it had when it asked (the batch
 * that starts is the batch that ends).
 */
struct server_irc_hist {
	char		 *room;
	char		 *chan;
	int		  caps;
	int		  started;
	char		  ref[16];	/* the batch's, or "" */
	char		 *gone;		/* a NOTICE before it, or NULL */
	struct message	**msgs;
	u_int		  n;
	u_int		  next;
};

static void	server_irc_history(struct server_client *, struct room *,
		    u_int, u_int, int, char *);
static int	server_irc_history_fill(struct server_client *, struct jbuf *,
		    size_t, void *);
static void	server_irc_history_free(void *);
static void	server_irc_batch_lines(struct jbuf *, const char *, size_t,
		    const char *);
static int	server_irc_ref(struct room *, const char *, int, u_int *);
static void	server_irc_hist_fail(struct server_client *, const char *,
		    const char *, const char *);
static char	*server_irc_hist_gone(struct room *, const char *,
		    const char *, u_int, u_int, long);
static int	server_irc_between(struct room *, const char *,
		    const char *, u_int, u_int *, u_int *, const char **,
		    const char **);
static int	server_irc_around(struct room *, const char *, u_int,
		    u_int *, u_int *, u_int *);

/*
 * A session joined or came back: the room's state and (unless it asks
 * for history itself) the stored messages from index first on.
 */
void
server_irc_replay(struct room *room, struct session *s, u_int first)
{
	struct server_client	 *c = s->client;
	uint64_t		  seen;
	u_int			  after;

	if (c == NULL || c->irc == NULL)
		return;
	server_irc_topic_reply(c, room, 0);
	server_irc_namreply(c, room);
	if (!(c->irc->caps & SIRC_CAP_CHATHISTORY)) {
		/* Not what this nick was sent before (server-irc-seen.c). */
		if ((seen = server_irc_seen_get(c, room->name)) != 0 &&
		    (after = ring_since(&room->ring, seen)) > first)
			first = after;
		server_irc_history(c, room, first, room->ring.count, 0, NULL);
	}
	/* It has the room up to here now, or asks for it itself. */
	if (room->ring.count > 0)
		server_irc_seen_note(s, room->name,
		    ring_get(&room->ring, room->ring.count - 1)->id);
}

/*
 * Prefix each line of bytes with a batch tag: "@batch=REF;" before the
 * tags a line has, or "@batch=REF " if it has none.
 */
static void
server_irc_batch_lines(struct jbuf *out, const char *p, size_t len,
    const char *ref)
{
	const char	*end = p + len, *eol;

	while (p < end) {
		if ((eol = memchr(p, '\n', end - p)) == NULL)
			eol = end - 1;
		jbuf_add(out, "@batch=", 7);
		jbuf_add(out, ref, strlen(ref));
		if (*p == '@') {
			jbuf_add(out, ";", 1);
			p++;
		} else
			jbuf_add(out, " ", 1);
		jbuf_add(out, p, eol + 1 - p);
		p = eol + 1;
	}
}

/*
 * Send the stored messages of a room from index from to before to; an
 * empty batch if there are none and asked (an answer to CHATHISTORY).
 * They are made as the connection drains, from the messages the room
 * held when asked (by reference, so they outlive the ring's turn).  A
 * NOTICE saying what the room no longer keeps (gone, freed here) goes
 * before them.
 */
static void
server_irc_history(struct server_client *c, struct room *room, u_int from,
    u_int to, int answer, char *gone)
{
	struct server_irc_hist	*h;
	u_int			 i;

	if (from >= to && gone == NULL &&
	    !(answer && (c->irc->caps & SIRC_CAP_BATCH)))
		return;
	h = xcalloc(1, sizeof *h);
	h->gone = gone;
	h->room = xstrdup(room->name);
	xasprintf(&h->chan, "#%s", room->name);
	h->caps = c->irc->caps;
	if (h->caps & SIRC_CAP_BATCH)
		snprintf(h->ref, sizeof h->ref, "h%u", ++c->irc->batches);
	h->n = to > from ? to - from : 0;
	h->msgs = xcalloc(h->n > 0 ? h->n : 1, sizeof *h->msgs);
	for (i = 0; i < h->n; i++) {
		h->msgs[i] = ring_get(&room->ring, from + i);
		message_ref(h->msgs[i]);
	}
	server_irc_add_source(c, server_irc_history_fill,
	    server_irc_history_free, h);
}

/* The next messages of a history (the batch's start first), then its end. */
static int
server_irc_history_fill(struct server_client *c, struct jbuf *page,
    size_t size, void *arg)
{
	static struct jbuf	 one;	/* scratch; the loop's thread only */
	struct server_irc_hist	*h = arg;
	struct irc_ctx		 ctx;
	struct hub_event	 ev;
	struct message		*m;
	char			*text, stamp[16];
	const char		*params[3];
	int			 batch = *h->ref != '\0';

	if (!h->started) {
		h->started = 1;
		if (h->gone != NULL) {
			params[0] = h->chan;
			params[1] = h->gone;
			server_irc_send(c, NULL, "NOTICE", params, 2,
			    IRC_BUILD_TRAILING);
		}
		if (batch) {
			xasprintf(&text, "+%s", h->ref);
			params[0] = text;
			params[1] = "chathistory";
			params[2] = h->chan;
			server_irc_send(c, NULL, "BATCH", params, 3, 0);
			free(text);
		}
	}
	if (one.buf == NULL)
		jbuf_init(&one);
	memset(&ctx, 0, sizeof ctx);
	ctx.server = server_irc_name();
	ctx.nick = server_irc_me(c);
	ctx.flags = server_irc_event_ctx_flags(h->caps);
	while (h->next < h->n && page->len < size) {
		m = h->msgs[h->next];
		h->msgs[h->next++] = NULL;
		memset(&ev, 0, sizeof ev);
		ev.type = PROTO_MSG;
		ev.id = m->id;
		ev.ts = m->ts;
		ev.room = h->room;
		ev.nick = m->nick;
		ev.host = server_irc_origin(m->hub, m->host);
		ev.text = m->text;
		ev.action = MSG_KIND(m->kind) == MSG_ACTION;
		ev.notice = (m->kind & MSG_NOTICE) != 0;
		ev.image = m->image;
		/* Without tags, the time before each line, the picture's too. */
		ctx.stamp = server_irc_event_stamp(ctx.flags, m->ts, stamp,
		    sizeof stamp);
		jbuf_reset(&one);
		irc_event_encode(&one, &ev, &ctx);
		message_unref(m);
		if (batch)
			server_irc_batch_lines(page, one.buf, one.len, h->ref);
		else
			jbuf_add(page, one.buf, one.len);
	}
	if (one.size > 65536)
		jbuf_free(&one);	/* a picture made it grow */
	if (h->next < h->n)
		return (1);
	if (batch) {
		xasprintf(&text, "-%s", h->ref);
		params[0] = text;
		server_irc_send(c, NULL, "BATCH", params, 1, 0);
		free(text);
	}
	return (0);
}

/* Free a history on its way, with the references it still holds. */
static void
server_irc_history_free(void *arg)
{
	struct server_irc_hist	*h = arg;
	u_int			 i;

	for (i = h->next; i < h->n; i++)
		message_unref(h->msgs[i]);
	free(h->msgs);
	free(h->gone);
	free(h->room);
	free(h->chan);
	free(h);
}

/* FAIL CHATHISTORY code context :text. */
static void
server_irc_hist_fail(struct server_client *c, const char *code,
    const char *context, const char *text)
{
	const char	*params[4];

	params[0] = "CHATHISTORY";
	params[1] = code;
	params[2] = context;
	params[3] = text;
	server_irc_send(c, NULL, "FAIL", params, 4, IRC_BUILD_TRAILING);
}

/*
 * The ring index a reference stands for: msgid=ID or timestamp=TIME;
 * with before, the first message at or after it, else the first after
 * it.  -1 if it is neither.
 */
static int
server_irc_ref(struct room *room, const char *ref, int before, u_int *idx)
{
	struct tm	 tm;
	unsigned long long id;
	int64_t		 ts;
	u_int		 i;
	int		 ms = 0, n = 0;
	char		*end;

	if (strncmp(ref, "msgid=", 6) == 0) {
		id = strtoull(ref + 6, &end, 10);
		if (end == ref + 6 || (*end != '\0' && *end != '.'))
			return (-1);
		if (before && id > 0)
			id--;
		*idx = ring_since(&room->ring, id);
		return (0);
	}
	if (strncmp(ref, "timestamp=", 10) != 0)
		return (-1);
	memset(&tm, 0, sizeof tm);
	if (sscanf(ref + 10, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ%n", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
	    &ms, &n) < 6)
		return (-1);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	ts = (int64_t)timegm(&tm) * 1000 + ms;
	for (i = 0; i < room->ring.count; i++) {
		if (before ? ring_get(&room->ring, i)->ts >= ts :
		    ring_get(&room->ring, i)->ts > ts)
			break;
	}
	*idx = i;
	return (0);
}

/*
 * What a CHATHISTORY answer lacks because the room let messages go, as
 * the native client says it of a replay: NULL if nothing.  Only an answer
 * that reaches the oldest message kept (from 0) and is short of its limit
 * can lack any: those let go after the reference lo (NULL: from the
 * first) and before hi (NULL: to the last).  The room knows the ids it
 * let go, not their times, so the count is of ids; a timestamp after lo
 * or one at or before the oldest message kept as hi, or ids let go too
 * long ago, leave it at "some".
 */
static char *
server_irc_hist_gone(struct room *room, const char *lo, const char *hi,
    u_int from, u_int to, long limit)
{
	struct ring		*r = &room->ring;
	unsigned long long	 id = 0, top = 0;
	u_int			 n = 0, above = 0;
	int			 some = 0;
	char			*s;

	if (from != 0 || (long)(to - from) >= limit || r->gone == 0)
		return (NULL);
	if (lo != NULL && strncmp(lo, "msgid=", 6) == 0)
		id = strtoull(lo + 6, NULL, 10);
	else if (lo != NULL && strncmp(lo, "timestamp=", 10) == 0)
		some = 1;
	if (hi != NULL && strncmp(hi, "msgid=", 6) == 0)
		top = strtoull(hi + 6, NULL, 10);
	else if (hi != NULL && strncmp(hi, "timestamp=", 10) == 0 && to == 0)
		some = 1;
	if (!ring_missed(r, id, &n))
		return (NULL);
	if (top > 0 && n > 0 && ring_missed(r, top - 1, &above)) {
		/* Those let go above lo, less those at or above hi. */
		if (above == 0 || above >= n)
			return (NULL);	/* every one was newer */
		n -= above;
	}
	if (some || n == 0) {
		xasprintf(&s, "some messages in #%s are no longer kept by the "
		    "hub", room->name);
	} else if (n == 1) {
		xasprintf(&s, "1 message in #%s is no longer kept by the hub",
		    room->name);
	} else {
		xasprintf(&s, "%u messages in #%s are no longer kept by the "
		    "hub", n, room->name);
	}
	return (s);
}

/*
 * The most messages a CHATHISTORY gives: as many as a room keeps
 * (--history-size), so that any stored message can be asked for at once.
 * The answer is made as the connection drains and holds only references
 * to messages, so a long one costs little more than a short one.
 */
u_int
server_irc_history_max(void)
{
	return (server_options()->history_size);
}

/*
 * The subcommands of CHATHISTORY and how many references each takes:
 * CHATHISTORY sub #room ref [ref2] limit.
 */
static const struct {
	const char	*name;
	u_int		 refs;
} server_irc_hist_subs[] = {
	{ "LATEST", 1 },
	{ "BEFORE", 1 },
	{ "AFTER", 1 },
	{ "AROUND", 1 },
	{ "BETWEEN", 2 },
};
#define SIRC_HIST_NSUBS \
	(sizeof server_irc_hist_subs / sizeof server_irc_hist_subs[0])

/*
 * CHATHISTORY BETWEEN: the messages strictly between two references,
 * from the first towards the second, which may be later (the earliest
 * limit after the first) or earlier (the latest limit before it).  The
 * one given first is not always the lower bound: *lo and *hi say which
 * is, for the NOTICE about messages let go.
 */
static int
server_irc_between(struct room *room, const char *ref, const char *ref2,
    u_int limit, u_int *from, u_int *to, const char **lo, const char **hi)
{
	u_int	after, before;

	if (server_irc_ref(room, ref, 0, &after) != 0 ||
	    server_irc_ref(room, ref2, 1, &before) != 0)
		return (-1);
	if (after <= before) {
		*from = after;
		*to = before - after > limit ? after + limit : before;
		*lo = ref;
		*hi = ref2;
		return (0);
	}
	/* The first is the later: from it back towards the second. */
	server_irc_ref(room, ref2, 0, &after);
	server_irc_ref(room, ref, 1, &before);
	if (after > before)
		after = before;
	*to = before;
	*from = before - after > limit ? before - limit : after;
	*lo = ref2;
	*hi = ref;
	return (0);
}

/*
 * CHATHISTORY AROUND: limit messages with the reference in the middle,
 * the message it names included (the one it is about); more on one side
 * where the other has fewer.  *at is where the reference falls.  A msgid
 * the room does not hold is about nothing: -2, not its neighbours (those
 * of whatever message comes next would be a wrong answer).
 */
static int
server_irc_around(struct room *room, const char *ref, u_int limit,
    u_int *from, u_int *to, u_int *at)
{
	u_int	count = room->ring.count;

	if (server_irc_ref(room, ref, 1, at) != 0)
		return (-1);
	if (strncmp(ref, "msgid=", 6) == 0 && (*at >= count ||
	    ring_get(&room->ring, *at)->id != strtoull(ref + 6, NULL, 10)))
		return (-2);
	*from = *at > limit / 2 ? *at - limit / 2 : 0;
	*to = count - *from > limit ? *from + limit : count;
	if (*to - *from < limit)
		*from = *to > limit ? *to - limit : 0;
	return (0);
}

/*
 * CHATHISTORY LATEST|BEFORE|AFTER|AROUND #room ref limit, or BETWEEN
 * #room ref ref limit, from the stored history of a room the client is
 * in.  Direct messages are not stored: a nick has an empty history.
 */
void
server_irc_chathistory(struct server_client *c, struct irc_msg *msg)
{
	const char	*sub = msg->params[0], *target = msg->params[1];
	const char	*ref = msg->params[2], *ref2 = NULL, *lo, *hi;
	struct room	*room;
	u_int		 from, to, count, i, refs, at;
	long		 limit, asked;
	char		*end;

	/* A subcommand the hub lacks is said first, whatever follows. */
	for (i = 0; i < SIRC_HIST_NSUBS; i++) {
		if (strcasecmp(sub, server_irc_hist_subs[i].name) == 0)
			break;
	}
	if (i == SIRC_HIST_NSUBS) {
		server_irc_hist_fail(c, "INVALID_PARAMS", sub, "Unknown "
		    "subcommand (LATEST, BEFORE, AFTER, AROUND, BETWEEN)");
		return;
	}
	refs = server_irc_hist_subs[i].refs;
	if (msg->nparams < 3 + refs) {
		server_irc_hist_fail(c, "NEED_MORE_PARAMS", sub,
		    "Missing parameters");
		return;
	}
	if (refs == 2)
		ref2 = msg->params[3];
	limit = strtol(msg->params[2 + refs], &end, 10);
	if (*end != '\0' || limit < 1) {
		server_irc_hist_fail(c, "INVALID_PARAMS", msg->params[2 + refs],
		    "Invalid limit");
		return;
	}
	/* What ISUPPORT's CHATHISTORY says: more is clamped, not refused. */
	asked = limit;
	if (limit > server_irc_history_max())
		limit = server_irc_history_max();
	if (*target != '#' || (room = room_find(target + 1)) == NULL ||
	    !room_has(room, c->session)) {
		if (*target != '#' && session_find_nick(target) != NULL) {
			server_irc_hist_fail(c, "INVALID_TARGET", target,
			    "Direct messages are not stored");
			return;
		}
		server_irc_hist_fail(c, "INVALID_TARGET", target,
		    "You are not on that channel");
		return;
	}
	count = room->ring.count;
	lo = hi = NULL;
	if (strcasecmp(sub, "LATEST") == 0) {
		from = 0;
		if (strcmp(ref, "*") != 0) {
			if (server_irc_ref(room, ref, 0, &from) != 0)
				goto bad;
			lo = ref;
		}
		to = count;
		if (to - from > (u_int)limit)
			from = to - limit;
	} else if (strcasecmp(sub, "BEFORE") == 0) {
		if (server_irc_ref(room, ref, 1, &to) != 0)
			goto bad;
		from = to > (u_int)limit ? to - limit : 0;
		hi = ref;
	} else if (strcasecmp(sub, "AFTER") == 0) {
		if (server_irc_ref(room, ref, 0, &from) != 0)
			goto bad;
		to = count - from > (u_int)limit ? from + limit : count;
		lo = ref;
	} else if (strcasecmp(sub, "AROUND") == 0) {
		switch (server_irc_around(room, ref, limit, &from, &to, &at)) {
		case -1:
			goto bad;
		case -2:
			server_irc_hist_fail(c, "INVALID_MSGREFTOKEN", ref,
			    "Unknown message: not in the channel's history");
			return;
		}
		/* Only the half before the reference can lack any. */
		server_irc_history(c, room, from, to, 1,
		    server_irc_hist_gone(room, NULL, ref, from, at, asked / 2));
		return;
	} else {
		if (server_irc_between(room, ref, ref2, limit, &from, &to,
		    &lo, &hi) != 0)
			goto bad;
	}
	server_irc_history(c, room, from, to, 1,
	    server_irc_hist_gone(room, lo, hi, from, to, asked));
	return;
bad:
	if (ref2 != NULL && server_irc_ref(room, ref, 0, &from) == 0)
		ref = ref2;
	server_irc_hist_fail(c, "INVALID_PARAMS", ref,
	    "Invalid message reference");
}
