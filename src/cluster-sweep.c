/* SPDX-License-Identifier: ISC */
/* cluster-sweep.c: walks that remove from Redis what no hub needs. */

#include <sys/types.h>

#include <event2/event.h>
#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "cluster.h"

/*
 * Some hashes of Redis would only grow: release marks of claims
 * (cluster-claim.c), ended bans and lift marks (cluster-ban.c).  A walk
 * removes what no hub can need any more: HSCAN in steps of CL_SWEEP_COUNT
 * entries, each one script (KEYS the hash; ARGV cursor, now, cut-off,
 * count; answers the next cursor and how many went) that deletes an entry
 * only as it reads it, the next step sent only when the last one is
 * answered: Redis is never held long and the hub never waits.  Any hub
 * may walk; each starts a walk of a hash at most every CL_SWEEP_EVERY
 * while in contact, the first soon after joining.  A walk belongs to one
 * contact with Redis (cluster.gen): answers from an older one are
 * dropped.
 */

/* One step on its way. */
struct cluster_sweep_req {
	struct cluster_sweep	*sw;
	u_int			 gen;
};

static void	cluster_sweep_step(struct cluster_sweep *, const char *);

/* May a walk go on (in contact, not stopping)? */
static int
cluster_sweep_ready(void)
{
	return ((cluster.state == CL_UP || cluster.state == CL_SYNCING) &&
	    !cluster.stopping);
}

/* A step answered: the next one, or the walk is done. */
static void
cluster_sweep_cb(redisReply *reply, void *arg)
{
	struct cluster_sweep_req	*req = arg;
	struct cluster_sweep		*sw = req->sw;
	u_int				 gen = req->gen;
	redisReply			*cur, *gone;

	free(req);
	if (gen != cluster.gen || sw->gen != gen)
		return;
	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY ||
	    reply->elements != 2 ||
	    (cur = reply->element[0])->type != REDIS_REPLY_STRING ||
	    (gone = reply->element[1])->type != REDIS_REPLY_INTEGER) {
		if (reply != NULL && reply->type == REDIS_REPLY_ERROR)
			log_warnx("cluster: removing %s: %s", sw->what,
			    reply->str);
		sw->gen = 0;
		return;
	}
	sw->gone += gone->integer;
	if (strcmp(cur->str, "0") != 0 && cluster_sweep_ready())
		cluster_sweep_step(sw, cur->str);
	else {
		if (sw->gone > 0)
			log_info("cluster: %lld %s removed", sw->gone,
			    sw->what);
		sw->gen = 0;
	}
}

/* Send one step of the walk, from a cursor. */
static void
cluster_sweep_step(struct cluster_sweep *sw, const char *cursor)
{
	struct cluster_sweep_req	*req;
	const char			*args[5];
	char				 now[32], cut[32], count[16];

	snprintf(now, sizeof now, "%lld", (long long)sw->now);
	snprintf(cut, sizeof cut, "%lld", (long long)sw->cut);
	snprintf(count, sizeof count, "%d", CL_SWEEP_COUNT);
	args[0] = sw->key;
	args[1] = cursor;
	args[2] = now;
	args[3] = cut;
	args[4] = count;
	req = xcalloc(1, sizeof *req);
	req->sw = sw;
	req->gen = sw->gen;
	if (cluster_script_eval(sw->script, 1, 5, args, NULL,
	    cluster_sweep_cb, req) != 0) {
		sw->gen = 0;
		free(req);
	}
}

/* Start a walk if it is time and none is under way (each beat). */
void
cluster_sweep(struct cluster_sweep *sw, int64_t keep)
{
	int64_t	t = now_ms();

	if (!cluster_sweep_ready() || cluster.state != CL_UP)
		return;
	if (sw->gen == cluster.gen)
		return;		/* under way */
	if (sw->last != 0 && t - sw->last < CL_SWEEP_EVERY)
		return;
	sw->last = t;
	sw->gen = cluster.gen;
	sw->gone = 0;
	sw->now = t;
	sw->cut = t - keep;
	cluster_sweep_step(sw, "0");
}
