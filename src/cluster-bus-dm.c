/* SPDX-License-Identifier: ISC */
/* cluster-bus-dm.c: direct messages between hubs, sent, held and taken. */

#include <sys/types.h>

#include <cjson/cJSON.h>
#include <event2/event.h>
#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"
#include "cluster.h"

/*
 * The DM half of the bus: a DM for a nick on another hub goes out through
 * a script that numbers it; one for a nick no hub has is held in Redis
 * (held:NICK) until a session takes it.  What comes in waits for a hello
 * if its session is not yet here; its sender hears what became of it.
 */

static void	 cluster_bus_dm_cb(redisReply *, void *);
static void	 cluster_bus_dm_held_origin(const redisReply *, long long,
		     char **, char **);
static cJSON	*cluster_bus_dm_held_frame(const redisReply *);
static void	 cluster_bus_dm_held_cb(redisReply *, void *);
static void	 cluster_bus_dm_held_expire_cb(redisReply *, void *);
static void	 cluster_bus_dm_held_tell(redisReply **, size_t, int);
static const char *cluster_bus_dm_origin(const char *, const char *);
static int	 cluster_bus_dm_later_add(const char *, const char *, size_t,
		     const char *, const char *, const char *);
static void	 cluster_bus_dm_later_drop(struct cluster_later *);

/* DMs held in Redis, taken for a session here (cluster_bus_dm_held_take). */
struct cluster_held {
	char	*key;		/* the nick, folded */
	int	 same;		/* the session's, or CLUSTER_HELD_ASK */
};

/* The frames a DM's payloads may carry (d, and n or a). */
static const enum proto_type cluster_bus_dm_types[] = {
	PROTO_DM, PROTO_UNKNOWN
};
static const enum proto_type cluster_bus_dm_notice_types[] = {
	PROTO_NOTICE, PROTO_UNKNOWN
};

/*
 * The answer to a direct message to another hub: its id, or 0, or "full"
 * (too many wait for the session in held:NICK).
 */
static void
cluster_bus_dm_cb(redisReply *reply, void *arg)
{
	struct cluster_wait	*w = arg;
	struct hub_event	 ev;
	char			*frame;
	size_t			 len;
	const char		*hub = NULL;
	uint64_t		 id = 0;
	int			 held = 0, full = 0;

	if (reply != NULL && reply->type == REDIS_REPLY_INTEGER) {
		held = reply->integer < 0;	/* waits in held:NICK */
		id = held ? -reply->integer : reply->integer;
	}
	/* Published to a hub that acknowledges: kept until it does. */
	if (reply != NULL && reply->type == REDIS_REPLY_ARRAY &&
	    reply->elements == 2 &&
	    reply->element[0]->type == REDIS_REPLY_INTEGER &&
	    reply->element[0]->integer > 0 &&
	    reply->element[1]->type == REDIS_REPLY_STRING &&
	    reply->element[1]->len < sizeof cluster.hub) {
		id = reply->element[0]->integer;
		hub = reply->element[1]->str;
	}
	if (hub != NULL) {
		frame = cluster_bus_with_id(w->frame, w->len, w->idat, id,
		    &len);
		cluster_dm_sent(hub, id, w->from, w->nick, frame, len);
		free(frame);
	}
	if (reply != NULL && reply->type == REDIS_REPLY_STRING &&
	    strcmp(reply->str, "full") == 0)
		full = 1;
	if (w->client != NULL && reply == NULL)
		server_client_error(w->client, PERR_INTERNAL, "the cluster "
		    "was lost; the message was not sent", w->seq);
	else if (w->client != NULL && full)
		server_chat_dm_full(w->client, w->nick, w->seq);
	else if (w->client != NULL && id == 0)
		server_chat_dm_done(w->client, w->nick, NULL, 0, w->seq, 0,
		    w->notice);
	else if (w->client != NULL) {
		frame = cluster_bus_with_id(w->frame, w->len, w->idat, id,
		    &len);
		server_chat_dm_done(w->client, w->nick, frame, len, w->seq,
		    id, w->notice);
		if (held) {
			/* It waits as long as the key lives (see CS_DM). */
			memset(&ev, 0, sizeof ev);
			ev.type = PROTO_NOTICE;
			ev.code = "dm_held";
			ev.subject = w->nick;
			ev.secs = server_options()->resume_seconds;
			server_client_send_event(w->client, &ev);
		}
		free(frame);
	}
	if (w->client != NULL && w->asked)
		server_client_flood_answered(w->client, w->gen);
	if (id != 0)
		server_note_id(id);
	cluster_wait_free(w);
}

/*
 * A direct message to a nick that is not on this hub: Redis finds the
 * hub that holds the nick, numbers the message and publishes it there.
 */
void
cluster_bus_dm(struct server_client *c, long long seq, const char *to,
    const struct hub_event *ev)
{
	static struct jbuf	 jb;	/* scratch; the loop's thread only */
	struct hub_event	 dm = *ev;
	struct cluster_wait	*w;
	const char		*args[12];
	size_t			 lens[12];
	char			*key, *origin, life[32], most[16], until[32];
	long long		 window;

	if (jb.buf == NULL)
		jbuf_init(&jb);
	dm.id = 0;			/* Redis gives it */
	proto_event_encode(&jb, &dm);
	w = cluster_wait_new(c, seq);
	/* An IRC client's next commands wait: its 401 comes first. */
	if (c->irc != NULL) {
		w->gen = server_client_flood_ask(c);
		w->asked = 1;
	}
	w->notice = ev->notice;
	w->nick = xstrdup(to);
	w->from = xstrdup(ev->nick);
	w->frame = xstrndup(jb.buf, jb.len);
	w->len = jb.len;
	w->idat = jb.idend - 1;
	key = utf8_casefold(to);
	args[0] = CL_PREFIX "nicks";
	args[1] = CL_PREFIX "id";
	args[2] = key;
	args[3] = w->frame;
	args[4] = w->frame + w->idat + 1;
	/*
	 * A held DM waits for the resume window; its list lives a little
	 * longer, for a hub to tell its sender it expired (CS_HELDEXP).
	 */
	window = (long long)server_options()->resume_seconds * 1000;
	snprintf(life, sizeof life, "%lld", window + CL_HELD_GRACE);
	snprintf(most, sizeof most, "%d", CR_DM_HELD);
	snprintf(until, sizeof until, "%lld", (long long)now_ms() + window);
	args[5] = life;
	args[6] = most;
	args[7] = until;
	args[8] = cluster.hub;
	args[9] = w->from;
	args[10] = w->nick;
	args[11] = origin = cluster_bus_dm_origin_value();
	lens[0] = lens[1] = lens[2] = (size_t)-1;
	lens[3] = w->idat;
	lens[4] = w->len - w->idat - 1;
	lens[5] = lens[6] = lens[7] = lens[8] = lens[9] = lens[10] =
	    lens[11] = (size_t)-1;
	if (cluster_script_eval(CS_DM, 2, 12, args, lens, cluster_bus_dm_cb,
	    w) != 0)
		cluster_bus_dm_cb(NULL, w);
	free(origin);
	free(key);
}

/*
 * This hub as the sender's hub of a DM Redis may hold (heldhub:NICK,
 * see CS_DM): "HUB\tNAME", its id and IRC server name.
 */
char *
cluster_bus_dm_origin_value(void)
{
	char	*v;

	xasprintf(&v, "%s\t%s", cluster.hub, server_irc_name());
	return (v);
}

/*
 * The sending hub of a DM Redis held, by its id, from heldhub:NICK
 * ({id, "HUB\tNAME", ...}): its id in hub (16 hex digits) and its IRC
 * name in name (NULL if not a good one), or hub NULL if not known (held
 * by an older hub).  Both are the caller's to free.
 */
static void
cluster_bus_dm_held_origin(const redisReply *hubs, long long id, char **hub,
    char **name)
{
	const redisReply	*k, *v;
	char			 n[32];
	size_t			 i;

	*hub = *name = NULL;
	if (hubs->type != REDIS_REPLY_ARRAY)
		return;
	snprintf(n, sizeof n, "%lld", id);
	for (i = 0; i + 1 < hubs->elements; i += 2) {
		k = hubs->element[i];
		v = hubs->element[i + 1];
		if (k->type != REDIS_REPLY_STRING ||
		    v->type != REDIS_REPLY_STRING || strcmp(k->str, n) != 0)
			continue;
		cluster_bus_dm_origin_parse(v->str, v->len, hub, name);
		return;
	}
}

/*
 * Read a sending hub as cluster_bus_dm_origin_value wrote it ("HUB\tNAME"):
 * its id in hub (16 hex digits) and its IRC name in name (NULL if not a
 * good one), or hub NULL if it is not one.  Both are the caller's to free.
 */
void
cluster_bus_dm_origin_parse(const char *v, size_t len, char **hub, char **name)
{
	const char	*tab;

	*hub = *name = NULL;
	if ((tab = memchr(v, '\t', len)) == NULL || tab - v != 16 ||
	    strspn(v, "0123456789abcdef") != 16)
		return;
	*hub = xstrndup(v, 16);
	if (memchr(tab + 1, '\0', len - 17) == NULL &&
	    cluster_hub_name_ok(tab + 1, len - 17))
		*name = xstrndup(tab + 1, len - 17);
}

/* A DM frame kept in held:NICK, checked as one from the bus; or NULL. */
static cJSON *
cluster_bus_dm_held_frame(const redisReply *e)
{
	enum proto_type	 type;

	if (e->type != REDIS_REPLY_STRING ||
	    !cluster_bus_one_line(e->str, e->len) ||
	    !utf8_valid(e->str, e->len))
		return (NULL);
	return (cluster_bus_frame(e->str, e->len, cluster_bus_dm_types, 'd',
	    NULL, &type));
}

/*
 * The DMs Redis held for a session that is ours now (see CS_DM and
 * CS_HELDTAKE: the address they were held for, their sending hubs, then
 * the frames): for it, if it is the same user's, each from its sending
 * hub; else their senders are told they were not delivered, as when
 * they expire.
 */
static void
cluster_bus_dm_held_cb(redisReply *reply, void *arg)
{
	struct cluster_held	*hd = arg;
	struct session		*s;
	redisReply		*e;
	const char		*from, *addr = "";
	long long		 id;
	cJSON			*obj;
	char			*hub, *name;
	size_t			 i;
	int			 same = hd->same;

	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY ||
	    reply->elements < 2)
		goto out;
	if (reply->element[0]->type == REDIS_REPLY_STRING &&
	    strlen(reply->element[0]->str) == reply->element[0]->len)
		addr = reply->element[0]->str;
	s = session_find_nick(hd->key);
	if (s != NULL && same == CLUSTER_HELD_ASK)
		same = cluster_nick_same(s, addr);
	if (s == NULL || !same) {
		if (reply->elements > 2)
			log_info("cluster: %s: the DMs held for the nick are "
			    "not for the session here", hd->key);
		cluster_bus_dm_held_tell(reply->element + 2,
		    reply->elements - 2, s != NULL);
		goto out;
	}
	if (reply->elements > 2)
		log_info("cluster: %s: %zu held DMs taken", hd->key,
		    reply->elements - 2);
	for (i = 2; i < reply->elements; i++) {
		e = reply->element[i];
		if ((obj = cluster_bus_dm_held_frame(e)) == NULL)
			continue;
		if (proto_get_int(obj, PF_ID, 0, &id) != 0 || id <= 0)
			id = 0;
		cluster_bus_dm_held_origin(reply->element[1], id, &hub, &name);
		if (proto_get_str(obj, PF_NICK, 1, &from) == 0 &&
		    cluster_bus_good_nick(from)) {
			/* Sent by this hub (before a restart, perhaps)? */
			if (hub != NULL && strcmp(hub, cluster.hub) == 0)
				server_chat_dm_in(s, e->str, e->len, from,
				    NULL, NULL, SERVER_DM_KEPT);
			else if (hub != NULL)
				server_chat_dm_in(s, e->str, e->len, from,
				    hub, name, SERVER_DM_KEPT);
			else
				server_chat_dm_in(s, e->str, e->len, from,
				    cluster_bus_dm_origin(from, NULL), NULL,
				    SERVER_DM_KEPT);
		}
		if (id > 0)
			server_note_id((uint64_t)id);
		free(hub);
		free(name);
		cJSON_Delete(obj);
	}
out:
	free(hd->key);
	free(hd);
}

/*
 * A session waiting for its resume is ours (restored here, or moved
 * here), or a new one has its nick (a hello, a nick change): take the
 * DMs held for the nick while no hub had it; same says whether they are
 * the session's, or CLUSTER_HELD_ASK to judge by the address they were
 * held for (cluster_nick_same).
 */
void
cluster_bus_dm_held_take(const char *nick, int same)
{
	struct cluster_held	*hd;
	const char		*args[4];
	char			*list, *addr, *hubs, most[16];

	hd = xcalloc(1, sizeof *hd);
	hd->key = utf8_casefold(nick);
	hd->same = same;
	xasprintf(&list, CL_PREFIX "held:%s", hd->key);
	xasprintf(&addr, CL_PREFIX "heldaddr:%s", hd->key);
	xasprintf(&hubs, CL_PREFIX "heldhub:%s", hd->key);
	snprintf(most, sizeof most, "%d", CR_DM_HELD);
	args[0] = list;
	args[1] = addr;
	args[2] = hubs;
	args[3] = most;
	if (cluster_script_eval(CS_HELDTAKE, 3, 4, args, NULL,
	    cluster_bus_dm_held_cb, hd) != 0) {
		free(hd->key);
		free(hd);
	}
	free(hubs);
	free(addr);
	free(list);
}

/* The DMs held in Redis that expired unread (see CS_HELDEXP). */
static void
cluster_bus_dm_held_expire_cb(redisReply *reply, void *arg)
{
	if (reply != NULL && reply->type == REDIS_REPLY_ARRAY)
		cluster_bus_dm_held_tell(reply->element, reply->elements, 0);
}

/*
 * DMs held in Redis that no one got (expired, or taken by someone else
 * with the nick): each sender is told, once for each nick, as for DMs
 * held here; taken says which, for the sender to hear what happened.
 */
static void
cluster_bus_dm_held_tell(redisReply **el, size_t nel, int taken)
{
	redisReply	*e;
	const char	*from, *to;
	char		**froms, **tos;
	cJSON		*obj;
	size_t		 i, j, n = 0;

	if (nel == 0)
		return;
	froms = xcalloc(nel, sizeof *froms);
	tos = xcalloc(nel, sizeof *tos);
	for (i = 0; i < nel; i++) {
		e = el[i];
		if ((obj = cluster_bus_dm_held_frame(e)) == NULL)
			continue;
		if (proto_get_str(obj, PF_NICK, 1, &from) == 0 &&
		    proto_get_str(obj, PF_TO, 1, &to) == 0 &&
		    cluster_bus_good_nick(from) && cluster_bus_good_nick(to)) {
			froms[n] = utf8_casefold(from);
			tos[n] = utf8_casefold(to);
			for (j = 0; j < n; j++) {
				if (strcmp(froms[j], froms[n]) == 0 &&
				    strcmp(tos[j], tos[n]) == 0)
					break;
			}
			if (j == n && taken) {
				log_info("cluster: DMs from %s to %s not "
				    "delivered: the nick is someone else's",
				    from, to);
				session_dm_tell(to, from, "dm_taken", 0);
			} else if (j == n) {
				log_info("cluster: DMs from %s to %s expired "
				    "unread", from, to);
				session_dm_tell(to, from, "dm_expired", 0);
			}
			n++;
		}
		cJSON_Delete(obj);
	}
	for (i = 0; i < n; i++) {
		free(froms[i]);
		free(tos[i]);
	}
	free(froms);
	free(tos);
}

/* Take the DMs held in Redis that expired, to tell their senders. */
void
cluster_bus_dm_held_expire(void)
{
	const char	*args[4];
	char		 now[32], count[16];

	snprintf(now, sizeof now, "%lld", (long long)now_ms());
	snprintf(count, sizeof count, "%d", CL_HELD_COUNT);
	args[0] = CL_PREFIX "held";
	args[1] = CL_PREFIX "nicks";
	args[2] = now;
	args[3] = count;
	cluster_script_eval(CS_HELDEXP, 2, 4, args, NULL,
	    cluster_bus_dm_held_expire_cb, NULL);
}

/*
 * What became of a DM a user on another hub sent (dm_held, dm_full,
 * dm_expired, dm_unsure): for the hub that holds the sender's session,
 * which Redis finds (CS_TONICK); lost if none does now.
 */
void
cluster_bus_dm_notice(const char *nick, const char *frame, size_t len)
{
	const char	*args[5];
	size_t		 lens[5];
	char		*key, *tail;

	if (cluster.state != CL_UP)
		return;
	key = utf8_casefold(nick);
	xasprintf(&tail, "\t%s", nick);
	args[0] = CL_PREFIX "nicks";
	args[1] = key;
	args[2] = "n";
	args[3] = tail;
	args[4] = frame;
	lens[0] = lens[1] = lens[2] = lens[3] = (size_t)-1;
	lens[4] = len;
	cluster_script_eval(CS_TONICK, 1, 5, args, lens, NULL, NULL);
	free(tail);
	free(key);
}

/*
 * A direct message for a session here, from another hub.  Redis saw the
 * session here when it sent it on; if it is gone since (its user quit or
 * changed nick meanwhile), the sender is told it was not delivered.  One
 * taken already (sent again: see cluster-dm.c) is not shown twice.  If
 * its hub asks (ackhub not NULL), it is acknowledged, with the
 * receiver's away message if the sender is to be told it.  One a hub
 * passes on with a session that moved here says its sender's hub (ohub
 * and its IRC name oname, or NULL).
 */
void
cluster_bus_dm_in(const char *key, const char *frame, size_t len,
    const char *ackhub, const char *ohub, const char *oname)
{
	struct session	*s = NULL;
	enum proto_type	 type;
	const char	*from, *to;
	long long	 id;
	cJSON		*obj;

	if (session_find_nick(key) == NULL &&
	    cluster_bus_dm_later_add(key, frame, len, ackhub, ohub, oname))
		return;
	obj = cluster_bus_frame(frame, len, cluster_bus_dm_types, 'd', NULL,
	    &type);
	if (obj == NULL)
		return;
	if (proto_get_str(obj, PF_NICK, 1, &from) != 0 ||
	    !cluster_bus_good_nick(from) ||
	    proto_get_int(obj, PF_ID, 1, &id) != 0 || id <= 0) {
		cJSON_Delete(obj);
		return;
	}
	/* Its client may resume with it as its last id: stay above it. */
	server_note_id((uint64_t)id);
	if (cluster_dm_seen(id))
		log_info("cluster: a DM from %s, taken already, came again",
		    from);
	else if ((s = session_find_nick(key)) != NULL && ohub != NULL)
		server_chat_dm_in(s, frame, len, from,
		    strcmp(ohub, cluster.hub) != 0 ? ohub : NULL,
		    strcmp(ohub, cluster.hub) != 0 ? oname : NULL,
		    SERVER_DM_TELL|SERVER_DM_KEPT);
	else if (s != NULL)
		server_chat_dm_in(s, frame, len, from,
		    cluster_bus_dm_origin(from, ackhub), NULL, SERVER_DM_TELL);
	else if (proto_get_str(obj, PF_TO, 1, &to) == 0 &&
	    cluster_bus_good_nick(to)) {
		log_info("cluster: a DM from %s to %s, gone from this hub, "
		    "was not delivered", from, to);
		session_dm_tell(to, from, "dm_expired", 0);
	}
	if (ackhub != NULL)
		cluster_dm_ack(ackhub, (uint64_t)id, from, s);
	cJSON_Delete(obj);
}

/*
 * The hub of a user of another hub, for its IRC host: hub if the bus
 * said it, else the hub a room here lists it on; NULL if unknown or this
 * hub.
 */
static const char *
cluster_bus_dm_origin(const char *nick, const char *hub)
{
	struct rmember	*rm;

	if (hub == NULL && (rm = server_irc_remote_find(nick)) != NULL)
		hub = rm->hub;
	if (hub == NULL || strcmp(hub, cluster.hub) == 0)
		return (NULL);
	return (hub);
}

/*
 * A DM for a nick with no session here, while a hello here takes it: the
 * session may be on its way (a takeover or a resume from another hub,
 * whose old hub passes it the DMs it kept as soon as Redis moved it, and
 * the bus may bring them before the hello's answer), so the DM waits for
 * the answer.  1 if it does.
 */
static int
cluster_bus_dm_later_add(const char *key, const char *frame, size_t len,
    const char *ackhub, const char *ohub, const char *oname)
{
	struct cluster_wait	*w;
	struct cluster_later	*l;
	char			*wkey;
	int			 same;

	TAILQ_FOREACH(w, &cluster.waits, entry) {
		if (w->hello.nick == NULL || w->answered)
			continue;
		wkey = utf8_casefold(w->hello.nick);
		same = strcmp(wkey, key) == 0;
		free(wkey);
		if (same)
			break;
	}
	if (w == NULL)
		return (0);
	l = xcalloc(1, sizeof *l);
	l->key = xstrdup(key);
	l->frame = xmalloc(len + 1);
	memcpy(l->frame, frame, len);
	l->frame[len] = '\0';
	l->len = len;
	l->ackhub = ackhub != NULL ? xstrdup(ackhub) : NULL;
	l->ohub = ohub != NULL ? xstrdup(ohub) : NULL;
	l->oname = oname != NULL ? xstrdup(oname) : NULL;
	TAILQ_INSERT_TAIL(&w->later, l, entry);
	log_info("cluster: a DM for %s waits for the login taking the nick",
	    key);
	return (1);
}

/*
 * A hello was answered (its session made, or not): the DMs that waited
 * for it go to the session, or their senders are told.
 */
void
cluster_bus_dm_later(struct cluster_wait *w)
{
	struct cluster_later	*l;

	w->answered = 1;
	while ((l = TAILQ_FIRST(&w->later)) != NULL) {
		TAILQ_REMOVE(&w->later, l, entry);
		cluster_bus_dm_in(l->key, l->frame, l->len, l->ackhub,
		    l->ohub, l->oname);
		cluster_bus_dm_later_drop(l);
	}
}

/* Forget a DM that waited for a hello. */
static void
cluster_bus_dm_later_drop(struct cluster_later *l)
{
	free(l->key);
	free(l->frame);
	free(l->ackhub);
	free(l->ohub);
	free(l->oname);
	free(l);
}

/* Free the DMs still waiting for a hello (at exit). */
void
cluster_bus_dm_later_free(struct cluster_wait *w)
{
	struct cluster_later	*l;

	while ((l = TAILQ_FIRST(&w->later)) != NULL) {
		TAILQ_REMOVE(&w->later, l, entry);
		log_info("cluster: a DM for %s was not delivered: the hub "
		    "stopped", l->key);
		cluster_bus_dm_later_drop(l);
	}
}

/*
 * The away notice an acknowledgement carried, for the sender of the DM
 * (a session here, if it still is): told as a receiver here tells it.
 */
void
cluster_bus_dm_away_in(const char *from, const char *frame, size_t len)
{
	struct session	*s;
	enum proto_type	 type;
	enum proto_err	 err;
	const char	*code, *subject, *text;
	char		*cause;
	cJSON		*obj;

	if (len == 0 || (s = session_find_nick(from)) == NULL)
		return;
	obj = cluster_bus_frame(frame, len, cluster_bus_dm_notice_types, 'a',
	    NULL, &type);
	if (obj == NULL)
		return;
	if (proto_get_str(obj, PF_CODE, 1, &code) != 0 ||
	    strcmp(code, "away") != 0 ||
	    proto_get_str(obj, PF_SUBJECT, 1, &subject) != 0 ||
	    !cluster_bus_good_nick(subject) ||
	    proto_get_str(obj, PF_TEXT, 1, &text) != 0) {
		log_warnx("cluster: a malformed notice on the bus");
		cJSON_Delete(obj);
		return;
	}
	if (proto_check_text(text, CR_AWAY_MAX, 0, &err, &cause) != 0) {
		log_warnx("cluster: a malformed notice on the bus: %s", cause);
		free(cause);
	} else if (s->client != NULL)
		server_chat_away_notice(s->client, subject, text);
	cJSON_Delete(obj);
}

/* Such a notice from another hub, for a session here (checked first). */
void
cluster_bus_dm_notice_in(struct session *s, const char *frame, size_t len)
{
	const char	*code, *subject;
	long long	 secs = 0;
	enum proto_type	 type;
	cJSON		*obj;

	obj = cluster_bus_frame(frame, len, cluster_bus_dm_notice_types, 'n',
	    NULL, &type);
	if (obj == NULL)
		return;
	if (proto_get_str(obj, PF_CODE, 1, &code) != 0 ||
	    proto_get_str(obj, PF_SUBJECT, 1, &subject) != 0 ||
	    proto_get_int(obj, PF_DURATION, 0, &secs) != 0 || secs < 0 ||
	    !cluster_bus_good_nick(subject) ||
	    (strcmp(code, "dm_held") != 0 && strcmp(code, "dm_expired") != 0 &&
	    strcmp(code, "dm_unsure") != 0 && strcmp(code, "dm_full") != 0 &&
	    strcmp(code, "dm_taken") != 0)) {
		log_warnx("cluster: a malformed notice on the bus");
		cJSON_Delete(obj);
		return;
	}
	session_dm_tell_here(s, subject, code, secs);
	cJSON_Delete(obj);
}
