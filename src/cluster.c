/* SPDX-License-Identifier: ISC */
/* cluster.c: several hubs as one chat: the connections to Redis. */

#include <sys/types.h>

#include <ctype.h>
#include <event2/event.h>
#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#include <hiredis/adapters/libevent.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "server-irc.h"
#include "cluster.h"

/*
 * See cluster.h for how the hubs of a cluster work together.  This file
 * holds the plumbing: two connections to Redis on the hub's event loop
 * (commands, and the bus subscription), replies, heartbeats and the
 * watchdog, start and exit, and the backend the hub calls.
 */

/* A command waiting for its reply. */
struct cluster_req {
	void		(*fn)(redisReply *, void *);
	void		 *arg;
	u_int		  gen;
};

struct cluster	cluster;

static int	cluster_parse_url(const char *, char **);
static void	cluster_retire(void);
static void	cluster_reaper_cb(evutil_socket_t, short, void *);
static void	cluster_connect(void);
static void	cluster_id_ask(void);
static void	cluster_id_cb(redisReply *, void *);
static void	cluster_tick_cb(evutil_socket_t, short, void *);
static void	cluster_hubs_clear(void);
static void	cluster_hubs_set(redisReply *);

/* The operations of cluster_backend (see server.h) that live here. */
static const char *cluster_degraded_subject(void);
static void	cluster_forget(struct server_client *);
static void	cluster_shutdown(void);
static int	cluster_busy(void);

/* Is --cluster on? */
int
cluster_enabled(void)
{
	return (cluster.state != CL_OFF);
}

/* The cluster's id, or NULL (no --cluster, or Redis not reached yet). */
const char *
cluster_id(void)
{
	if (cluster.state == CL_OFF || cluster.id[0] == '\0')
		return (NULL);
	return (cluster.id);
}

/* This hub's id in the cluster, or NULL without one. */
const char *
cluster_hub_id(void)
{
	if (cluster.state == CL_OFF || strlen(cluster.hub) != 16)
		return (NULL);
	return (cluster.hub);
}

/* Is the hub in contact with Redis and in step with the others? */
int
cluster_up(void)
{
	return (cluster.state == CL_UP);
}

/* Is the hub split from Redis, serving its own users only? */
int
cluster_degraded(void)
{
	return (cluster.state != CL_OFF && cluster.degraded);
}

/* Messages waiting in the outbox for Redis. */
u_int
cluster_outbox(void)
{
	return (cluster.noutbox);
}

/*
 * Split from Redis: the subject of the notice welcome gives users, else
 * NULL.  "Redis", never its address, which is the log's (a user has no
 * use for it, and it would tell anyone where the cluster's store is).
 */
static const char *
cluster_degraded_subject(void)
{
	if (cluster.state == CL_OFF || cluster.state == CL_UP)
		return (NULL);
	return ("Redis");
}

/* A digest in hex. */
void
cluster_hex(const EVP_MD *type, const char *data, char *out)
{
	u_char	md[EVP_MAX_MD_SIZE];
	u_int	len = 0;

	EVP_Digest(data, strlen(data), md, &len, type, NULL);
	util_hex(md, len, out);
}

/*
 * Hex SHA-256 of a token and the key that opened its session: Redis never
 * sees the token itself, and a session moves to another hub only for a
 * hello that proved the same key there.
 */
void
cluster_hash_token(const char *token, const char *pubkey, char *out)
{
	char	*data;

	if (pubkey == NULL) {
		cluster_hex(EVP_sha256(), token, out);
		return;
	}
	xasprintf(&data, "%s\t%s", token, pubkey);
	cluster_hex(EVP_sha256(), data, out);
	free(data);
}

/* Parse redis://HOST[:PORT][/DB]; a password belongs in a file. */
static int
cluster_parse_url(const char *url, char **cause)
{
	const char	*p, *end;
	char		*port;
	long long	 n;

	if (strncmp(url, "redis://", 8) != 0) {
		xasprintf(cause, "%s: the cluster address is "
		    "redis://HOST[:PORT][/DB]", url);
		return (-1);
	}
	p = url + 8;
	if (strchr(p, '@') != NULL) {
		xasprintf(cause, "%s: put the Redis password in a file "
		    "(--cluster-password-file), not in the address", url);
		return (-1);
	}
	cluster.port = 6379;
	cluster.db = 0;
	if (*p == '[') {
		if ((end = strchr(p, ']')) == NULL)
			goto bad;
		cluster.host = xstrndup(p + 1, end - p - 1);
		p = end + 1;
	} else {
		end = p + strcspn(p, ":/");
		cluster.host = xstrndup(p, end - p);
		p = end;
	}
	if (*cluster.host == '\0')
		goto bad;
	if (*p == ':') {
		end = p + 1 + strcspn(p + 1, "/");
		port = xstrndup(p + 1, end - p - 1);
		if (parse_number(port, 1, 65535, &n) != 0) {
			free(port);
			goto bad;
		}
		free(port);
		cluster.port = n;
		p = end;
	}
	if (*p == '/') {
		if (p[1] != '\0') {
			if (parse_number(p + 1, 0, 65535, &n) != 0)
				goto bad;
			cluster.db = n;
		}
	} else if (*p != '\0')
		goto bad;
	return (0);
bad:
	xasprintf(cause, "%s: the cluster address is "
	    "redis://HOST[:PORT][/DB]", url);
	free(cluster.host);
	cluster.host = NULL;
	return (-1);
}

/* Is url a cluster address?  For the options' check, before a start. */
int
cluster_check_url(const char *url, char **cause)
{
	if (cluster_parse_url(url, cause) != 0)
		return (-1);
	free(cluster.host);
	cluster.host = NULL;
	return (0);
}

/*
 * The host (to free) and port of a cluster address, NULL if it is not
 * one: for --check, which tries them.
 */
char *
cluster_url_host(const char *url, int *port)
{
	char	*cause, *host;

	if (cluster_parse_url(url, &cause) != 0) {
		free(cause);
		return (NULL);
	}
	host = cluster.host;
	cluster.host = NULL;
	*port = cluster.port;
	return (host);
}

/*
 * Set both connections aside for the reaper: hiredis must not free a
 * context from inside one of its callbacks.
 */
static void
cluster_retire(void)
{
	if (cluster.cmd != NULL) {
		cluster.dead_cmd = cluster.cmd;
		cluster.cmd = NULL;
	}
	if (cluster.sub != NULL) {
		cluster.dead_sub = cluster.sub;
		cluster.sub = NULL;
	}
}

/* Free the contexts of a lost connection, outside hiredis' callbacks. */
static void
cluster_reaper_cb(evutil_socket_t fd, short what, void *arg)
{
	redisAsyncContext	*ac;

	if ((ac = cluster.dead_cmd) != NULL) {
		cluster.dead_cmd = NULL;
		redisAsyncFree(ac);
	}
	if ((ac = cluster.dead_sub) != NULL) {
		cluster.dead_sub = NULL;
		redisAsyncFree(ac);
	}
}

/* A context is gone (hiredis frees it): forget it. */
static int
cluster_forget_context(const redisAsyncContext *ac)
{
	int	current = 0;

	if (ac == cluster.cmd) {
		cluster.cmd = NULL;
		current = 1;
	}
	if (ac == cluster.sub) {
		cluster.sub = NULL;
		current = 1;
	}
	if (ac == cluster.dead_cmd)
		cluster.dead_cmd = NULL;
	if (ac == cluster.dead_sub)
		cluster.dead_sub = NULL;
	return (current);
}

/* A connection is open, or could not be opened. */
static void
cluster_connect_cb(const redisAsyncContext *ac, int status)
{
	if (status == REDIS_OK)
		return;
	if (cluster_forget_context(ac))
		cluster_lost(ac->errstr[0] != '\0' ? ac->errstr :
		    "connection failed");
}

/* A connection closed. */
static void
cluster_disconnect_cb(const redisAsyncContext *ac, int status)
{
	if (cluster_forget_context(ac))
		cluster_lost(ac->errstr[0] != '\0' ? ac->errstr :
		    "connection closed");
}

/* Every reply comes through here first. */
static void
cluster_reply_cb(redisAsyncContext *ac, void *r, void *priv)
{
	struct cluster_req	*req = priv;
	redisReply		*reply = r;

	if (req->gen == cluster.gen && cluster.outstanding > 0)
		cluster.outstanding--;
	if (reply != NULL) {
		cluster.last_reply = now_ms();
		if (reply->type == REDIS_REPLY_ERROR)
			log_warnx("cluster: Redis: %s", reply->str);
	}
	if (req->fn != NULL)
		req->fn(reply, req->arg);
	free(req);
}

/* Send a command; fn gets the reply (NULL if the connection was lost). */
int
cluster_command(void (*fn)(redisReply *, void *), void *arg, int argc,
    const char **argv, const size_t *lens)
{
	struct cluster_req	*req;

	if (cluster.cmd == NULL)
		return (-1);
	req = xmalloc(sizeof *req);
	req->fn = fn;
	req->arg = arg;
	req->gen = cluster.gen;
	if (redisAsyncCommandArgv(cluster.cmd, cluster_reply_cb, req, argc,
	    argv, lens) != REDIS_OK) {
		free(req);
		return (-1);
	}
	if (cluster.outstanding++ == 0)
		cluster.last_reply = now_ms();
	return (0);
}

/* Free a wait. */
void
cluster_wait_free(struct cluster_wait *w)
{
	TAILQ_REMOVE(&cluster.waits, w, entry);
	if (w->whereis != NULL)		/* never answered: the hub's arg */
		w->whereis(NULL, WHEREIS_LOST, NULL, NULL, w->arg);
	if (w->who != NULL)
		w->who(NULL, WHEREIS_LOST, 0, NULL, NULL, w->arg);
	cluster_bus_dm_later_free(w);
	if (w->lag != NULL)
		event_free(w->lag);
	free(w->hello.nick);
	free(w->hello.pubkey);
	free(w->hello.rooms);
	free(w->hello.oper);
	free(w->nick);
	free(w->from);
	free(w->hub);
	free(w->away);
	free(w->frame);
	free(w);
}

/* A new wait for a client. */
struct cluster_wait *
cluster_wait_new(struct server_client *c, long long seq)
{
	struct cluster_wait	*w;

	w = xcalloc(1, sizeof *w);
	w->client = c;
	w->seq = seq;
	TAILQ_INIT(&w->later);
	TAILQ_INSERT_TAIL(&cluster.waits, w, entry);
	return (w);
}

/* Replies to AUTH and SELECT: a refusal is fatal for this connection. */
static void
cluster_setup_cb(redisReply *reply, void *arg)
{
	if (reply != NULL && reply->type == REDIS_REPLY_ERROR)
		cluster_lost(reply->str);
}

/* As cluster_setup_cb, for the subscriber (no cluster_command there). */
static void
cluster_sub_setup_cb(redisAsyncContext *ac, void *r, void *priv)
{
	redisReply	*reply = r;

	if (reply != NULL && reply->type == REDIS_REPLY_ERROR)
		cluster_lost(reply->str);
}

/* Open both connections; the sync starts when the bus is subscribed. */
static void
cluster_connect(void)
{
	const char	*auth[2] = { "AUTH", cluster.password };
	const char	*select[2] = { "SELECT", NULL };
	char		 db[16], why[128];

	cluster.gen++;
	cluster.state = CL_CONNECTING;
	cluster.started = now_ms();
	cluster.outstanding = 0;
	cluster.cmd = redisAsyncConnect(cluster.host, cluster.port);
	cluster.sub = redisAsyncConnect(cluster.host, cluster.port);
	if (cluster.cmd == NULL || cluster.cmd->err || cluster.sub == NULL ||
	    cluster.sub->err) {
		/* hiredis' words, such as a host not found, if it has any. */
		if (cluster.cmd != NULL && cluster.cmd->err &&
		    cluster.cmd->errstr[0] != '\0')
			snprintf(why, sizeof why, "%s", cluster.cmd->errstr);
		else if (cluster.sub != NULL && cluster.sub->err &&
		    cluster.sub->errstr[0] != '\0')
			snprintf(why, sizeof why, "%s", cluster.sub->errstr);
		else
			snprintf(why, sizeof why, "cannot open a connection");
		cluster_lost(why);
		return;
	}
	redisLibeventAttach(cluster.cmd, server_base());
	redisLibeventAttach(cluster.sub, server_base());
	redisAsyncSetConnectCallback(cluster.cmd, cluster_connect_cb);
	redisAsyncSetConnectCallback(cluster.sub, cluster_connect_cb);
	redisAsyncSetDisconnectCallback(cluster.cmd, cluster_disconnect_cb);
	redisAsyncSetDisconnectCallback(cluster.sub, cluster_disconnect_cb);
	if (cluster.password != NULL) {
		cluster_command(cluster_setup_cb, NULL, 2, auth, NULL);
		redisAsyncCommandArgv(cluster.sub, cluster_sub_setup_cb, NULL,
		    2, auth, NULL);
	}
	if (cluster.db != 0) {
		snprintf(db, sizeof db, "%d", cluster.db);
		select[1] = db;
		cluster_command(cluster_setup_cb, NULL, 2, select, NULL);
	}
	cluster_id_ask();
	redisAsyncCommand(cluster.sub, cluster_bus_sub_cb, NULL, "SUBSCRIBE %s",
	    CL_BUS);
}

/*
 * Learn the cluster's id, one for all its hubs and kept in Redis: the
 * first hub to ask makes it.  A hub that knew it offers it again, so that
 * a Redis that lost its data gets the same id back from the first hub to
 * return, and the users' clients still find their windows (client-last.c).
 */
static void
cluster_id_ask(void)
{
	const char	*set[4] = { "SET", CL_ID, NULL, "NX" };
	const char	*get[2] = { "GET", CL_ID };
	char		 id[sizeof cluster.id];
	u_char		 rnd[8];
	u_int		 i;

	if (cluster.id[0] != '\0')
		snprintf(id, sizeof id, "%s", cluster.id);
	else {
		arc4random_buf(rnd, sizeof rnd);
		for (i = 0; i < sizeof rnd; i++)
			snprintf(id + i * 2, 3, "%02x", rnd[i]);
	}
	set[2] = id;
	cluster_command(NULL, NULL, 4, set, NULL);
	cluster_command(cluster_id_cb, NULL, 2, get, NULL);
}

/* GET cluster-id: keep it if it looks like one of ours. */
static void
cluster_id_cb(redisReply *reply, void *arg)
{
	size_t	i;

	if (reply == NULL || reply->type != REDIS_REPLY_STRING ||
	    reply->len == 0 || reply->len >= sizeof cluster.id)
		return;
	for (i = 0; i < reply->len; i++) {
		if (!isxdigit((u_char)reply->str[i]))
			return;
	}
	if (cluster.id[0] != '\0' && strcmp(cluster.id, reply->str) != 0)
		log_warnx("cluster: the id changed from %s to %s", cluster.id,
		    reply->str);
	memcpy(cluster.id, reply->str, reply->len);
	cluster.id[reply->len] = '\0';
}

/*
 * The connection is lost (or never came): drop it, and serve local users
 * alone until the next attempt succeeds (cluster-split.c).
 */
void
cluster_lost(const char *why)
{
	int	was = cluster.state;

	if (cluster.state == CL_DOWN || cluster.state == CL_OFF)
		return;
	cluster.state = CL_DOWN;
	cluster_retire();
	event_active(cluster.reaper, EV_TIMEOUT, 1);
	cluster_bus_drop_queued();
	cluster_split_begin(was, why);
}

/*
 * BEAT: a new block of ids and the live hubs' names, or -1: the others
 * gave us up for dead.
 */
static void
cluster_beat_cb(redisReply *reply, void *arg)
{
	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY ||
	    reply->elements < 2 ||
	    reply->element[0]->type != REDIS_REPLY_INTEGER ||
	    reply->element[1]->type != REDIS_REPLY_INTEGER ||
	    cluster.state != CL_UP)
		return;
	if (reply->element[0]->integer == -1) {
		cluster_lost("this hub was given up for dead; joining again");
		return;
	}
	if (reply->element[1]->integer > 0)
		cluster_split_set_block(reply->element[1]->integer);
	if (reply->elements > 2)
		cluster_hubs_set(reply->element[2]);
}

/* Forget the names of the live hubs. */
static void
cluster_hubs_clear(void)
{
	u_int	i;

	for (i = 0; i < cluster.nhubs; i++) {
		free(cluster.hubs[i].id);
		free(cluster.hubs[i].name);
	}
	free(cluster.hubs);
	cluster.hubs = NULL;
	cluster.nhubs = 0;
}

/*
 * Is a hub's name from Redis an IRC server name, as --irc-server-name
 * takes them (irc_server_name_ok)?  Not an older hub's "1".
 */
int
cluster_hub_name_ok(const char *name, size_t len)
{
	return (strcmp(name, "1") != 0 && irc_server_name_ok(name, len));
}

/*
 * The live hubs and their IRC server names, as BEAT found them: pairs of
 * strings.  A name that is no IRC server name (an older hub's "1", or
 * anything with a space, a colon, '!' or '@') is kept as unknown (NULL).
 */
static void
cluster_hubs_set(redisReply *list)
{
	redisReply	*id, *name;
	size_t		 i;

	if (list->type != REDIS_REPLY_ARRAY)
		return;
	cluster_hubs_clear();
	cluster.hubs = xcalloc(list->elements / 2 + 1, sizeof *cluster.hubs);
	for (i = 0; i + 1 < list->elements; i += 2) {
		id = list->element[i];
		name = list->element[i + 1];
		if (id->type != REDIS_REPLY_STRING ||
		    name->type != REDIS_REPLY_STRING)
			continue;
		cluster.hubs[cluster.nhubs].id = xstrdup(id->str);
		if (cluster_hub_name_ok(name->str, name->len))
			cluster.hubs[cluster.nhubs].name = xstrdup(name->str);
		cluster.nhubs++;
	}
}

/*
 * The IRC server name of a hub of the cluster, by its id, if it is live
 * and said it; NULL if not (WHOIS and WHO then say "another hub").
 */
const char *
cluster_hub_name(const char *id)
{
	u_int	i;

	for (i = 0; i < cluster.nhubs; i++) {
		if (strcmp(cluster.hubs[i].id, id) == 0)
			return (cluster.hubs[i].name);
	}
	return (NULL);
}

/*
 * The IRC server name of the i-th live hub other than this one, as the
 * last heartbeat found them: NULL past the last (or while split from
 * Redis), "" for a hub that did not say.  For IRC's LINKS.
 */
const char *
cluster_hub_other(u_int i)
{
	u_int	j;

	if (cluster.state != CL_UP)
		return (NULL);
	for (j = 0; j < cluster.nhubs; j++) {
		if (strcmp(cluster.hubs[j].id, cluster.hub) == 0)
			continue;
		if (i-- == 0)
			return (cluster.hubs[j].name != NULL ?
			    cluster.hubs[j].name : "");
	}
	return (NULL);
}

/*
 * How many hubs serve the cluster's users now, this one included: the
 * live hubs the last heartbeat found, or 1 (this hub alone) while split
 * from Redis or without --cluster.  For IRC's LUSERS.
 */
u_int
cluster_hubs_live(void)
{
	u_int	i, n = 1;

	if (cluster.state != CL_UP)
		return (1);
	for (i = 0; i < cluster.nhubs; i++) {
		if (strcmp(cluster.hubs[i].id, cluster.hub) != 0)
			n++;
	}
	return (n);
}

/* Heartbeats, the watchdog and reconnection. */
static void
cluster_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server_opts	*o = server_options();
	const char		*args[10];
	char			 ttl[16], now[32], window[32], block[32];
	int64_t			 t = now_ms();
	int			 purge;

	switch (cluster.state) {
	case CL_DOWN:
		if (t >= cluster.retry_at && !cluster.stopping)
			cluster_connect();
		break;
	case CL_CONNECTING:
	case CL_SYNCING:
		if (t - cluster.started > cluster.ttl * 500)
			cluster_lost("no answer from Redis");
		break;
	case CL_UP:
		if (cluster.outstanding > 0 &&
		    t - cluster.last_reply > cluster.ttl * 500) {
			cluster_lost("Redis stopped answering");
			break;
		}
		if (t - cluster.last_beat <
		    cluster.ttl * 1000 / CR_CLUSTER_BEATS)
			break;
		cluster.last_beat = t;
		purge = t - cluster.last_purge > 60 * 1000;
		if (purge)
			cluster.last_purge = t;
		snprintf(ttl, sizeof ttl, "%d", cluster.ttl);
		snprintf(now, sizeof now, "%lld", (long long)t);
		snprintf(window, sizeof window, "%lld",
		    (long long)o->resume_seconds * 1000);
		/* Renew the block once newer ids than it have been seen. */
		snprintf(block, sizeof block, "%d",
		    server_peek_id() > cluster.block_next ?
		    CR_CLUSTER_BLOCK : 0);
		args[0] = CL_PREFIX "nicks";
		args[1] = CL_PREFIX "id";
		args[2] = cluster.hub;
		args[3] = ttl;
		args[4] = now;
		args[5] = window;
		args[6] = purge ? "1" : "0";
		args[7] = block;
		/*
		 * Just after a reconnection the others may still be on
		 * their way back (their keys lapsed while Redis was away):
		 * give them the longest back-off before calling them dead.
		 */
		args[8] = t >= cluster.reap_after ? "1" : "0";
		args[9] = server_irc_name();
		cluster_script_eval(CS_BEAT, 2, 10, args, NULL,
		    cluster_beat_cb, NULL);
		/* An indexed look-up: each beat, so senders hear in time. */
		cluster_bus_dm_held_expire();
		cluster_dm_check();
		cluster_claim_sweep();
		cluster_ban_sweep();
		break;
	}
}

/*
 * Start cluster mode: parse the address, read the password, and make the
 * first contact (waiting up to a few seconds, so the first users are not
 * served alone needlessly).
 */
int
cluster_init(struct server_opts *o)
{
	struct timeval	 tv = { 0, 250000 };
	char		*cause;
	u_char		 rnd[8];
	u_int		 i;
	int64_t		 deadline;

	if (o->cluster == NULL)
		return (0);
	if (cluster_parse_url(o->cluster, &cause) != 0) {
		log_stderr("chatroom: %s\n", cause);
		log_warnx("%s", cause);
		free(cause);
		return (-1);
	}
	if (o->cluster_password_file != NULL &&
	    util_read_password(o->cluster_password_file,
	    &cluster.password, &cause) != 0) {
		log_stderr("chatroom: %s\n", cause);
		free(cause);
		return (-1);
	}
	cluster.url = xstrdup(o->cluster);
	cluster.ttl = o->cluster_ttl > 0 ? o->cluster_ttl : CR_CLUSTER_TTL;
	arc4random_buf(rnd, sizeof rnd);
	for (i = 0; i < sizeof rnd; i++)
		snprintf(cluster.hub + i * 2, 3, "%02x", rnd[i]);
	cluster_script_init();
	TAILQ_INIT(&cluster.inflight);
	TAILQ_INIT(&cluster.outbox);
	TAILQ_INIT(&cluster.waits);
	TAILQ_INIT(&cluster.dms);
	cluster.reaper = event_new(server_base(), -1, 0, cluster_reaper_cb,
	    NULL);
	cluster.tick = event_new(server_base(), -1, EV_PERSIST,
	    cluster_tick_cb, NULL);
	evtimer_add(cluster.tick, &tv);
	cluster.state = CL_DOWN;
	log_info("cluster: hub %s, Redis at %s", cluster.hub, cluster.url);
	cluster_connect();

	deadline = now_ms() + cluster.ttl * 500;
	while (cluster.state != CL_UP && cluster.state != CL_DOWN &&
	    now_ms() < deadline)
		event_base_loop(server_base(), EVLOOP_ONCE);
	if (cluster.state != CL_UP)
		log_warnx("cluster: Redis at %s is unreachable; serving this "
		    "hub's users only until it answers", cluster.url);
	return (0);
}

/*
 * For the frame fuzzer: be hub "fuzz", in contact with a Redis that
 * takes no commands, and hand it a payload as if the bus brought it.
 */
void
cluster_fuzz_bus(const char *payload, size_t len)
{
	if (cluster.state == CL_OFF) {
		TAILQ_INIT(&cluster.inflight);
		TAILQ_INIT(&cluster.outbox);
		TAILQ_INIT(&cluster.waits);
		TAILQ_INIT(&cluster.dms);
		snprintf(cluster.hub, sizeof cluster.hub, "fuzz");
		cluster.url = xstrdup("redis://fuzz");
		cluster.ttl = CR_CLUSTER_TTL;
		cluster.state = CL_UP;
	}
	cluster_bus(payload, len);
}

/* Order strings for qsort. */
static int
cluster_str_cmp(const void *a, const void *b)
{
	return (strcmp(*(char * const *)a, *(char * const *)b));
}

/*
 * How many users of other hubs this hub knows of: those in a room with
 * anyone (each once).  For IRC's LUSERS.
 */
u_int
cluster_remote_users(void)
{
	struct room	*room;
	char		**keys = NULL;
	u_int		 n = 0, i, distinct = 0;

	TAILQ_FOREACH(room, &room_list, entry) {
		if (room->nremote == 0)
			continue;
		keys = xreallocarray(keys, n + room->nremote, sizeof *keys);
		for (i = 0; i < room->nremote; i++)
			keys[n++] = room->remote[i].key;
	}
	if (n > 0)
		qsort(keys, n, sizeof *keys, cluster_str_cmp);
	for (i = 0; i < n; i++) {
		if (i == 0 || strcmp(keys[i], keys[i - 1]) != 0)
			distinct++;
	}
	free(keys);
	return (distinct);
}

/* A client is gone: nothing waiting for Redis may touch it. */
static void
cluster_forget(struct server_client *c)
{
	struct cluster_wait	*w;

	if (cluster.state == CL_OFF)
		return;
	cluster_split_forget(c);
	TAILQ_FOREACH(w, &cluster.waits, entry) {
		if (w->client == c)
			w->client = NULL;
	}
}

/* Shutting down: our sessions stay resumable on the other hubs. */
static void
cluster_shutdown(void)
{
	const char	*args[3];
	char		 now[32];

	if (cluster.state == CL_OFF)
		return;
	if (cluster.state == CL_UP) {
		snprintf(now, sizeof now, "%lld", (long long)now_ms());
		args[0] = CL_PREFIX "nicks";
		args[1] = cluster.hub;
		args[2] = now;
		cluster_script_eval(CS_LEAVE, 1, 3, args, NULL, NULL, NULL);
	}
	cluster.stopping = 1;
}

/* Are commands still on their way to Redis (at shutdown)? */
static int
cluster_busy(void)
{
	return (cluster.state == CL_UP && cluster.outstanding > 0);
}

/* Free everything (at exit). */
void
cluster_free(void)
{
	struct cluster_out	*out;
	struct cluster_wait	*w;

	if (cluster.state == CL_OFF)
		return;
	cluster.stopping = 1;
	cluster.state = CL_OFF;
	cluster_retire();
	TAILQ_FOREACH(w, &cluster.waits, entry)
		w->client = NULL;
	TAILQ_FOREACH(out, &cluster.inflight, entry)
		out->client = NULL;
	cluster_reaper_cb(-1, 0, NULL);
	cluster_split_free();
	cluster_claim_synced();
	cluster_sync_forget();
	cluster_ban_synced();
	while ((w = TAILQ_FIRST(&cluster.waits)) != NULL)
		cluster_wait_free(w);
	cluster_dm_free_all();
	cluster_away_free_all();
	cluster_bus_drop_queued();
	cluster_hubs_clear();
	if (cluster.reaper != NULL)
		event_free(cluster.reaper);
	if (cluster.tick != NULL)
		event_free(cluster.tick);
	if (cluster.password != NULL) {
		explicit_bzero(cluster.password, strlen(cluster.password));
		free(cluster.password);
	}
	free(cluster.host);
	free(cluster.url);
	memset(&cluster, 0, sizeof cluster);
}

/* The hub's view of the cluster: see struct server_backend in server.h. */
const struct server_backend cluster_backend = {
	.name = "cluster",
	.hello = cluster_nick_hello,
	.nick = cluster_nick_change,
	.say = cluster_bus_say,
	.remote = cluster_up,
	.dm = cluster_bus_dm,
	.dm_id = cluster_split_id,
	.dm_notice = cluster_bus_dm_notice,
	.ctcp = cluster_ctcp,
	.whereis = cluster_nick_whereis,
	.who = cluster_nick_who,
	.room_event = cluster_bus_room_event,
	.peers_event = cluster_bus_peers_event,
	.room_changed = cluster_bus_room_changed,
	.session = cluster_nick_session,
	.session_gone = cluster_nick_session_gone,
	.away = cluster_away_of,
	.lost = cluster_away_is_lost,
	.resumed = cluster_bus_resumed,
	.forget = cluster_forget,
	.degraded = cluster_degraded_subject,
	.shutdown = cluster_shutdown,
	.busy = cluster_busy,
};
