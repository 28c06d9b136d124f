/* SPDX-License-Identifier: ISC */
/* cluster-ban.c: bans, mutes and kicks are the cluster's, not one hub's. */

#include <sys/types.h>

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
 * Every hub holds every ban and mute of the cluster (ban.c), so a hello
 * and a line are still decided at once, as claims are (cluster-claim.c).
 * Redis holds them in chatroom:bans (KIND:TARGET -> "KIND\tTARGET\tUNTIL\t
 * BY\tREASON\tSET", or "~TIME" for one lifted then), and the bus carries
 * each change ("b HUB KIND TARGET UNTIL BY REASON SET", or "b HUB KIND
 * TARGET TIME" for one lifted).  Ends are absolute times, so every hub
 * ends a ban at the same moment on its own.  Of a ban and its lifting the
 * newer wins, wherever each was made: Redis writes an entry only over an
 * older one (CS_BANPUT), and a hub keeps a ban set after the lifting it
 * hears of.  While Redis is away the hub's own bans hold
 * for its own users, and what it set or lifted meanwhile is sent at the
 * heal, before it reads the cluster's: it takes those it lacks, lifts
 * those lifted elsewhere, and adds its own that Redis never had.  A kick
 * of a user of another hub is carried too ("o HUB NICK BY REASON"), for
 * the hub that has the user.
 */

/* A ban set or lifted while apart from Redis. */
struct cluster_ban_change {
	int	 kind;
	char	*target;	/* its key: folded nick, canonical address */
	int64_t	 when;		/* lifted then, or 0: set */
};

static int	cluster_ban_clean(const char *, size_t);
static int	cluster_ban_stale(int64_t, int64_t);

/*
 * How long a lift mark is kept, in Redis and in a hub's history file: no
 * ban runs longer than PROTO_DURATION_MAX, so a mark older than that and a
 * day (for clocks) can lift only a ban for ever (see cluster_ban_sweep).
 */
#define CLUSTER_BAN_LIFT_KEEP	(PROTO_DURATION_MAX + 86400 * 1000LL)

static struct cluster_ban_change *cluster_ban_changes;
static u_int	 cluster_ban_nchanges;

/* The sweep of chatroom:bans (cluster-sweep.c). */
static struct cluster_sweep cluster_ban_sweeper = {
	.key = CL_PREFIX "bans",
	.script = CS_BANSWEEP,
	.what = "ended bans and old lift marks",
};

/* A read of chatroom:bans on its way. */
struct cluster_ban_req {
	u_int	 gen;
	int	 sync;
	void	*step;
};

/* May we talk to Redis about bans now? */
static int
cluster_ban_ready(void)
{
	return ((cluster.state == CL_UP || cluster.state == CL_SYNCING) &&
	    !cluster.stopping);
}

/* The entry in force here for exactly this kind and key, or NULL. */
static const struct hist_ban *
cluster_ban_local(int kind, const char *key)
{
	const struct hist_ban	*b;
	u_int			 i;

	for (i = 0; i < ban_count(); i++) {
		b = ban_get(i);
		if (b->kind == kind && strcmp(b->target, key) == 0)
			return (b);
	}
	return (NULL);
}

/* A reason as one field: no tab or line break. */
static char *
cluster_ban_field(const char *s)
{
	char	*out, *p;

	out = xstrdup(s != NULL ? s : "");
	for (p = out; *p != '\0'; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
	}
	return (out);
}

/* The entry of a ban: KIND TARGET UNTIL BY REASON SET. */
static char *
cluster_ban_entry(const struct hist_ban *b)
{
	char	*by, *reason, *entry;

	by = cluster_ban_field(b->by);
	reason = cluster_ban_field(b->reason);
	xasprintf(&entry, "%d\t%s\t%lld\t%s\t%s\t%lld", b->kind, b->target,
	    (long long)b->until, by, reason, (long long)b->set);
	free(by);
	free(reason);
	return (entry);
}

/*
 * BANPUT answered.  Refused, the cluster has a newer entry than what was
 * set or lifted here (on another hub, at the same moment or while this
 * one was apart): read the cluster's, so this hub holds it too.
 */
static void
cluster_ban_write_cb(redisReply *reply, void *arg)
{
	(void)arg;
	if (reply != NULL && reply->type == REDIS_REPLY_ERROR)
		log_warnx("cluster: writing a ban: %s", reply->str);
	else if (reply != NULL && reply->type == REDIS_REPLY_INTEGER &&
	    reply->integer == 0 && cluster_ban_ready())
		cluster_ban_load(0);
}

/*
 * Write a field of chatroom:bans and tell the other hubs, unless what
 * Redis has there is newer than when (CS_BANPUT).
 */
static void
cluster_ban_write(int kind, const char *key, const char *value,
    int64_t when, const char *header)
{
	const char	*args[5];
	char		*field, t[32];

	xasprintf(&field, "%d:%s", kind, key);
	snprintf(t, sizeof t, "%lld", (long long)when);
	args[0] = CL_PREFIX "bans";
	args[1] = field;
	args[2] = value;
	args[3] = t;
	args[4] = header;
	cluster_script_eval(CS_BANPUT, 1, 5, args, NULL, cluster_ban_write_cb,
	    NULL);
	free(field);
}

/* Send a ban in force here to Redis and the bus. */
static void
cluster_ban_send(const struct hist_ban *b)
{
	char	*entry, *header;

	entry = cluster_ban_entry(b);
	xasprintf(&header, "b\t%s\t%s", cluster.hub, entry);
	cluster_ban_write(b->kind, b->target, entry, b->set, header);
	free(header);
	free(entry);
}

/* Mark a ban lifted at a time in Redis, and tell the bus. */
static void
cluster_ban_send_lift(int kind, const char *key, int64_t when)
{
	char	mark[32], *header;

	snprintf(mark, sizeof mark, "~%lld", (long long)when);
	xasprintf(&header, "b\t%s\t%d\t%s\t%lld", cluster.hub, kind, key,
	    (long long)when);
	cluster_ban_write(kind, key, mark, when, header);
	free(header);
}

/* Remember a change made while apart, the last for its ban winning. */
static void
cluster_ban_remember(int kind, const char *key, int64_t when)
{
	struct cluster_ban_change	*ch;
	u_int				 i;

	for (i = 0; i < cluster_ban_nchanges; i++) {
		ch = &cluster_ban_changes[i];
		if (ch->kind == kind && strcmp(ch->target, key) == 0) {
			ch->when = when;
			return;
		}
	}
	cluster_ban_changes = xreallocarray(cluster_ban_changes,
	    cluster_ban_nchanges + 1, sizeof *cluster_ban_changes);
	ch = &cluster_ban_changes[cluster_ban_nchanges++];
	ch->kind = kind;
	ch->target = xstrdup(key);
	ch->when = when;
}

/*
 * The bans lifted while apart, for the history file: a hub restarted
 * before the heal must still lift them everywhere then.  (Those set
 * meanwhile are in the file as bans, with the time they were set.)
 */
void
cluster_ban_to_hist(struct hist *h)
{
	struct cluster_ban_change	*ch;
	struct hist_ban			*b;
	int64_t				 now = now_ms();
	u_int				 i;

	h->nlifts = 0;
	h->lifts = NULL;
	for (i = 0; i < cluster_ban_nchanges; i++) {
		ch = &cluster_ban_changes[i];
		if (ch->when == 0 || cluster_ban_stale(ch->when, now))
			continue;
		h->lifts = xreallocarray(h->lifts, h->nlifts + 1,
		    sizeof *h->lifts);
		b = &h->lifts[h->nlifts++];
		memset(b, 0, sizeof *b);
		b->kind = ch->kind;
		b->target = xstrdup(ch->target);
		b->set = ch->when;
	}
}

/*
 * Is a lift mark made then too old to keep?  The cluster forgets such
 * marks; a hub's history file, which keeps its own until the heal, must
 * not keep them for ever either (a hub that no longer joins the cluster
 * never sends them).
 */
static int
cluster_ban_stale(int64_t when, int64_t now)
{
	return (when < now - CLUSTER_BAN_LIFT_KEEP);
}

/*
 * Take back the bans lifted while apart, from the history file, but for
 * the marks too old to keep (logged: the lift is not sent at the heal).
 */
void
cluster_ban_from_hist(struct hist *h)
{
	const struct hist_ban	*b;
	int64_t			 now = now_ms();
	char			 when[64];
	size_t			 i;
	u_int			 stale = 0;

	for (i = 0; i < h->nlifts; i++) {
		b = &h->lifts[i];
		if (cluster_ban_stale(b->set, now)) {
			util_utc(b->set, when, sizeof when);
			log_info("forgot the lifting of the %s on %s (%s), not "
			    "yet sent to the cluster: older than a year and a "
			    "day", b->kind == BAN_MUTE ? "mute" : "ban",
			    b->target, when);
			stale++;
			continue;
		}
		cluster_ban_remember(b->kind, b->target, b->set);
	}
	if (stale > 0)
		history_journal_bans();
}

/* A ban or a mute was set here: the cluster's too, now or at the heal. */
void
cluster_ban_put(int kind, const char *target)
{
	const struct hist_ban	*b;
	char			*key;

	if (cluster.state == CL_OFF || cluster.stopping)
		return;
	key = ban_key(kind, target);
	if ((b = cluster_ban_local(kind, key)) != NULL) {
		if (cluster_ban_ready())
			cluster_ban_send(b);
		else
			cluster_ban_remember(kind, key, 0);
	}
	free(key);
}

/* A ban or a mute was lifted here: everywhere, now or at the heal. */
void
cluster_ban_lift(int kind, const char *target)
{
	char	*key;

	if (cluster.state == CL_OFF || cluster.stopping)
		return;
	key = ban_key(kind, target);
	if (cluster_ban_ready())
		cluster_ban_send_lift(kind, key, now_ms());
	else {
		cluster_ban_remember(kind, key, now_ms());
		history_journal_bans();
	}
	free(key);
}

/*
 * Kick a user of another hub: the hub that has the user removes it.
 * Returns -1 if the other hubs cannot be reached now.
 */
int
cluster_ban_kick(const char *nick, const char *by, const char *reason)
{
	char	*r, *header;

	if (cluster.state != CL_UP || cluster.stopping)
		return (-1);
	r = cluster_ban_field(reason);
	xasprintf(&header, "o\t%s\t%s\t%s\t%s", cluster.hub, nick, by, r);
	cluster_bus_publish(header, strlen(header), NULL, 0);
	free(header);
	free(r);
	return (0);
}

/* A kick from the bus: o HUB NICK BY REASON. */
void
cluster_ban_kick_bus(const char *hub, char **f, u_int n)
{
	if (strcmp(hub, cluster.hub) == 0 || n < 3 ||
	    !cluster_bus_good_nick(f[0]) || !cluster_ban_clean(f[1], 128) ||
	    !cluster_ban_clean(f[2], 4 * CR_REASON_MAX))
		return;
	server_oper_kick_here(hub, f[0], f[1], f[2]);
}

/* Is a field from the bus or Redis fit to keep: no control character? */
static int
cluster_ban_clean(const char *s, size_t max)
{
	const u_char	*p;

	for (p = (const u_char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return (0);
	}
	return ((size_t)(p - (const u_char *)s) <= max);
}

/*
 * Take a ban as Redis or another hub has it: KIND TARGET UNTIL BY REASON
 * [SET] (an older hub sends no SET).  One set before ours is left.
 * Returns 1 if it changed anything here.
 */
static int
cluster_ban_take(char **f, u_int n)
{
	const struct hist_ban	*b;
	long long		 kind, until, set = 0;

	if ((n != 5 && n != 6) || parse_number(f[0], 0, 2, &kind) != 0 ||
	    parse_number(f[2], 0, INT64_MAX, &until) != 0 ||
	    (n == 6 && parse_number(f[5], 0, INT64_MAX, &set) != 0) ||
	    *f[1] == '\0' ||
	    !cluster_ban_clean(f[1], 128) || !cluster_ban_clean(f[3], 128) ||
	    !cluster_ban_clean(f[4], 4 * CR_REASON_MAX)) {
		log_warnx("cluster: a bad ban in the cluster");
		return (0);
	}
	if (until != 0 && until <= now_ms())
		return (0);
	if ((b = cluster_ban_local((int)kind, f[1])) != NULL &&
	    (b->set > set || (b->until == until &&
	    strcmp(b->reason, f[4]) == 0 && strcmp(b->by, f[3]) == 0)))
		return (0);
	ban_add((int)kind, f[1], until, f[4], f[3], set != 0 ? set : 1);
	log_info("cluster: the %s on %s set by %s on another hub holds here",
	    kind == BAN_MUTE ? "mute" : "ban", f[1], f[3]);
	if ((b = cluster_ban_local((int)kind, f[1])) != NULL)
		server_oper_enforce(b);
	return (1);
}

/*
 * Lift here a ban lifted on another hub at a time, unless it was set here
 * after; 1 if one was lifted.
 */
static int
cluster_ban_lifted(int kind, const char *key, int64_t when)
{
	const struct hist_ban	*b;

	if ((b = cluster_ban_local(kind, key)) == NULL || b->set > when)
		return (0);
	ban_remove(kind, key);
	log_info("cluster: the %s on %s was lifted on another hub",
	    kind == BAN_MUTE ? "mute" : "ban", key);
	server_oper_lifted(kind, key);
	return (1);
}

/* A change from the bus: b HUB KIND TARGET [TIME | UNTIL BY REASON SET]. */
void
cluster_ban_bus(const char *hub, char **f, u_int n)
{
	long long	kind, when = INT64_MAX;
	int		changed;

	if (strcmp(hub, cluster.hub) == 0 || n < 2)
		return;
	if (n == 2 || n == 3) {
		if (parse_number(f[0], 0, 2, &kind) != 0 ||
		    (n == 3 && parse_number(f[2], 0, INT64_MAX, &when) != 0))
			return;
		changed = cluster_ban_lifted((int)kind, f[1], when);
	} else
		changed = cluster_ban_take(f, n);
	if (changed)
		history_journal_bans();
}

/* Split a field name KIND:TARGET; 0 if it is one. */
static int
cluster_ban_name(const char *name, int *kind, const char **key)
{
	if (name[0] < '0' || name[0] > '2' || name[1] != ':' ||
	    name[2] == '\0')
		return (-1);
	*kind = name[0] - '0';
	*key = name + 2;
	return (0);
}

/* HGETALL: take the cluster's bans; in a sync, give it ours it lacks. */
static void
cluster_ban_load_cb(redisReply *reply, void *arg)
{
	struct cluster_ban_req	*req = arg;
	const struct hist_ban	*b;
	redisReply		*k, *v;
	char			*copy, *f[6], *field;
	const char		*key;
	long long		 when;
	size_t			 i, j;
	u_int			 changed = 0, n;
	int			 kind, found;

	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY ||
	    req->gen != cluster.gen)
		goto out;
	for (i = 0; i + 1 < reply->elements; i += 2) {
		k = reply->element[i];
		v = reply->element[i + 1];
		if (k->type != REDIS_REPLY_STRING ||
		    v->type != REDIS_REPLY_STRING ||
		    cluster_ban_name(k->str, &kind, &key) != 0)
			continue;
		if (v->str[0] == '~') {
			if (parse_number(v->str + 1, 0, INT64_MAX, &when) != 0)
				continue;
			changed += cluster_ban_lifted(kind, key, when);
			/* Set here after it was lifted: ours stands. */
			if (req->sync &&
			    (b = cluster_ban_local(kind, key)) != NULL &&
			    (b->until == 0 || b->until > now_ms()))
				cluster_ban_send(b);
			continue;
		}
		copy = xstrdup(v->str);
		n = cluster_bus_fields(copy, f, 6);
		changed += cluster_ban_take(f, n);
		/* Set here after the cluster's: ours stands. */
		if (req->sync && n == 6 &&
		    parse_number(f[5], 0, INT64_MAX, &when) == 0 &&
		    (b = cluster_ban_local(kind, key)) != NULL &&
		    b->set > when && (b->until == 0 || b->until > now_ms()))
			cluster_ban_send(b);
		free(copy);
	}
	if (req->sync) {
		/* Ours that Redis never had: set before the cluster, or alone. */
		for (j = 0; j < ban_count(); j++) {
			b = ban_get(j);
			if (b->until != 0 && b->until <= now_ms())
				continue;
			xasprintf(&field, "%d:%s", b->kind, b->target);
			found = 0;
			for (i = 0; !found && i + 1 < reply->elements; i += 2) {
				k = reply->element[i];
				found = k->type == REDIS_REPLY_STRING &&
				    strcmp(k->str, field) == 0;
			}
			free(field);
			if (!found)
				cluster_ban_send(b);
		}
	}
	if (changed > 0)
		history_journal_bans();
out:
	if (req->step != NULL)
		cluster_sync_release(req->step);
	free(req);
}

/*
 * Read the cluster's bans: in a sync (a step of it), first send what was
 * set or lifted here while apart, and after, ours that Redis lacks;
 * otherwise (another hub synchronised) only take them.
 */
void
cluster_ban_load(int sync)
{
	struct cluster_ban_req		*req;
	struct cluster_ban_change	*ch;
	const struct hist_ban		*b;
	const char			*argv[2];
	u_int				 i;

	for (i = 0; sync && i < cluster_ban_nchanges; i++) {
		ch = &cluster_ban_changes[i];
		if (ch->when != 0)
			cluster_ban_send_lift(ch->kind, ch->target, ch->when);
		else if ((b = cluster_ban_local(ch->kind, ch->target)) != NULL)
			cluster_ban_send(b);
	}
	if (sync && cluster_ban_nchanges > 0) {
		cluster_ban_synced();
		history_journal_bans();
	}
	req = xcalloc(1, sizeof *req);
	req->gen = cluster.gen;
	req->sync = sync;
	req->step = sync ? cluster_sync_hold() : NULL;
	argv[0] = "HGETALL";
	argv[1] = CL_PREFIX "bans";
	if (cluster_command(cluster_ban_load_cb, req, 2, argv, NULL) != 0) {
		if (req->step != NULL)
			cluster_sync_release(req->step);
		free(req);
	}
}

/*
 * Nothing would ever leave chatroom:bans: a ban or a mute that ended, and
 * the mark of every one lifted, stay.  A ended one is needed by nobody
 * (every hub ends it on its own), so it goes.  A lift mark is needed by a
 * hub that still holds the ban from before it was lifted (one apart from
 * the cluster since, or stopped): without it that hub would give the ban
 * back at its heal.  No ban runs longer than PROTO_DURATION_MAX, so a mark
 * older than that and a day (for clocks) can lift only a ban for ever,
 * brought back by a hub away for over a year: it goes too.
 * The walk (the BANSWEEP script in steps) is cluster-sweep.c's.
 */

/* Remove the ended bans and the lift marks no hub can need (each beat). */
void
cluster_ban_sweep(void)
{
	cluster_sweep(&cluster_ban_sweeper, CLUSTER_BAN_LIFT_KEEP);
}

/* Forget the changes made while apart (sent, or at exit). */
void
cluster_ban_synced(void)
{
	u_int	i;

	for (i = 0; i < cluster_ban_nchanges; i++)
		free(cluster_ban_changes[i].target);
	free(cluster_ban_changes);
	cluster_ban_changes = NULL;
	cluster_ban_nchanges = 0;
}
