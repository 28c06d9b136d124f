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
#include "server-irc.h"
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

/*
 * Which session each remote member is (the hash of its token, as in its
 * entry in chatroom:nicks): learned at each reload and, for a member
 * that came meanwhile, from its entry when it joins.  After a split a
 * member gone under one nick and back under another with the same hash
 * is shown renamed, not as one leaving and another joining.
 */
struct cluster_id {
	char	*key;		/* case-folded nick */
	char	*hub;
	char	 hash[65];
};
struct cluster_ids {
	struct cluster_id	*v;
	u_int			 n;
};
static struct cluster_ids cluster_sync_ids;

/*
 * The ids this hub had before a restart, from its history file: given up
 * once the sessions they held are ours again (cluster_sync_give_up).
 */
static char	**cluster_sync_was;
static u_int	  cluster_sync_nwas;

/* A remote member pair for one room's change: renamed after a split. */
struct cluster_renamed {
	char		 *old;
	char		 *nick;
	struct room	**rooms;
	u_int		  nrooms;
};

static void	cluster_sync_done(void);
static void	cluster_sync_give_up(void);
static void	cluster_sync_note_was(const char *);
static void	cluster_sync_forget_was(void);

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
 * the history file, with the hub id it was on before the restart, which
 * the other hubs may not have given up yet): kept, or another hub has
 * the nick now.  Then the session ends here, and the local users sharing
 * a room with it see it quit, so that their lists agree with the hub's.
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

	/*
	 * Ours: what holds it, for a proved login on another hub (SYNC
	 * dropped the kinds entries); and what was held for it while no
	 * hub had it (see CS_DM).
	 */
	if (status != NULL && strcmp(status, "taken") != 0 &&
	    st->gen == cluster.gen && (s = session_find_nick(st->key)) !=
	    NULL) {
		/* Ours under this id now, not the one from before. */
		free(s->hub_was);
		s->hub_was = NULL;
		cluster_nick_own(s);
		if (s->client == NULL)
			cluster_bus_dm_held_take(st->key, 1);
		else	/* an IRC client may be new to the nick */
			cluster_bus_dm_held_take(st->key,
			    s->client->irc == NULL ? 1 : CLUSTER_HELD_ASK);
	}
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
			    "this nick away", NULL);
			ev.reason = "nick taken on another hub during the "
			    "split";
		} else {
			/* A restart: the user went on on another hub. */
			log_info("cluster: %s is on another hub now", nick);
			server_login_takeover_remote(s, PERR_NICK_TAKEN,
			    "the session went on on another hub", NULL);
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

/* The session a remote member is, by its case-folded nick. */
static struct cluster_id *
cluster_sync_id_find(struct cluster_ids *ids, const char *key)
{
	u_int	i;

	for (i = 0; i < ids->n; i++) {
		if (strcmp(ids->v[i].key, key) == 0)
			return (&ids->v[i]);
	}
	return (NULL);
}

/* Note the session of a remote member (from an entry's fields). */
static void
cluster_sync_id_set(struct cluster_ids *ids, const char *hub,
    const char *hash, const char *nick)
{
	struct cluster_id	*id;
	char			*key;

	if (strlen(hash) != 64 || strcmp(hub, cluster.hub) == 0)
		return;
	key = utf8_casefold(nick);
	if ((id = cluster_sync_id_find(ids, key)) == NULL) {
		ids->v = xreallocarray(ids->v, ids->n + 1, sizeof *ids->v);
		id = &ids->v[ids->n++];
		id->key = key;
		id->hub = NULL;
	} else
		free(key);
	free(id->hub);
	id->hub = xstrdup(hub);
	snprintf(id->hash, sizeof id->hash, "%s", hash);
}

/* Forget them all. */
static void
cluster_sync_ids_free(struct cluster_ids *ids)
{
	u_int	i;

	for (i = 0; i < ids->n; i++) {
		free(ids->v[i].key);
		free(ids->v[i].hub);
	}
	free(ids->v);
	ids->v = NULL;
	ids->n = 0;
}

/* HGET of a member's entry: which session it is. */
static void
cluster_sync_learn_cb(redisReply *reply, void *arg)
{
	char	*f[4], *copy;
	u_int	 gen = (u_int)(uintptr_t)arg;

	if (reply == NULL || reply->type != REDIS_REPLY_STRING ||
	    gen != cluster.gen)
		return;
	copy = xstrdup(reply->str);
	if (cluster_bus_fields(copy, f, 4) >= 3 &&
	    cluster_bus_good_nick(f[2]))
		cluster_sync_id_set(&cluster_sync_ids, f[0], f[1], f[2]);
	free(copy);
}

/* A member of another hub joined a room here: learn its session. */
void
cluster_sync_learn(const char *nick)
{
	const char	*argv[3];
	char		*key;

	if (cluster.state != CL_UP || cluster.stopping)
		return;
	key = utf8_casefold(nick);
	argv[0] = "HGET";
	argv[1] = CL_PREFIX "nicks";
	argv[2] = key;
	cluster_command(cluster_sync_learn_cb, (void *)(uintptr_t)cluster.gen,
	    3, argv, NULL);
	free(key);
}

/* Forget one member's session (a quit, or its old nick). */
void
cluster_sync_unlearn(const char *nick)
{
	struct cluster_ids	*ids = &cluster_sync_ids;
	struct cluster_id	*id;
	char			*key;

	key = utf8_casefold(nick);
	if ((id = cluster_sync_id_find(ids, key)) != NULL) {
		free(id->key);
		free(id->hub);
		*id = ids->v[--ids->n];
	}
	free(key);
}

/* A member of another hub changed its nick: the same session. */
void
cluster_sync_learn_rename(const char *old, const char *nick)
{
	struct cluster_id	*id;
	char			*key, *hub, hash[65];

	key = utf8_casefold(old);
	if ((id = cluster_sync_id_find(&cluster_sync_ids, key)) != NULL) {
		hub = xstrdup(id->hub);
		snprintf(hash, sizeof hash, "%s", id->hash);
		cluster_sync_unlearn(old);
		cluster_sync_id_set(&cluster_sync_ids, hub, hash, nick);
		free(hub);
	}
	free(key);
}

/* Forget what was learned (at exit). */
void
cluster_sync_forget(void)
{
	cluster_sync_ids_free(&cluster_sync_ids);
	cluster_sync_forget_was();
}

/*
 * A member gone from a room after a reload: the member that came back
 * in its place under another nick, by the same session, or NULL.
 */
static struct rmember *
cluster_sync_same(struct rmember *old, struct rmember *now, u_int nnow,
    struct cluster_ids *was, struct cluster_ids *is, const char *taken)
{
	struct cluster_id	*a, *b;
	u_int			 i;

	if ((a = cluster_sync_id_find(was, old->key)) == NULL)
		return (NULL);
	for (i = 0; i < nnow; i++) {
		if (taken[i] || strcmp(now[i].hub, old->hub) != 0 ||
		    (b = cluster_sync_id_find(is, now[i].key)) == NULL)
			continue;
		if (strcmp(a->hash, b->hash) == 0 &&
		    cluster_sync_id_find(is, old->key) == NULL)
			return (&now[i]);
	}
	return (NULL);
}

/* Note a rename seen in one room (the same pair in several: once). */
static void
cluster_sync_renamed_add(struct cluster_renamed **list, u_int *n,
    struct room *room, const char *old, const char *nick)
{
	struct cluster_renamed	*r;
	u_int			 i;

	for (i = 0; i < *n; i++) {
		r = &(*list)[i];
		if (strcmp(r->old, old) == 0 && strcmp(r->nick, nick) == 0)
			break;
	}
	if (i == *n) {
		*list = xreallocarray(*list, *n + 1, sizeof **list);
		r = &(*list)[(*n)++];
		r->old = xstrdup(old);
		r->nick = xstrdup(nick);
		r->rooms = NULL;
		r->nrooms = 0;
	}
	r->rooms = xreallocarray(r->rooms, r->nrooms + 1, sizeof *r->rooms);
	r->rooms[r->nrooms++] = room;
}

/* Tell the local members of its rooms once of each rename. */
static void
cluster_sync_renamed_tell(struct cluster_renamed *list, u_int n)
{
	struct hub_event	ev;
	struct server_event	out;
	u_int			i;

	for (i = 0; i < n; i++) {
		memset(&ev, 0, sizeof ev);
		ev.type = PROTO_RENAMED;
		ev.old = list[i].old;
		ev.nick = list[i].nick;
		ev.ts = now_ms();
		server_event_init(&out, &ev);
		session_fanout_rooms(list[i].rooms, list[i].nrooms, &out);
		server_event_free(&out);
		free(list[i].old);
		free(list[i].nick);
		free(list[i].rooms);
	}
	free(list);
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

/*
 * Tell a room's local members that a remote member (nick, of hub) joined,
 * left or is back.
 */
void
cluster_sync_tell(struct room *room, enum proto_type type, const char *nick,
    const char *hub)
{
	struct hub_event	ev;
	struct server_event	out;

	memset(&ev, 0, sizeof ev);
	ev.type = type;
	ev.room = room->name;
	ev.nick = nick;
	ev.host = server_irc_hub_name(hub);
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
cluster_sync_tell_changes(struct cluster_was *was, u_int nwas, int tell,
    struct cluster_ids *is)
{
	struct room		*room;
	struct rmember		*now, *old, *same;
	struct cluster_renamed	*renamed = NULL;
	u_int			 i, a, b, nnow, nold, nrenamed = 0;
	char			*taken;
	int			 cmp;

	for (i = 0; i < nwas; i++) {
		room = was[i].room;
		old = was[i].remote;
		nold = was[i].nremote;
		cluster_sync_members(room, &now, &nnow);
		/* First the renames: those joined are not told as joined. */
		taken = xcalloc(nnow + 1, 1);
		for (a = b = 0; tell && (a < nold || b < nnow);) {
			if (a == nold)
				cmp = 1;
			else if (b == nnow)
				cmp = -1;
			else
				cmp = strcmp(old[a].key, now[b].key);
			if (cmp < 0) {
				if (session_find_nick(old[a].nick) == NULL &&
				    (same = cluster_sync_same(&old[a], now,
				    nnow, &cluster_sync_ids, is, taken)) !=
				    NULL) {
					taken[same - now] = 1;
					cluster_sync_renamed_add(&renamed,
					    &nrenamed, room, old[a].nick,
					    same->nick);
				} else if (session_find_nick(old[a].nick) ==
				    NULL)
					cluster_sync_tell(room, PROTO_LEFT,
					    old[a].nick, old[a].hub);
				a++;
			} else if (cmp > 0)
				b++;
			else {
				a++;
				b++;
			}
		}
		for (a = b = 0; tell && (a < nold || b < nnow);) {
			if (a == nold)
				cmp = 1;
			else if (b == nnow)
				cmp = -1;
			else
				cmp = strcmp(old[a].key, now[b].key);
			if (cmp < 0)
				a++;
			else if (cmp > 0) {
				if (!taken[b])
					cluster_sync_tell(room, PROTO_JOINED,
					    now[b].nick, now[b].hub);
				b++;
			} else {
				a++;
				b++;
			}
		}
		free(taken);
		for (a = 0; a < nold; a++) {
			free(old[a].nick);
			free(old[a].key);
			free(old[a].hub);
		}
		free(old);
		free(now);
	}
	free(was);
	cluster_sync_renamed_tell(renamed, nrenamed);
}

/* Was a remote member listed in any room before the reload? */
static int
cluster_sync_was_listed(struct cluster_was *was, u_int nwas,
    const char *nick)
{
	struct rmember	 find;
	u_int		 i;
	int		 found = 0;

	memset(&find, 0, sizeof find);
	find.key = utf8_casefold(nick);
	for (i = 0; i < nwas && !found; i++) {
		if (was[i].nremote > 0 && bsearch(&find, was[i].remote,
		    was[i].nremote, sizeof *was[i].remote,
		    cluster_sync_member_cmp) != NULL)
			found = 1;
	}
	free(find.key);
	return (found);
}

/*
 * The remote members, from the other hubs' entries (each followed by
 * "lost" if its session waits for its client).  A session that waits
 * and was listed nowhere is not listed: one a hub kept over its restart
 * is not seen joining where its users saw it quit with the hub, but
 * back when its client resumes it (cluster_bus_peers).  At the first
 * contact nobody was told of anyone, and it is listed as any member is.
 */
static void
cluster_sync_load_cb(redisReply *reply, void *arg)
{
	struct cluster_step	*st = arg;
	struct room		*room;
	struct cluster_was	*was;
	struct cluster_ids	 is = { NULL, 0 };
	redisReply		*e, *k;
	char			*copy, *f[CR_ROOMS_PER_CLIENT + 3];
	size_t			 i;
	u_int			 n, j, nwas = 0;
	int			 lost;

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
		for (i = 0; i + 1 < reply->elements; i += 2) {
			e = reply->element[i];
			k = reply->element[i + 1];
			if (e->type != REDIS_REPLY_STRING)
				continue;
			lost = cluster.ever_up &&
			    k->type == REDIS_REPLY_STRING &&
			    strcmp(k->str, "lost") == 0;
			copy = xstrdup(e->str);
			n = cluster_bus_fields(copy, f, sizeof f / sizeof f[0]);
			if (n < 3 || !utf8_valid(f[2], strlen(f[2])) ||
			    !cluster_bus_good_nick(f[2]))
				n = 0;
			else {
				cluster_sync_id_set(&is, f[0], f[1], f[2]);
				cluster_away_lost(f[2], f[0],
				    k->type == REDIS_REPLY_STRING &&
				    strcmp(k->str, "lost") == 0);
			}
			if (n >= 3 && lost &&
			    !cluster_sync_was_listed(was, nwas, f[2]))
				n = 0;
			for (j = 3; j < n; j++) {
				room = cluster_bus_find_room(f[j], f[j]);
				if (room != NULL)
					room_remote_add(room, f[2], f[0]);
			}
			free(copy);
		}
		/* (At the first contact nobody was told of anyone.) */
		cluster_sync_tell_changes(was, nwas, cluster.ever_up, &is);
		/* What Redis has now is who they are. */
		cluster_sync_ids_free(&cluster_sync_ids);
		cluster_sync_ids = is;
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
	cluster_ban_load(0);

	st = xcalloc(1, sizeof *st);
	st->gen = cluster.gen;
	st->n = 1;
	cluster_away_load();
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
	redisReply		*e, *fields, *frame, *origin;
	char			*hub, *host;
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
			frame = origin = NULL;
			for (j = 0; j + 1 < fields->elements; j += 2) {
				if (strcmp(fields->element[j]->str, "f") == 0)
					frame = fields->element[j + 1];
				else if (strcmp(fields->element[j]->str,
				    "h") == 0)
					origin = fields->element[j + 1];
			}
			/* Its hub: none from an older hub. */
			hub = host = NULL;
			if (origin != NULL)
				cluster_bus_dm_origin_parse(origin->str,
				    origin->len, &hub, &host);
			if (frame != NULL)
				cluster_bus_ingest(st->key, hub, host,
				    frame->str, frame->len);
			free(hub);
			free(host);
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
	char			*copy, *f[5], *stream, start[64], count[32];
	const char		*args[2] = { CL_PREFIX "nicks", cluster.hub };
	const char		*argv[6];
	size_t			 i;
	u_int			 n;

	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY ||
	    st->gen != cluster.gen || cluster.state != CL_SYNCING) {
		cluster_sync_step_done(st);
		return;
	}
	for (i = 0; i + 1 < reply->elements; i += 2) {
		if (reply->element[i + 1]->type != REDIS_REPLY_STRING)
			continue;
		copy = xstrdup(reply->element[i + 1]->str);
		if ((n = cluster_bus_fields(copy, f, 5)) >= 3)
			cluster_bus_room_created(f, n);
		free(copy);
	}

	cluster_away_load();
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

/* Note an id this hub had before its restart, once. */
static void
cluster_sync_note_was(const char *hub)
{
	u_int	i;

	if (strcmp(hub, cluster.hub) == 0)
		return;
	for (i = 0; i < cluster_sync_nwas; i++) {
		if (strcmp(cluster_sync_was[i], hub) == 0)
			return;
	}
	cluster_sync_was = xreallocarray(cluster_sync_was,
	    cluster_sync_nwas + 1, sizeof *cluster_sync_was);
	cluster_sync_was[cluster_sync_nwas++] = xstrdup(hub);
}

/* Forget the ids noted. */
static void
cluster_sync_forget_was(void)
{
	u_int	i;

	for (i = 0; i < cluster_sync_nwas; i++)
		free(cluster_sync_was[i]);
	free(cluster_sync_was);
	cluster_sync_was = NULL;
	cluster_sync_nwas = 0;
}

/*
 * Back before the other hubs gave this hub's old id up (a crash and a
 * fast restart), with its sessions ours again under the new one: that
 * id is dead, and waiting for it to lapse would keep the direct messages
 * sent to it meanwhile from their users for as long.  Its key goes, and
 * the next beat (this hub's, at once) gives it up as any dead hub
 * (CS_BEAT): the messages are sent on at once.  Not while a session
 * still holds it (a claim Redis did not answer).
 */
static void
cluster_sync_give_up(void)
{
	struct session	*s;
	const char	*argv[2];
	char		*key;
	u_int		 i;

	for (i = 0; i < cluster_sync_nwas; i++) {
		for (s = session_next(NULL); s != NULL; s = session_next(s)) {
			if (s->hub_was != NULL &&
			    strcmp(s->hub_was, cluster_sync_was[i]) == 0)
				break;
		}
		if (s != NULL)
			continue;
		log_info("cluster: giving up hub %s, this hub before its "
		    "restart", cluster_sync_was[i]);
		xasprintf(&key, CL_PREFIX "hub:%s", cluster_sync_was[i]);
		argv[0] = "DEL";
		argv[1] = key;
		cluster_command(NULL, NULL, 2, argv, NULL);
		free(key);
		cluster.last_beat = 0;	/* the next tick beats */
	}
	cluster_sync_forget_was();
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
	const char	*argv[4], *args[10];
	char		 maxid[32], block[32], ttl[16], *value;
	int		 i;

	cluster_sync_forget_was();
	cluster.state = CL_SYNCING;
	cluster.sync_pending = 1;		/* this function's own step */
	for (i = 0; i < CS_NSCRIPTS; i++)
		cluster_script_load(i, cluster_sync_script_cb,
		    cluster_sync_step_new(NULL, i));
	/* Deletions Redis missed, before what may adopt those DMs. */
	cluster_dm_forget_again();
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
	args[6] = server_irc_name();
	cluster_script_eval(CS_SYNC, 2, 7, args, NULL, cluster_sync_block_cb,
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
		args[7] = "";
		args[8] = "";
		args[9] = s->hub_was != NULL ? s->hub_was : "";
		if (s->hub_was != NULL)
			cluster_sync_note_was(s->hub_was);
		cluster_script_eval(CS_CLAIM, 1, 10, args, NULL,
		    cluster_sync_reclaim_cb, cluster_sync_step_new(s->key, 0));
		free(value);
	}
	cluster_claim_load(1);
	cluster_ban_load(1);
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
	cluster_sync_give_up();
	/* What the bus may have dropped while we were away. */
	cluster_dm_again_hub(NULL, "");
	/* What hubs gone meanwhile (this one before a restart) had sent. */
	cluster_dm_adopt();

	if (!cluster_split_end())
		log_info("cluster: in contact with Redis at %s as hub %s",
		    cluster.url, cluster.hub);
	cluster.ever_up = 1;
}
