/* SPDX-License-Identifier: ISC */
/* cluster-away.c: the away messages of the users of other hubs. */

#include <sys/types.h>
#include <sys/queue.h>

#include <event2/event.h>
#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "cluster.h"

/*
 * IRC's WHOIS (301) and WHO (G) say whether a user of another hub is
 * away, as for a user here.  Each hub keeps its away users' messages in
 * Redis (the aways hash: case-folded nick -> "HUB\tTEXT"), written with
 * the session's entry, and tells the others each change on the bus (the
 * away_changed event for the user's rooms, as clients here get it); the
 * others keep what they heard by nick, with the hub that said it, and
 * read the hash again whenever they reload the members of other hubs
 * (at each contact with Redis, and when a hub resynchronises), which
 * also forgets what a hub lost meanwhile said.  A message counts only
 * for a member on the hub that said it: one a user who went to another
 * hub, or a hub that died, left behind is not shown.
 *
 * A user whose connection its hub lost (the session waits for a resume)
 * counts as away too, as one of this hub does: the lost and back events
 * on the bus say so, and so does the kinds entry of the session ("lost")
 * when the members are reloaded.  The hub of a user who shares no room
 * with anyone publishes neither; a look-up of the nick (whereis) reads
 * both again from Redis (cluster_nick_whereis).
 */

struct cluster_away {
	char			*key;	/* the nick, case-folded */
	char			*hub;
	char			*text;		/* or NULL: lost only */
	int			 lost;
	TAILQ_ENTRY(cluster_away) entry;
};
static TAILQ_HEAD(, cluster_away) cluster_aways =
    TAILQ_HEAD_INITIALIZER(cluster_aways);
static struct strmap	cluster_away_map;

static void	cluster_away_forget(struct cluster_away *);
static struct cluster_away *cluster_away_get(const char *, const char *);
static void	cluster_away_load_cb(redisReply *, void *);

/* Forget one away message. */
static void
cluster_away_forget(struct cluster_away *a)
{
	strmap_del(&cluster_away_map, a->key);
	TAILQ_REMOVE(&cluster_aways, a, entry);
	free(a->key);
	free(a->hub);
	free(a->text);
	free(a);
}

/* The entry of a nick (case-folded) for hub, made if need be. */
static struct cluster_away *
cluster_away_get(const char *key, const char *hub)
{
	struct cluster_away	*a;

	if ((a = strmap_get(&cluster_away_map, key)) != NULL &&
	    strcmp(a->hub, hub) != 0) {
		cluster_away_forget(a);
		a = NULL;
	}
	if (a == NULL) {
		a = xcalloc(1, sizeof *a);
		a->key = xstrdup(key);
		a->hub = xstrdup(hub);
		TAILQ_INSERT_TAIL(&cluster_aways, a, entry);
		strmap_set(&cluster_away_map, a->key, a);
	}
	return (a);
}

/*
 * A user of hub went away with text, or came back (text NULL): what
 * that hub said on the bus, or what Redis has.  Whether its connection
 * is lost stays as it was.
 */
void
cluster_away_set(const char *nick, const char *hub, const char *text)
{
	struct cluster_away	*a;
	char			*key = utf8_casefold(nick);

	if (strcmp(hub, cluster.hub) == 0) {
		if ((a = strmap_get(&cluster_away_map, key)) != NULL)
			cluster_away_forget(a);
		free(key);
		return;
	}
	a = cluster_away_get(key, hub);
	free(a->text);
	a->text = text != NULL ? xstrdup(text) : NULL;
	if (a->text == NULL && !a->lost)
		cluster_away_forget(a);
	free(key);
}

/*
 * The connection of a user of hub was lost (its session waits for a
 * resume), or is back.
 */
void
cluster_away_lost(const char *nick, const char *hub, int lost)
{
	struct cluster_away	*a;
	char			*key = utf8_casefold(nick);

	if (strcmp(hub, cluster.hub) != 0 &&
	    (lost || strmap_get(&cluster_away_map, key) != NULL)) {
		a = cluster_away_get(key, hub);
		a->lost = lost;
		if (a->text == NULL && !a->lost)
			cluster_away_forget(a);
	}
	free(key);
}

/* A user of another hub is gone: forget its state. */
void
cluster_away_forget_nick(const char *nick)
{
	struct cluster_away	*a;
	char			*key = utf8_casefold(nick);

	if ((a = strmap_get(&cluster_away_map, key)) != NULL)
		cluster_away_forget(a);
	free(key);
}

/* A user of another hub changed nick: its away message follows it. */
void
cluster_away_renamed(const char *old, const char *nick)
{
	struct cluster_away	*a;
	char			*key = utf8_casefold(old);
	char			*hub, *text;
	int			 lost;

	a = strmap_get(&cluster_away_map, key);
	free(key);
	if (a == NULL)
		return;
	hub = xstrdup(a->hub);
	text = a->text != NULL ? xstrdup(a->text) : NULL;
	lost = a->lost;
	cluster_away_forget(a);
	cluster_away_set(nick, hub, text);
	if (lost)
		cluster_away_lost(nick, hub, 1);
	free(text);
	free(hub);
}

/* A user of another hub went to hub (a takeover, a resume there). */
void
cluster_away_moved(const char *nick, const char *hub)
{
	struct cluster_away	*a;
	char			*key = utf8_casefold(nick);

	if ((a = strmap_get(&cluster_away_map, key)) != NULL) {
		free(a->hub);
		a->hub = xstrdup(hub);
	}
	free(key);
}

/*
 * The away message of a user of another hub (by case-folded nick and the
 * hub that holds it), or NULL.
 */
const char *
cluster_away_of(const char *key, const char *hub)
{
	struct cluster_away	*a;

	if ((a = strmap_get(&cluster_away_map, key)) == NULL ||
	    strcmp(a->hub, hub) != 0)
		return (NULL);
	return (a->text);
}

/* Is the connection of a user of another hub lost (by key and hub)? */
int
cluster_away_is_lost(const char *key, const char *hub)
{
	struct cluster_away	*a;

	if ((a = strmap_get(&cluster_away_map, key)) == NULL ||
	    strcmp(a->hub, hub) != 0)
		return (0);
	return (a->lost);
}

/*
 * Redis's aways entry of a nick, "HUB\tTEXT", as read for a look-up: the
 * text if it is hub's, else NULL.  The caller frees it.
 */
char *
cluster_away_entry(redisReply *reply, const char *hub)
{
	enum proto_err	 err;
	char		*copy, *v[2], *cause = NULL, *text = NULL;

	if (reply == NULL || reply->type != REDIS_REPLY_STRING ||
	    !utf8_valid(reply->str, reply->len) ||
	    strlen(reply->str) != reply->len)
		return (NULL);
	copy = xstrdup(reply->str);
	if (cluster_bus_fields(copy, v, 2) == 2 && strcmp(v[0], hub) == 0 &&
	    proto_check_text(v[1], CR_AWAY_MAX, 0, &err, &cause) == 0)
		text = xstrdup(v[1]);
	free(cause);
	free(copy);
	return (text);
}

/*
 * Redis's kinds entry of a nick, "HUB\tTOKENHASH\tKIND", as read for a
 * look-up: is it hub's, and its session lost ("lost\tID")?
 */
int
cluster_away_entry_lost(redisReply *reply, const char *hub)
{
	char	*copy, *v[3];
	int	 lost;

	if (reply == NULL || reply->type != REDIS_REPLY_STRING ||
	    strlen(reply->str) != reply->len)
		return (0);
	copy = xstrdup(reply->str);
	lost = cluster_bus_fields(copy, v, 3) == 3 &&
	    strcmp(v[0], hub) == 0 && strcmp(v[2], "lost") == 0;
	free(copy);
	return (lost);
}

/* Forget every away message (at exit). */
void
cluster_away_free_all(void)
{
	struct cluster_away	*a;

	while ((a = TAILQ_FIRST(&cluster_aways)) != NULL)
		cluster_away_forget(a);
	strmap_free(&cluster_away_map);
}

/*
 * Write a session's away state with its entry: its message, or none.
 * Only for a session this hub holds, so an entry is never another hub's.
 */
void
cluster_away_own(struct session *s)
{
	const char	*argv[4];
	char		*value;

	if (s->away == NULL) {
		cluster_away_gone(s);
		return;
	}
	xasprintf(&value, "%s\t%s", cluster.hub, s->away);
	argv[0] = "HSET";
	argv[1] = CL_PREFIX "aways";
	argv[2] = s->key;
	argv[3] = value;
	cluster_command(NULL, NULL, 4, argv, NULL);
	free(value);
}

/*
 * A session of this hub ended or came back: its away message goes,
 * unless the nick's entry is another hub's by now (CS_AWAYDROP).
 */
void
cluster_away_gone(struct session *s)
{
	const char	*args[3];

	args[0] = CL_PREFIX "aways";
	args[1] = s->key;
	args[2] = cluster.hub;
	cluster_script_eval(CS_AWAYDROP, 1, 3, args, NULL, NULL, NULL);
}

/* Read every hub's away messages again (before the members' reload). */
void
cluster_away_load(void)
{
	const char	*argv[2];

	argv[0] = "HGETALL";
	argv[1] = CL_PREFIX "aways";
	cluster_command(cluster_away_load_cb, NULL, 2, argv, NULL);
}

/* The aways hash: what is known now of every hub's away users. */
static void
cluster_away_load_cb(redisReply *reply, void *arg)
{
	redisReply	*k, *v;
	enum proto_err	 err;
	char		*copy, *f[2], *cause;
	size_t		 i;

	(void)arg;
	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY)
		return;
	cluster_away_free_all();
	for (i = 0; i + 1 < reply->elements; i += 2) {
		k = reply->element[i];
		v = reply->element[i + 1];
		if (k->type != REDIS_REPLY_STRING ||
		    v->type != REDIS_REPLY_STRING ||
		    !utf8_valid(v->str, v->len) || strlen(v->str) != v->len)
			continue;
		copy = xstrdup(v->str);
		cause = NULL;
		if (cluster_bus_fields(copy, f, 2) == 2 &&
		    cluster_bus_good_nick(k->str) &&
		    proto_check_text(f[1], CR_AWAY_MAX, 0, &err, &cause) == 0)
			cluster_away_set(k->str, f[0], f[1]);
		else if (cause != NULL)
			free(cause);
		free(copy);
	}
}
