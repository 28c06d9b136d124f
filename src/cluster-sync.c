/* SPDX-License-Identifier: ISC */
/* cluster-sync.c: a hub in contact with Redis again catches up. */

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
 * On every connection (the first, or after a split) the hub loads the
 * scripts, takes a block of ids, sends its sessions and rooms, then reads
 * back the rooms, the other hubs' members and the messages it missed, one
 * step per command; the bus is held meanwhile (cluster-bus.c) and
 * delivered when the last step is done.
 */

/* What a synchronisation step needs to know. */
struct cluster_step {
	u_int		  gen;
	char		 *key;
	int		  n;		/* a stream read backwards; a script */
};

/* A room's members on other hubs, as clients were last told. */
struct cluster_was {
	struct room	 *room;
	struct rmember	 *remote;
	u_int		  nremote;
};

static void	cluster_sync_done(void);

/* Count a sync step done; the last one finishes the sync. */
static int
cluster_sync_step_done(struct cluster_step *st)
{
	int	current = st->gen == cluster.gen && cluster.state == CL_SYNCING;

	free(st->key);
	free(st);
	if (!current)
		return (0);
	if (--cluster.sync_pending == 0)
		cluster_sync_done();
	return (1);
}

/* A new step of the sync. */
static struct cluster_step *
cluster_sync_step_new(const char *key, int n)
{
	struct cluster_step	*st;

	st = xcalloc(1, sizeof *st);
	st->gen = cluster.gen;
	st->key = key != NULL ? xstrdup(key) : NULL;
	st->n = n;
	cluster.sync_pending++;
	return (st);
}

/* Hold the sync until another file's step is done (cluster-claim.c). */
void *
cluster_sync_hold(void)
{
	return (cluster_sync_step_new(NULL, 0));
}

/* That step is done. */
void
cluster_sync_release(void *step)
{
	cluster_sync_step_done(step);
}

/* SCRIPT LOAD: the name must be what we computed. */
static void
cluster_sync_script_cb(redisReply *reply, void *arg)
{
	struct cluster_step	*st = arg;
	int			 ok;

	ok = reply != NULL && reply->type == REDIS_REPLY_STRING &&
	    cluster_script_check(st->n, reply->str);
	if (reply != NULL && !ok && st->gen == cluster.gen)
		cluster_lost("Redis refused a script (Redis 6.2 or later "
		    "is needed)");
	cluster_sync_step_done(st);
}

/* SYNC: our block of ids for a split. */
static void
cluster_sync_block_cb(redisReply *reply, void *arg)
{
	struct cluster_step	*st = arg;

	if (reply != NULL && reply->type == REDIS_REPLY_INTEGER &&
	    st->gen == cluster.gen)
		cluster_split_set_block(reply->integer);
	cluster_sync_step_done(st);
}

/*
 * A session of ours sent again after a split (or at start, restored from
 * the history file): kept, or another hub has the nick now.  Then the
 * session ends here, and the local users sharing a room with it see it
 * quit, so that their lists agree with the hub's.
 */
static void
cluster_sync_reclaim_cb(redisReply *reply, void *arg)
{
	struct cluster_step	*st = arg;
	struct session		*s;
	struct room		**rooms;
	struct hub_event	 ev;
	struct server_event	 out;
	const char		*status = cluster_nick_claim_status(reply);
	char			*nick;
	u_int			 n;

	/* Kept: what was held for it while no hub had it (see CS_DM). */
	if (status != NULL && strcmp(status, "taken") != 0 &&
	    st->gen == cluster.gen && (s = session_find_nick(st->key)) !=
	    NULL && s->client == NULL)
		cluster_bus_held_take(st->key);
	if (status != NULL && strcmp(status, "taken") == 0 &&
	    st->gen == cluster.gen &&
	    (s = session_find_nick(st->key)) != NULL) {
		nick = xstrdup(s->nick);
		n = s->nrooms;
		rooms = xreallocarray(NULL, n > 0 ? n : 1, sizeof *rooms);
		memcpy(rooms, s->rooms, n * sizeof *rooms);
		memset(&ev, 0, sizeof ev);
		ev.type = PROTO_SIGNOFF;
		ev.nick = nick;
		ev.ts = now_ms();
		if (cluster.ever_up) {
			log_warnx("cluster: %s was taken on another hub during "
			    "the split", nick);
			server_login_takeover_remote(s, PERR_NICK_TAKEN,
			    "while the cluster was split, another hub gave "
			    "this nick away");
			ev.reason = "nick taken on another hub during the "
			    "split";
		} else {
			/* A restart: the user went on on another hub. */
			log_info("cluster: %s is on another hub now", nick);
			server_login_takeover_remote(s, PERR_NICK_TAKEN,
			    "the session went on on another hub");
			ev.reason = "moved to another hub";
		}
		server_event_init(&out, &ev);
		session_fanout_rooms(rooms, n, &out);
		server_event_free(&out);
		free(rooms);
		free(nick);
	}
	cluster_sync_step_done(st);
}

/* Order member entries by case-folded nick. */
static int
cluster_sync_member_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct rmember *)a)->key,
	    ((const struct rmember *)b)->key));
}

/* A room's remote members, sorted, to compare with after a reload. */
static void
cluster_sync_members(struct room *room, struct rmember **out, u_int *n)
{
	*n = room->nremote;
	*out = xreallocarray(NULL, *n > 0 ? *n : 1, sizeof **out);
	if (*n == 0)
		return;		/* room->remote may be NULL */
	memcpy(*out, room->remote, *n * sizeof **out);
	qsort(*out, *n, sizeof **out, cluster_sync_member_cmp);
}

/* Tell a room's local members that a remote member joined or left. */
static void
cluster_sync_tell(struct room *room, enum proto_type type, const char *nick)
{
	struct hub_event	ev;
	struct server_event	out;

	memset(&ev, 0, sizeof ev);
	ev.type = type;
	ev.room = room->name;
	ev.nick = nick;
	ev.ts = now_ms();
	server_event_init(&out, &ev);
	session_fanout_rooms(&room, 1, &out);
	server_event_free(&out);
}

/*
 * The remote members were reloaded: tell local clients who left and who
 * joined meanwhile (renames and quits of a split, a hub back with its
 * users), so their member lists agree with /names.  was holds the old
 * lists (their strings are freed here).
 */
static void
cluster_sync_tell_changes(struct cluster_was *was, u_int nwas, int tell)
{
	struct room	*room;
	struct rmember	*now, *old;
	u_int		 i, a, b, nnow, nold;
	int		 cmp;

	for (i = 0; i < nwas; i++) {
		room = was[i].room;
		old = was[i].remote;
		nold = was[i].nremote;
		cluster_sync_members(room, &now, &nnow);
		for (a = b = 0; tell && (a < nold || b < nnow);) {
			if (a == nold)
				cmp = 1;
			else if (b == nnow)
				cmp = -1;
			else
				cmp = strcmp(old[a].key, now[b].key);
			if (cmp < 0) {
				if (session_find_nick(old[a].nick) == NULL)
					cluster_sync_tell(room, PROTO_LEFT,
					    old[a].nick);
				a++;
			} else if (cmp > 0)
				cluster_sync_tell(room, PROTO_JOINED,
				    now[b++].nick);
			else {
				a++;
				b++;
			}
		}
		for (a = 0; a < nold; a++) {
			free(old[a].nick);
			free(old[a].key);
			free(old[a].hub);
		}
		free(old);
		free(now);
	}
	free(was);
}

/* The remote members, from the other hubs' entries. */
static void
cluster_sync_load_cb(redisReply *reply, void *arg)
{
	struct cluster_step	*st = arg;
	struct room		*room;
	struct cluster_was	*was;
	char			*copy, *f[CR_ROOMS_PER_CLIENT + 3];
	size_t			 i;
	u_int			 n, j, nwas = 0;

	if (reply != NULL && reply->type == REDIS_REPLY_ARRAY &&
	    st->gen == cluster.gen) {
		/* What clients were told: kept to compare after. */
		was = xreallocarray(NULL, room_count() + 1, sizeof *was);
		TAILQ_FOREACH(room, &room_list, entry) {
			if (nwas == room_count())
				break;
			was[nwas].room = room;
			cluster_sync_members(room, &was[nwas].remote,
			    &was[nwas].nremote);
			for (j = 0; j < was[nwas].nremote; j++) {
				was[nwas].remote[j].nick =
				    xstrdup(was[nwas].remote[j].nick);
				was[nwas].remote[j].key =
				    xstrdup(was[nwas].remote[j].key);
				was[nwas].remote[j].hub =
				    xstrdup(was[nwas].remote[j].hub);
			}
			nwas++;
		}
		room_remote_clear();
		for (i = 0; i < reply->elements; i++) {
			if (reply->element[i]->type != REDIS_REPLY_STRING)
				continue;
			copy = xstrdup(reply->element[i]->str);
			n = cluster_bus_fields(copy, f, sizeof f / sizeof f[0]);
			if (n < 3 || !utf8_valid(f[2], strlen(f[2])) ||
			    !cluster_bus_good_nick(f[2]))
				n = 0;
			for (j = 3; j < n; j++) {
				room = cluster_bus_find_room(f[j], f[j]);
				if (room != NULL)
					room_remote_add(room, f[2], f[0]);
			}
			free(copy);
		}
		/* (At the first contact nobody was told of anyone.) */
		cluster_sync_tell_changes(was, nwas, cluster.ever_up);
	}
	if (st->n == 1) {		/* a reload, not a sync step */
		free(st->key);
		free(st);
		return;
	}
	cluster_sync_step_done(st);
}

/* Reload the remote members (another hub resynchronised). */
void
cluster_sync_reload(void)
{
	struct cluster_step	*st;
	const char		*args[2] = { CL_PREFIX "nicks", cluster.hub };

	cluster_claim_load(0);

	st = xcalloc(1, sizeof *st);
	st->gen = cluster.gen;
	st->n = 1;
	if (cluster_script_eval(CS_LOAD, 1, 2, args, NULL,
	    cluster_sync_load_cb, st) != 0)
		free(st);
}

/* A room's stream: what this hub missed. */
static void
cluster_sync_stream_cb(redisReply *reply, void *arg)
{
	struct cluster_step	*st = arg;
	struct room		*room;
	redisReply		*e, *fields;
	size_t			 i, k, j;

	if (reply != NULL && reply->type == REDIS_REPLY_ARRAY &&
	    st->gen == cluster.gen && (room = room_find(st->key)) != NULL) {
		for (k = 0; k < reply->elements; k++) {
			i = st->n ? reply->elements - 1 - k : k;
			e = reply->element[i];
			if (e->type != REDIS_REPLY_ARRAY || e->elements != 2 ||
			    e->element[0]->type != REDIS_REPLY_STRING)
				continue;
			fields = e->element[1];
			for (j = 0; j + 1 < fields->elements; j += 2) {
				if (strcmp(fields->element[j]->str, "f") == 0)
					cluster_bus_ingest(st->key,
					    fields->element[j + 1]->str,
					    fields->element[j + 1]->len);
			}
			snprintf(room->mark, sizeof room->mark, "%s",
			    e->element[0]->str);
		}
	}
	cluster_sync_step_done(st);
}

/* The rooms Redis knows: create ours, then read the streams. */
static void
cluster_sync_rooms_cb(redisReply *reply, void *arg)
{
	struct cluster_step	*st = arg;
	struct room		*room;
	char			*copy, *f[3], *stream, start[64], count[32];
	const char		*args[2] = { CL_PREFIX "nicks", cluster.hub };
	const char		*argv[6];
	size_t			 i;

	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY ||
	    st->gen != cluster.gen || cluster.state != CL_SYNCING) {
		cluster_sync_step_done(st);
		return;
	}
	for (i = 0; i + 1 < reply->elements; i += 2) {
		if (reply->element[i + 1]->type != REDIS_REPLY_STRING)
			continue;
		copy = xstrdup(reply->element[i + 1]->str);
		if (cluster_bus_fields(copy, f, 3) == 3)
			cluster_bus_room_created(f, 3);
		free(copy);
	}

	cluster_script_eval(CS_LOAD, 1, 2, args, NULL, cluster_sync_load_cb,
	    cluster_sync_step_new(NULL, 0));
	snprintf(count, sizeof count, "%d", server_options()->history_size);
	TAILQ_FOREACH(room, &room_list, entry) {
		xasprintf(&stream, CL_PREFIX "room:%s", room->key);
		if (room->mark[0] != '\0') {
			snprintf(start, sizeof start, "(%s", room->mark);
			argv[0] = "XRANGE";
			argv[1] = stream;
			argv[2] = start;
			argv[3] = "+";
			cluster_command(cluster_sync_stream_cb,
			    cluster_sync_step_new(room->key, 0), 4, argv, NULL);
		} else {
			argv[0] = "XREVRANGE";
			argv[1] = stream;
			argv[2] = "+";
			argv[3] = "-";
			argv[4] = "COUNT";
			argv[5] = count;
			cluster_command(cluster_sync_stream_cb,
			    cluster_sync_step_new(room->key, 1), 6, argv, NULL);
		}
		free(stream);
	}
	cluster_sync_step_done(st);
}

/*
 * In contact again (or for the first time): load the scripts, take a
 * block of ids, send our sessions and rooms, then read back the rooms,
 * the other hubs' members and the messages we missed.  The bus is held
 * meanwhile and delivered after.
 */
void
cluster_sync_start(void)
{
	struct session	*s;
	struct room	*room;
	const char	*argv[4], *args[7];
	char		 maxid[32], block[32], ttl[16], *value;
	int		 i;

	cluster.state = CL_SYNCING;
	cluster.sync_pending = 1;		/* this function's own step */
	for (i = 0; i < CS_NSCRIPTS; i++)
		cluster_script_load(i, cluster_sync_script_cb,
		    cluster_sync_step_new(NULL, i));
	snprintf(maxid, sizeof maxid, "%llu",
	    (unsigned long long)server_next_id());
	snprintf(block, sizeof block, "%d", CR_CLUSTER_BLOCK);
	snprintf(ttl, sizeof ttl, "%d", cluster.ttl);
	args[0] = CL_PREFIX "id";
	args[1] = CL_PREFIX "nicks";
	args[2] = maxid;
	args[3] = block;
	args[4] = cluster.hub;
	args[5] = ttl;
	cluster_script_eval(CS_SYNC, 2, 6, args, NULL, cluster_sync_block_cb,
	    cluster_sync_step_new(NULL, 0));

	for (s = session_next(NULL); s != NULL; s = session_next(s)) {
		value = cluster_nick_entry(s);
		args[0] = CL_PREFIX "nicks";
		args[1] = s->key;
		args[2] = cluster.hub;
		args[3] = "";
		args[4] = value;
		args[5] = "";
		args[6] = "1";
		cluster_script_eval(CS_CLAIM, 1, 7, args, NULL,
		    cluster_sync_reclaim_cb, cluster_sync_step_new(s->key, 0));
		free(value);
	}
	cluster_claim_load(1);
	TAILQ_FOREACH(room, &room_list, entry)
		free(cluster_bus_room_store(room, "HSETNX"));
	argv[0] = "HGETALL";
	argv[1] = CL_PREFIX "rooms";
	cluster_command(cluster_sync_rooms_cb, cluster_sync_step_new(NULL, 0),
	    2, argv, NULL);
	cluster.last_beat = now_ms();
	if (--cluster.sync_pending == 0)
		cluster_sync_done();
}

/* In step: deliver the held bus, announce ourselves, send the outbox. */
static void
cluster_sync_done(void)
{
	char	*header;
	u_int	 i;

	cluster.state = CL_UP;
	cluster.backoff = 0;
	if (cluster.ever_up)		/* back after losing Redis */
		cluster.reap_after = now_ms() + cluster.ttl * 1000 +
		    CR_CLUSTER_BACKOFF_MAX;
	for (i = 0; i < cluster.nqueued && cluster.state == CL_UP; i++)
		cluster_bus(cluster.queued[i], cluster.queuedlen[i]);
	cluster_bus_drop_queued();
	if (cluster.state != CL_UP)
		return;

	xasprintf(&header, "s\t%s", cluster.hub);
	cluster_bus_publish(header, strlen(header), NULL, 0);
	free(header);

	if (!cluster_split_end())
		log_info("cluster: in contact with Redis at %s as hub %s",
		    cluster.url, cluster.hub);
	cluster.ever_up = 1;
}
