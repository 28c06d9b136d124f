/* SPDX-License-Identifier: ISC */
/* cluster-dm.c: a direct message to another hub is kept until it is taken. */

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
 * The bus forgets what it carries: a direct message published to a hub
 * that dies before it reads it would be lost, though its sender was told
 * it went.  So a hub that says it acknowledges (it is in the dmacks set)
 * answers each one with an "a" payload once it delivered it, held
 * it or told its sender it could not; the sending hub keeps the message
 * until then.  When the receiving hub is declared gone, or says nothing
 * for a while, or either hub was away from Redis, Redis looks for the
 * nick's session again (CS_DMAGAIN): the message waits in held:NICK if
 * the session waits for its resume (as one sent after the loss does),
 * goes to the hub that has the session now, or its sender is told it was
 * not delivered.  The receiving hub remembers the last ids it took, so
 * that one sent twice is shown once.  A hub that does not acknowledge (an
 * older one) is never sent one again.
 *
 * The sending hub may die too before the message is taken: so Redis keeps
 * it as well, in dmwait (see CS_DM), until the hub that takes it, or the
 * one that settles its fate, deletes it.  When a hub is gone, one of the
 * live hubs (this one restarted, perhaps) adopts what it kept there
 * (CS_DMADOPT) and sends it again, as its own.  A deletion Redis did not
 * answer (it was away) is made again at the next contact, before this
 * hub adopts anything (the same connection keeps the order), and the
 * other hubs wait a heartbeat's lifetime and the longest retry after
 * their own return before they call a hub gone (reap_after): a copy of
 * a message taken here is not adopted, sent again, or its sender told it
 * was not delivered.  A copy whose deletion died with the hub that took
 * it (Redis away until then) goes at the latest after its time in
 * dmwaitat (CS_HELDEXP), long after any hub would have adopted it.
 */

static void	cluster_dm_free(struct cluster_dm *);
static void	cluster_dm_done(struct cluster_dm *);
static void	cluster_dm_forget(uint64_t);
static void	cluster_dm_forget_send(uint64_t);
static void	cluster_dm_forget_cb(redisReply *, void *);
static int	cluster_dm_forgetting(uint64_t);
static int	cluster_dm_ring_has(const uint64_t *, uint64_t);
static void	cluster_dm_again(struct cluster_dm *, const char *);
static void	cluster_dm_adopt_cb(redisReply *, void *);

/* Free a kept message. */
static void
cluster_dm_free(struct cluster_dm *d)
{
	TAILQ_REMOVE(&cluster.dms, d, entry);
	cluster.ndms--;
	free(d->origin);
	free(d->from);
	free(d->to);
	free(d->frame);
	free(d);
}

/* A kept message's fate is settled: Redis forgets it too. */
static void
cluster_dm_done(struct cluster_dm *d)
{
	cluster_dm_forget(d->id);
	cluster_dm_free(d);
}

/*
 * Delete a direct message from dmwait: it was taken, or its sender told.
 * Its id is kept until Redis says it did, to delete it again at the next
 * contact if Redis was away (cluster_dm_forget_again).
 */
static void
cluster_dm_forget(uint64_t id)
{
	if (!cluster_dm_forgetting(id)) {
		if (cluster.ndmforget == CL_DM_FORGET) {
			log_warnx("cluster: too many DMs to delete from Redis; "
			    "the copy of %llu may stay",
			    (unsigned long long)cluster.dmforget[0]);
			memmove(cluster.dmforget, cluster.dmforget + 1,
			    (CL_DM_FORGET - 1) * sizeof *cluster.dmforget);
			cluster.ndmforget--;
		}
		cluster.dmforget[cluster.ndmforget++] = id;
	}
	cluster_dm_forget_send(id);
}

/* Is a deletion from dmwait waiting for Redis's answer? */
static int
cluster_dm_forgetting(uint64_t id)
{
	u_int	i;

	for (i = 0; i < cluster.ndmforget; i++) {
		if (cluster.dmforget[i] == id)
			return (1);
	}
	return (0);
}

/*
 * Send the deletion of a copy in dmwait, of its time in dmwaitat and of
 * its sending hub in dmwaithub.
 */
static void
cluster_dm_forget_send(uint64_t id)
{
	const char	*argv[3];
	char		 n[32];
	uint64_t	*arg;

	snprintf(n, sizeof n, "%llu", (unsigned long long)id);
	argv[0] = "ZREM";
	argv[1] = CL_PREFIX "dmwaitat";
	argv[2] = n;
	cluster_command(NULL, NULL, 3, argv, NULL);
	argv[0] = "HDEL";
	argv[1] = CL_PREFIX "dmwaithub";
	cluster_command(NULL, NULL, 3, argv, NULL);
	argv[0] = "HDEL";
	argv[1] = CL_PREFIX "dmwait";
	argv[2] = n;
	arg = xmalloc(sizeof *arg);
	*arg = id;
	if (cluster_command(cluster_dm_forget_cb, arg, 3, argv, NULL) != 0)
		free(arg);
}

/* Redis answered a deletion (NULL: it went away first; kept for later). */
static void
cluster_dm_forget_cb(redisReply *reply, void *arg)
{
	uint64_t	id = *(uint64_t *)arg;
	u_int		i;

	free(arg);
	if (reply == NULL || reply->type != REDIS_REPLY_INTEGER)
		return;
	for (i = 0; i < cluster.ndmforget; i++) {
		if (cluster.dmforget[i] != id)
			continue;
		memmove(cluster.dmforget + i, cluster.dmforget + i + 1,
		    (cluster.ndmforget - i - 1) * sizeof *cluster.dmforget);
		cluster.ndmforget--;
		return;
	}
}

/*
 * In contact again: delete the copies whose deletion Redis never
 * answered, before anything else of ours can read them (CS_DMADOPT).
 */
void
cluster_dm_forget_again(void)
{
	u_int	i;

	if (cluster.ndmforget > 0)
		log_info("cluster: deleting %u DMs taken while Redis was "
		    "away", cluster.ndmforget);
	for (i = 0; i < cluster.ndmforget; i++)
		cluster_dm_forget_send(cluster.dmforget[i]);
}

/* Is an id in a ring of CL_DM_SEEN? */
static int
cluster_dm_ring_has(const uint64_t *ring, uint64_t id)
{
	u_int	i;

	for (i = 0; i < CL_DM_SEEN; i++) {
		if (ring[i] == id)
			return (1);
	}
	return (0);
}

/*
 * A direct message was published to a hub that acknowledges: keep it
 * (its frame with its id) until it says it took it.  Past CL_DM_KEPT the
 * oldest is given up, its sender told it may not have been delivered.
 */
void
cluster_dm_sent(const char *hub, uint64_t id, const char *from,
    const char *to, const char *frame, size_t len)
{
	struct cluster_dm	*d;

	while (cluster.ndms >= CL_DM_KEPT &&
	    (d = TAILQ_FIRST(&cluster.dms)) != NULL && !d->busy) {
		log_warnx("cluster: too many direct messages not yet taken; "
		    "the one from %s to %s is not followed", d->from, d->to);
		session_dm_tell(d->to, d->from, "dm_unsure", 0);
		cluster_dm_done(d);
	}
	/*
	 * Taken already: the acknowledgement came on the bus before
	 * Redis's answer on the other connection.
	 */
	if (cluster_dm_ring_has(cluster.dmacked, id)) {
		log_debug("cluster: the DM %llu was taken before Redis "
		    "answered", (unsigned long long)id);
		cluster_dm_forget(id);
		return;
	}
	d = xcalloc(1, sizeof *d);
	d->id = id;
	snprintf(d->hub, sizeof d->hub, "%s", hub);
	d->from = xstrdup(from);
	d->to = xstrdup(to);
	d->frame = xstrndup(frame, len);
	d->len = len;
	d->sent = now_ms();
	TAILQ_INSERT_TAIL(&cluster.dms, d, entry);
	cluster.ndms++;
}

/*
 * A hub took a message ("a" on the bus); ids are the cluster's, so the
 * id alone says which.  One not kept may still be on its way from Redis
 * (cluster_dm_sent): its id is remembered for a while.
 */
void
cluster_dm_acked(const char *id)
{
	struct cluster_dm	*d;
	long long		 n;

	if (parse_number(id, 1, INT64_MAX, &n) != 0)
		return;
	TAILQ_FOREACH(d, &cluster.dms, entry) {
		if (d->id != (uint64_t)n)
			continue;
		if (d->busy)
			d->acked = 1;	/* freed when Redis answers */
		else
			cluster_dm_done(d);
		return;
	}
	if (!cluster_dm_ring_has(cluster.dmacked, (uint64_t)n)) {
		cluster.dmacked[cluster.dmacked_at] = (uint64_t)n;
		cluster.dmacked_at = (cluster.dmacked_at + 1) % CL_DM_SEEN;
	}
}

/*
 * Send again what a hub (NULL: any) has not acknowledged: it was declared
 * gone (gone names it), or it is back in contact after losing Redis, or
 * this hub is (gone ""), and the bus may have dropped the message or its
 * acknowledgement meanwhile.
 */
void
cluster_dm_again_hub(const char *hub, const char *gone)
{
	struct cluster_dm	*d, *next;

	for (d = TAILQ_FIRST(&cluster.dms); d != NULL; d = next) {
		next = TAILQ_NEXT(d, entry);
		if (!d->busy && (hub == NULL || strcmp(d->hub, hub) == 0))
			cluster_dm_again(d, gone);
	}
}

/*
 * Each heartbeat: a message a live hub has not acknowledged within
 * CL_DM_ACK_BEATS beats (its bus connection may have dropped it) is sent
 * again; after CL_DM_TRIES, its sender is told it may not have arrived.
 */
void
cluster_dm_check(void)
{
	struct cluster_dm	*d, *next;
	int64_t			 cut;

	cut = now_ms() - (int64_t)cluster.ttl * 1000 * CL_DM_ACK_BEATS /
	    CR_CLUSTER_BEATS;
	for (d = TAILQ_FIRST(&cluster.dms); d != NULL; d = next) {
		next = TAILQ_NEXT(d, entry);
		if (d->busy || d->sent > cut)
			continue;
		if (d->tries >= CL_DM_TRIES) {
			log_info("cluster: hub %s never took the DM from %s "
			    "to %s", d->hub, d->from, d->to);
			session_dm_tell(d->to, d->from, "dm_unsure", 0);
			cluster_dm_done(d);
			continue;
		}
		cluster_dm_again(d, "");
	}
}

/*
 * What Redis made of a message sent again (see CS_DMAGAIN).  The
 * acknowledgement comes on the bus, the answer on the other connection,
 * in either order: one taken before the answer came (acked) is forgotten
 * now, but what Redis did with it is still logged.
 */
static void
cluster_dm_again_cb(redisReply *reply, void *arg)
{
	struct cluster_dm	*d = arg;
	redisReply		*e;

	d->busy = 0;
	if (cluster.state == CL_OFF)
		goto forget;
	if (reply == NULL || reply->type == REDIS_REPLY_ERROR) {
		if (d->acked)
			goto forget;
		return;		/* tried again on a later beat */
	}
	if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 2 &&
	    (e = reply->element[1])->type == REDIS_REPLY_STRING &&
	    e->len < sizeof d->hub) {
		/* Published to the hub that has the session now. */
		if (strcmp(d->hub, e->str) == 0)
			log_info("cluster: a DM from %s to %s sent again to "
			    "hub %s", d->from, d->to, d->hub);
		else
			log_info("cluster: a DM from %s to %s, not taken by "
			    "hub %s, sent on to hub %s", d->from, d->to,
			    d->hub, e->str);
		if (d->acked)
			goto forget;
		snprintf(d->hub, sizeof d->hub, "%s", e->str);
		return;
	}
	if (d->acked)
		goto forget;	/* taken: its sender has nothing to hear */
	if (reply->type == REDIS_REPLY_INTEGER && reply->integer < 0) {
		log_info("cluster: a DM from %s to %s, whose hub was lost, "
		    "waits for the resume", d->from, d->to);
		session_dm_tell(d->to, d->from, "dm_held",
		    server_options()->resume_seconds);
	} else if (reply->type == REDIS_REPLY_STRING &&
	    strcmp(reply->str, "full") == 0) {
		log_info("cluster: a DM from %s to %s, whose hub was lost, "
		    "was not kept (%d waiting)", d->from, d->to, CR_DM_HELD);
		session_dm_tell(d->to, d->from, "dm_full", 0);
	} else if (reply->type == REDIS_REPLY_INTEGER && reply->integer == 0) {
		log_info("cluster: a DM from %s to %s, whose hub was lost, "
		    "was not delivered", d->from, d->to);
		session_dm_tell(d->to, d->from, "dm_expired", 0);
	}
	/* Else published to a hub that does not acknowledge: done. */
forget:
	cluster_dm_done(d);
}

/*
 * Send a message again through Redis: its hub was declared gone (gone
 * names it), or said nothing in time (gone "").
 */
static void
cluster_dm_again(struct cluster_dm *d, const char *gone)
{
	const char	*args[12];
	size_t		 lens[12];
	char		*key, *header, *origin, life[32], most[16], until[32];
	char		 id[32];
	long long	 window;

	d->tries++;
	d->sent = now_ms();
	key = utf8_casefold(d->to);
	/*
	 * Its receiver is here now (the message was adopted, or its user
	 * moved here): to this hub, through the bus, which checks it and
	 * shows it once, as from another hub (the one that sent it first,
	 * if adopted), and acknowledges it.
	 */
	if (session_find_nick(key) != NULL) {
		snprintf(d->hub, sizeof d->hub, "%s", cluster.hub);
		xasprintf(&header, "d\t%s\t%s\t%s%s%s", cluster.hub, key,
		    cluster.hub, d->origin != NULL ? "\t" : "",
		    d->origin != NULL ? d->origin : "");
		cluster_bus_publish(header, strlen(header), d->frame, d->len);
		free(header);
		free(key);
		return;
	}
	window = (long long)server_options()->resume_seconds * 1000;
	snprintf(life, sizeof life, "%lld", window + CL_HELD_GRACE);
	snprintf(most, sizeof most, "%d", CR_DM_HELD);
	snprintf(until, sizeof until, "%lld", (long long)now_ms() + window);
	args[0] = CL_PREFIX "nicks";
	args[1] = key;
	args[2] = d->frame;
	args[3] = life;
	args[4] = most;
	args[5] = until;
	args[6] = cluster.hub;
	args[7] = gone;
	snprintf(id, sizeof id, "%llu", (unsigned long long)d->id);
	args[8] = id;
	/* One adopted names the hub that sent it first. */
	origin = cluster_bus_dm_origin_value();
	args[9] = d->origin != NULL ? d->origin : origin;
	args[10] = d->origin != NULL ? "1" : "";
	args[11] = d->from;
	lens[0] = lens[1] = (size_t)-1;
	lens[2] = d->len;
	lens[3] = lens[4] = lens[5] = lens[6] = lens[7] = (size_t)-1;
	lens[8] = lens[9] = lens[10] = lens[11] = (size_t)-1;
	if (cluster_script_eval(CS_DMAGAIN, 1, 12, args, lens,
	    cluster_dm_again_cb, d) == 0)
		d->busy = 1;
	free(origin);
	free(key);
}

/*
 * A direct message from another hub, by its id: was it taken here
 * already (sent again, its acknowledgement lost)?  If not, it is noted.
 */
int
cluster_dm_seen(uint64_t id)
{
	if (cluster_dm_ring_has(cluster.dmseen, id))
		return (1);
	cluster.dmseen[cluster.dmseen_at] = id;
	cluster.dmseen_at = (cluster.dmseen_at + 1) % CL_DM_SEEN;
	return (0);
}

/*
 * Tell the hub that sent a direct message (from a nick there) that it
 * was taken here, by session to (NULL if it was not, or was taken
 * already).  If to is away and has not told this sender yet, the
 * acknowledgement also carries the away notice for the sender, as a
 * sender on this hub has it: so the sender is told once per away
 * message, whichever hub it is on, and with the away as it was when the
 * message arrived.  A hub that does not know it reads only the id.
 */
void
cluster_dm_ack(const char *hub, uint64_t id, const char *from,
    struct session *to)
{
	struct hub_event	 ev;
	struct server_event	 out;
	const char		*away = NULL, *line = NULL;
	char			*header;
	size_t			 len = 0;

	/* Taken, or its sender told: its sending hub may be gone. */
	cluster_dm_forget(id);
	if (to != NULL)
		away = server_people_dm_away(from, to);
	if (away == NULL) {
		xasprintf(&header, "a\t%s\t%llu", hub,
		    (unsigned long long)id);
		cluster_bus_publish(header, strlen(header), NULL, 0);
		free(header);
		return;
	}
	memset(&ev, 0, sizeof ev);
	ev.type = PROTO_NOTICE;
	ev.code = "away";
	ev.subject = to->nick;
	ev.text = away;
	server_event_init(&out, &ev);
	line = server_event_bytes(&out, SERVER_CODEC_JSON, &len);
	xasprintf(&header, "a\t%s\t%llu\t%s", hub, (unsigned long long)id,
	    from);
	cluster_bus_publish(header, strlen(header), line, line != NULL ?
	    len : 0);
	free(header);
	server_event_free(&out);
}

/*
 * Adopt the direct messages in dmwait whose sending hub is gone (see
 * CS_DMADOPT): at most as many as this hub may still keep.
 */
void
cluster_dm_adopt(void)
{
	const char	*args[4];
	char		 most[16];

	if (cluster.state != CL_UP || cluster.ndms >= CL_DM_KEPT)
		return;
	snprintf(most, sizeof most, "%u", CL_DM_KEPT - cluster.ndms);
	args[0] = CL_PREFIX "dmwait";
	args[1] = CL_PREFIX "hubs";
	args[2] = cluster.hub;
	args[3] = most;
	cluster_script_eval(CS_DMADOPT, 2, 4, args, NULL, cluster_dm_adopt_cb,
	    NULL);
}

/*
 * The messages adopted ({id, "HUB\tFROM\tTO\tOHUB\tONAME\nFRAME", ...}):
 * kept as this hub's and sent again at once, their sending hub being
 * gone; the hub that sent one first (OHUB, its IRC name ONAME) stays its
 * sender's hub where it arrives.  The frame is checked there, as any
 * from the bus.
 */
static void
cluster_dm_adopt_cb(redisReply *reply, void *arg)
{
	struct cluster_dm	*d;
	redisReply		*k, *v;
	char			*f[5], *head, *nl, *o, *ohub, *oname;
	long long		 id;
	size_t			 i;
	u_int			 n;

	(void)arg;
	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY ||
	    cluster.state == CL_OFF)
		return;
	for (i = 0; i + 1 < reply->elements; i += 2) {
		k = reply->element[i];
		v = reply->element[i + 1];
		if (k->type != REDIS_REPLY_STRING ||
		    v->type != REDIS_REPLY_STRING ||
		    parse_number(k->str, 1, INT64_MAX, &id) != 0 ||
		    (nl = memchr(v->str, '\n', v->len)) == NULL)
			continue;
		/*
		 * Taken here, or settled, its deletion not yet done: its
		 * sender has nothing more to hear.
		 */
		if (cluster_dm_forgetting((uint64_t)id) ||
		    cluster_dm_ring_has(cluster.dmseen, (uint64_t)id)) {
			log_info("cluster: a DM adopted (%lld) was taken "
			    "already", id);
			cluster_dm_forget((uint64_t)id);
			continue;
		}
		head = xstrndup(v->str, nl - v->str);
		n = cluster_bus_fields(head, f, 5);
		if (n < 3 || !cluster_bus_good_nick(f[1]) ||
		    !cluster_bus_good_nick(f[2])) {
			free(head);
			cluster_dm_forget(id);
			continue;
		}
		log_info("cluster: a DM from %s to %s, whose hub is gone, "
		    "not yet taken: sent again from here", f[1], f[2]);
		d = xcalloc(1, sizeof *d);
		d->id = id;
		d->from = xstrdup(f[1]);
		d->to = xstrdup(f[2]);
		d->len = v->len - (nl + 1 - v->str);
		d->frame = xstrndup(nl + 1, d->len);
		if (n == 5) {
			xasprintf(&o, "%s\t%s", f[3], f[4]);
			cluster_bus_dm_origin_parse(o, strlen(o), &ohub,
			    &oname);
			if (ohub != NULL && strcmp(ohub, cluster.hub) != 0)
				xasprintf(&d->origin, "%s\t%s", ohub,
				    oname != NULL ? oname : "");
			free(ohub);
			free(oname);
			free(o);
		}
		TAILQ_INSERT_TAIL(&cluster.dms, d, entry);
		cluster.ndms++;
		free(head);
		cluster_dm_again(d, "");
	}
}

/* Forget every kept message (at exit); Redis keeps them for a live hub. */
void
cluster_dm_free_all(void)
{
	struct cluster_dm	*d;

	while ((d = TAILQ_FIRST(&cluster.dms)) != NULL)
		cluster_dm_free(d);
}
