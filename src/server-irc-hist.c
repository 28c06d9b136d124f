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
 * (353, 366), then the room's last --replay messages: inside a
 * "chathistory" batch if it negotiated batch, with @time and @msgid if it
 * negotiated those tags, else each text prefixed with its [hh:mm] (the
 * hub's local time).  A client that negotiated draft/chathistory gets no
 * automatic replay: it asks with CHATHISTORY LATEST, BEFORE or AFTER,
 * answered from the same stored history.
 */

static void	server_irc_history(struct server_client *, struct room *,
		    u_int, u_int, int);
static void	server_irc_batch_lines(struct jbuf *, const char *, size_t,
		    const char *);
static int	server_irc_ref(struct room *, const char *, int, u_int *);
static void	server_irc_hist_fail(struct server_client *, const char *,
		    const char *, const char *);

/*
 * A session joined or came back: the room's state and (unless it asks
 * for history itself) the stored messages from index first on.
 */
void
server_irc_replay(struct room *room, struct session *s, u_int first)
{
	struct server_client	 *c = s->client;
	const char		**members;
	size_t			  n;

	if (c == NULL || c->irc == NULL)
		return;
	server_irc_topic_reply(c, room, 0);
	members = room_member_nicks(room, UINT_MAX, &n);
	server_irc_namreply(c, room->name, members, n);
	free(members);
	if (c->irc->caps & SIRC_CAP_CHATHISTORY)
		return;
	server_irc_history(c, room, first, room->ring.count, 0);
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
 */
static void
server_irc_history(struct server_client *c, struct room *room, u_int from,
    u_int to, int answer)
{
	struct server_irc	*irc = c->irc;
	struct irc_ctx		 ctx;
	struct hub_event	 ev;
	struct message		*m;
	struct jbuf		 one, out;
	struct tm		 tm;
	time_t			 t;
	char			 ref[16], *chan, *text = NULL;
	const char		*params[3];
	int			 batch = irc->caps & SIRC_CAP_BATCH;

	if (from >= to && !(answer && batch))
		return;
	memset(&ctx, 0, sizeof ctx);
	ctx.server = server_irc_name();
	ctx.nick = server_irc_me(c);
	ctx.flags = server_irc_ctx_flags(irc->caps);
	xasprintf(&chan, "#%s", room->name);
	snprintf(ref, sizeof ref, "h%u", ++irc->batches);
	if (batch) {
		xasprintf(&text, "+%s", ref);
		params[0] = text;
		params[1] = "chathistory";
		params[2] = chan;
		server_irc_send(c, NULL, "BATCH", params, 3, 0);
		free(text);
	}
	jbuf_init(&one);
	jbuf_init(&out);
	for (; from < to; from++) {
		m = ring_get(&room->ring, from);
		memset(&ev, 0, sizeof ev);
		ev.type = PROTO_MSG;
		ev.id = m->id;
		ev.ts = m->ts;
		ev.room = room->name;
		ev.nick = m->nick;
		ev.text = m->text;
		ev.action = m->kind == MSG_ACTION;
		ev.image = m->image;
		text = NULL;
		if (!(ctx.flags & (IRC_TAGS|IRC_SERVER_TIME))) {
			t = m->ts / 1000;
			if (localtime_r(&t, &tm) != NULL) {
				xasprintf(&text, "[%02d:%02d] %s", tm.tm_hour,
				    tm.tm_min, m->text);
				ev.text = text;
			}
		}
		jbuf_reset(&one);
		irc_event_encode(&one, &ev, &ctx);
		free(text);
		if (batch)
			server_irc_batch_lines(&out, one.buf, one.len, ref);
		else
			jbuf_add(&out, one.buf, one.len);
		if (out.len > 16384) {
			server_client_write(c, out.buf, out.len);
			jbuf_reset(&out);
		}
	}
	if (out.len > 0)
		server_client_write(c, out.buf, out.len);
	jbuf_free(&out);
	jbuf_free(&one);
	if (batch) {
		xasprintf(&text, "-%s", ref);
		params[0] = text;
		server_irc_send(c, NULL, "BATCH", params, 1, 0);
		free(text);
	}
	free(chan);
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
 * CHATHISTORY LATEST|BEFORE|AFTER #room ref limit, from the stored
 * history of a room the client is in.  Direct messages are not stored:
 * a nick has an empty history.
 */
void
server_irc_chathistory(struct server_client *c, struct irc_msg *msg)
{
	const char	*sub = msg->params[0], *target = msg->params[1];
	const char	*ref = msg->params[2];
	struct room	*room;
	u_int		 from, to, count;
	long		 limit;
	char		*end;

	if (msg->nparams < 4) {
		server_irc_hist_fail(c, "NEED_MORE_PARAMS", sub,
		    "Missing parameters");
		return;
	}
	limit = strtol(msg->params[3], &end, 10);
	if (*end != '\0' || limit < 1) {
		server_irc_hist_fail(c, "INVALID_PARAMS", msg->params[3],
		    "Invalid limit");
		return;
	}
	if (limit > SIRC_HISTORY_MAX)
		limit = SIRC_HISTORY_MAX;
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
	if (strcasecmp(sub, "LATEST") == 0) {
		from = 0;
		if (strcmp(ref, "*") != 0 &&
		    server_irc_ref(room, ref, 0, &from) != 0)
			goto bad;
		to = count;
		if (to - from > (u_int)limit)
			from = to - limit;
	} else if (strcasecmp(sub, "BEFORE") == 0) {
		if (server_irc_ref(room, ref, 1, &to) != 0)
			goto bad;
		from = to > (u_int)limit ? to - limit : 0;
	} else if (strcasecmp(sub, "AFTER") == 0) {
		if (server_irc_ref(room, ref, 0, &from) != 0)
			goto bad;
		to = count - from > (u_int)limit ? from + limit : count;
	} else {
		server_irc_hist_fail(c, "INVALID_PARAMS", sub,
		    "Unknown subcommand (LATEST, BEFORE, AFTER)");
		return;
	}
	server_irc_history(c, room, from, to, 1);
	return;
bad:
	server_irc_hist_fail(c, "INVALID_PARAMS", ref,
	    "Invalid message reference");
}
