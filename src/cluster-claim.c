/* SPDX-License-Identifier: ISC */
/* cluster-claim.c: claimed nicks are the cluster's, not one hub's. */

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
 * Every hub holds every claim of the cluster (claim.c), so a hello is
 * still decided at once.  Redis holds them too, in chatroom:claims
 * (case-folded nick -> claim_entry, or "~TIME" for a claim released
 * then), and the bus carries each change ("k HUB ENTRY", or "k HUB NICK"
 * for a release).  A new claim goes in only if no live claim holds the
 * nick (the NICKPUT script): the first one Redis records holds, and a hub
 * that lost the race takes the winner's.  On every contact with Redis the
 * hub marks in Redis what it released while apart, then reads the claims:
 * it takes those it lacks, drops those released elsewhere (unless their
 * owner used them here since), adds its own that Redis lacks, and logs a
 * claim made here while apart that Redis holds for another owner (the
 * cluster's holds).  While Redis is away the hub's own claims hold for
 * its own users.
 */

/* A claim on its way to Redis. */
struct cluster_claim_req {
	u_int	 gen;
	char	*nick;
	void	*step;		/* a sync step, or NULL */
};

/* A claim released while apart from Redis. */
struct cluster_claim_gone {
	char	*nick;
	char	*owner;
	int64_t	 when;
};

static void	cluster_claim_apply(char *, int);

static struct cluster_claim_gone *cluster_claim_gone;
static u_int	 cluster_claim_ngone;

/* The walk that removes old release marks (cluster-sweep.c). */
static struct cluster_sweep cluster_claim_sweeper = {
	.key = CL_PREFIX "claims",
	.script = CS_NICKSWEEP,
	.what = "old release marks",
};

/* A new request. */
static struct cluster_claim_req *
cluster_claim_req_new(const char *nick, void *step)
{
	struct cluster_claim_req	*req;

	req = xcalloc(1, sizeof *req);
	req->gen = cluster.gen;
	req->nick = nick != NULL ? xstrdup(nick) : NULL;
	req->step = step;
	return (req);
}

/* Free a request, and count its sync step done. */
static void
cluster_claim_req_free(struct cluster_claim_req *req)
{
	if (req->step != NULL)
		cluster_sync_release(req->step);
	free(req->nick);
	free(req);
}

/* May we talk to Redis about claims now? */
static int
cluster_claim_ready(void)
{
	return ((cluster.state == CL_UP || cluster.state == CL_SYNCING) &&
	    !cluster.stopping);
}

/*
 * The owner of a claim's entry, as the scripts see it: its key, else its
 * old hash, else its password hash.  NULL if the nick is not claimed.
 */
static char *
cluster_claim_owner(const char *nick)
{
	char	*entry, *f[6], *owner = NULL;

	if ((entry = claim_entry(nick)) == NULL)
		return (NULL);
	if (cluster_bus_fields(entry, f, 6) == 5)
		owner = xstrdup(*f[1] != '\0' ? f[1] : *f[2] != '\0' ? f[2] :
		    f[3]);
	free(entry);
	return (owner);
}

/* Tell the other hubs of a claim now in Redis. */
static void
cluster_claim_publish(const char *nick)
{
	char	*entry, *header;

	if ((entry = claim_entry(nick)) == NULL)
		return;
	xasprintf(&header, "k\t%s\t%s", cluster.hub, entry);
	cluster_bus_publish(header, strlen(header), NULL, 0);
	free(header);
	free(entry);
}

/* NICKPUT: ours is the cluster's, or what holds the nick there is. */
static void
cluster_claim_put_cb(redisReply *reply, void *arg)
{
	struct cluster_claim_req	*req = arg;
	char				*copy;

	if (reply != NULL && reply->type == REDIS_REPLY_STRING &&
	    req->gen == cluster.gen) {
		if (reply->len == 0)
			cluster_claim_publish(req->nick);
		else if (reply->str[0] == '~') {
			log_info("cluster: the claim on %s was released on "
			    "another hub", req->nick);
			claim_remote_drop(req->nick);
		} else {
			copy = xstrdup(reply->str);
			cluster_claim_apply(copy, 1);
			free(copy);
		}
	}
	cluster_claim_req_free(req);
}

/* Send a claim to Redis: a new one (fresh) or one that changed. */
static void
cluster_claim_send(const char *nick, int fresh, void *step)
{
	struct cluster_claim_req	*req;
	const char			*args[5];
	char				*entry, *key, *owner;

	if ((entry = claim_entry(nick)) == NULL ||
	    (owner = cluster_claim_owner(nick)) == NULL) {
		free(entry);
		if (step != NULL)
			cluster_sync_release(step);
		return;
	}
	key = utf8_casefold(nick);
	args[0] = CL_PREFIX "claims";
	args[1] = key;
	args[2] = entry;
	args[3] = owner;
	args[4] = fresh ? "new" : "update";
	req = cluster_claim_req_new(nick, step);
	if (cluster_script_eval(CS_NICKPUT, 1, 5, args, NULL,
	    cluster_claim_put_cb, req) != 0)
		cluster_claim_req_free(req);
	free(key);
	free(owner);
	free(entry);
}

/* A claim was made or changed here: the cluster's too. */
void
cluster_claim_put(const char *nick, int fresh)
{
	if (cluster_claim_ready())
		cluster_claim_send(nick, fresh, NULL);
}

/* NICKDROP answered: tell the other hubs if the claim was released. */
static void
cluster_claim_drop_cb(redisReply *reply, void *arg)
{
	struct cluster_claim_req	*req = arg;
	char				*header;

	if (reply != NULL && reply->type == REDIS_REPLY_INTEGER &&
	    reply->integer == 1 && req->gen == cluster.gen) {
		xasprintf(&header, "k\t%s\t%s", cluster.hub, req->nick);
		cluster_bus_publish(header, strlen(header), NULL, 0);
		free(header);
	}
	cluster_claim_req_free(req);
}

/* Mark a claim released in Redis (and on the bus, if in step). */
static void
cluster_claim_send_drop(const char *nick, const char *owner, int64_t when)
{
	struct cluster_claim_req	*req;
	const char			*args[4];
	char				*key, mark[32];

	key = utf8_casefold(nick);
	snprintf(mark, sizeof mark, "~%lld", (long long)when);
	args[0] = CL_PREFIX "claims";
	args[1] = key;
	args[2] = owner;
	args[3] = mark;
	req = cluster_claim_req_new(nick, NULL);
	if (cluster_script_eval(CS_NICKDROP, 1, 4, args, NULL,
	    cluster_claim_drop_cb, req) != 0)
		cluster_claim_req_free(req);
	free(key);
}

/*
 * A claim is about to be released here: everywhere, now or once back in
 * contact.
 */
void
cluster_claim_drop(const char *nick)
{
	struct cluster_claim_gone	*g;
	char				*owner;

	if (cluster.state == CL_OFF || cluster.stopping ||
	    (owner = cluster_claim_owner(nick)) == NULL)
		return;
	if (cluster_claim_ready()) {
		cluster_claim_send_drop(nick, owner, now_ms());
		free(owner);
		return;
	}
	cluster_claim_gone = xreallocarray(cluster_claim_gone,
	    cluster_claim_ngone + 1, sizeof *cluster_claim_gone);
	g = &cluster_claim_gone[cluster_claim_ngone++];
	g->nick = xstrdup(nick);
	g->owner = owner;
	g->when = now_ms();
}

/* Forget the releases made while apart (sent, or at exit). */
void
cluster_claim_synced(void)
{
	u_int	i;

	for (i = 0; i < cluster_claim_ngone; i++) {
		free(cluster_claim_gone[i].nick);
		free(cluster_claim_gone[i].owner);
	}
	free(cluster_claim_gone);
	cluster_claim_gone = NULL;
	cluster_claim_ngone = 0;
}

/*
 * Take a claim as Redis or another hub has it: the fields of its entry.
 * With warn (a sync), a claim here for another owner is logged as given
 * up; without, a claim new to this hub is logged.
 */
static void
cluster_claim_take(char **f, u_int n, int warn)
{
	long long	 seen;

	if (n != 5 || !cluster_bus_good_nick(f[0]) ||
	    parse_number(f[4], 0, INT64_MAX, &seen) != 0)
		return;
	switch (claim_same_owner(f[0], f[1], f[2], f[3])) {
	case -1:	/* (a new hub's sync would log them all) */
		if (!warn)
			log_info("cluster: nick %s claimed on another hub",
			    f[0]);
		break;
	case 0:
		if (warn)
			log_warnx("cluster: the claim on %s made on this hub "
			    "while apart from the cluster is another owner's "
			    "there; the cluster's claim holds", f[0]);
		break;
	}
	if (claim_remote_set(f[0], f[1], f[2], f[3], seen) != 0)
		log_warnx("cluster: a bad claim on %s in the cluster", f[0]);
}

/* Take a claim from its entry (split in place). */
static void
cluster_claim_apply(char *entry, int warn)
{
	char	*f[6];

	cluster_claim_take(f, cluster_bus_fields(entry, f, 6), warn);
}

/* A claim from the bus: k HUB NICK [PUBKEY HASH PASS SEEN]. */
void
cluster_claim_bus(const char *hub, char **fields, u_int n)
{
	if (strcmp(hub, cluster.hub) == 0 || n < 1)
		return;
	if (n == 1) {
		if (cluster_bus_good_nick(fields[0]))
			claim_remote_drop(fields[0]);
		return;
	}
	cluster_claim_take(fields, n, 0);
}

/* Compare two strings for qsort and bsearch. */
static int
cluster_claim_cmp(const void *a, const void *b)
{
	return (strcmp(*(const char * const *)a, *(const char * const *)b));
}

/*
 * A claim Redis marks released at a time: drop ours, unless (in a sync)
 * its owner used it here since, which makes it the cluster's again.
 */
static void
cluster_claim_released(const char *key, const char *mark, int sync)
{
	long long	 when;
	int64_t		 seen;

	if ((seen = claim_last_seen(key)) == 0 ||
	    parse_number(mark + 1, 0, INT64_MAX, &when) != 0)
		return;
	if (sync && seen > when) {
		cluster_claim_send(key, 1, cluster_sync_hold());
		return;
	}
	log_info("cluster: the claim on %s was released on another hub", key);
	claim_remote_drop(key);
}

/* HGETALL: take the cluster's claims; in a sync, give it ours. */
static void
cluster_claim_load_cb(redisReply *reply, void *arg)
{
	struct cluster_claim_req	*req = arg;
	struct hist			 h;
	redisReply			*v;
	char				**keys, *copy, *key;
	size_t				 i, n = 0;
	int				 sync = req->nick != NULL;

	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY ||
	    req->gen != cluster.gen) {
		cluster_claim_req_free(req);
		return;
	}
	keys = xcalloc(reply->elements / 2 + 1, sizeof *keys);
	for (i = 0; i + 1 < reply->elements; i += 2) {
		v = reply->element[i + 1];
		if (reply->element[i]->type != REDIS_REPLY_STRING ||
		    v->type != REDIS_REPLY_STRING)
			continue;
		keys[n++] = reply->element[i]->str;
		if (v->str[0] == '~') {
			cluster_claim_released(reply->element[i]->str, v->str,
			    sync);
			continue;
		}
		copy = xstrdup(v->str);
		cluster_claim_apply(copy, sync);
		free(copy);
	}
	if (sync) {
		/* Ours that Redis never had: made here alone, or before. */
		qsort(keys, n, sizeof *keys, cluster_claim_cmp);
		memset(&h, 0, sizeof h);
		claim_to_hist(&h);
		for (i = 0; i < h.nclaims; i++) {
			key = utf8_casefold(h.claims[i].nick);
			if (bsearch(&key, keys, n, sizeof *keys,
			    cluster_claim_cmp) == NULL)
				cluster_claim_send(h.claims[i].nick, 1,
				    cluster_sync_hold());
			free(key);
		}
		history_free(&h);
	}
	free(keys);
	cluster_claim_req_free(req);
}

/*
 * Read the cluster's claims: in a sync (a step of it), first mark those
 * released here while apart, and after, send ours that Redis lacks;
 * otherwise (another hub synchronised) only take them.
 */
void
cluster_claim_load(int sync)
{
	struct cluster_claim_req	*req;
	const char			*argv[2];
	u_int				 i;

	req = cluster_claim_req_new(sync ? "" : NULL,
	    sync ? cluster_sync_hold() : NULL);
	for (i = 0; sync && i < cluster_claim_ngone; i++) {
		/* Claimed again meanwhile: the sync sends that claim. */
		if (claim_last_seen(cluster_claim_gone[i].nick) == 0)
			cluster_claim_send_drop(cluster_claim_gone[i].nick,
			    cluster_claim_gone[i].owner,
			    cluster_claim_gone[i].when);
	}
	if (sync)
		cluster_claim_synced();
	argv[0] = "HGETALL";
	argv[1] = CL_PREFIX "claims";
	if (cluster_command(cluster_claim_load_cb, req, 2, argv, NULL) != 0)
		cluster_claim_req_free(req);
}

/*
 * A release mark ("~TIME") is needed only by a hub that still holds the
 * claim from before TIME: one that was apart from the cluster, or stopped,
 * since then.  Such a hub expires the claim itself once it has not been
 * used for --claim-days (at start-up and every hour), so a mark older
 * than that, and a day more for clocks and the hourly expiry, can no
 * longer be needed: it goes, or the hash would keep one per nick ever
 * released.  The hubs of a cluster should share --claim-days; a hub with
 * more days than the others may see a claim it kept through a long
 * absence come back.
 *
 * The walk (the NICKSWEEP script in steps) is cluster-sweep.c's.
 */

/* Remove the release marks no hub can need, if it is time (each beat). */
void
cluster_claim_sweep(void)
{
	struct server_opts	*o = server_options();

	cluster_sweep(&cluster_claim_sweeper,
	    ((int64_t)o->claim_days + 1) * 86400 * 1000);
}
