/* SPDX-License-Identifier: ISC */
/* cluster-nick.c: a nick is unique across the hubs of a cluster. */

#include <sys/types.h>

#include <event2/event.h>
#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"
#include "cluster.h"
#include "server-irc.h"

/*
 * Redis holds an entry per session (chatroom:nicks): the hub that has it,
 * a hash of its resume token, its nick and its rooms.  A hello or a nick
 * change claims the nick there first (the CLAIM script); a hello with the
 * token of a session on another hub moves the session here.  Other hubs
 * read the entries for their member lists (cluster-sync.c).
 */

static void	cluster_nick_release(const char *);
static void	cluster_nick_hello_answered(evutil_socket_t, short, void *);
static void	cluster_nick_change_answered(evutil_socket_t, short, void *);
static void	cluster_nick_taken_over(struct server_hello *, redisReply *);
static void	cluster_nick_who_cb(redisReply *, void *);

/* Our entry for a session: "HUB\tTOKENHASH\tNICK\tROOM...". */
char *
cluster_nick_entry(struct session *s)
{
	char	 hash[65], *out;

	cluster_hash_token(s->token, s->pubkey, hash);
	xasprintf(&out, "%s\t%s\t%s", cluster.hub, hash, s->nick);
	return (cluster_bus_with_rooms(out, s, 0));
}

/*
 * Publish our entry for a session, with its kinds entry: what holds it,
 * which a proved login on another hub reads to take it over as it would
 * here (a native client connected to it keeps it).
 */
void
cluster_nick_session(struct session *s)
{
	if (cluster.state != CL_UP || cluster.stopping)
		return;
	cluster_nick_own(s);
}

/* Write our entry and kinds entry for a session, in contact or syncing. */
void
cluster_nick_own(struct session *s)
{
	const char	*args[7];
	char		*value, kind[32], proof[SERVER_OPER_PROOF_LEN];

	args[5] = "";
	if (s->client == NULL) {
		snprintf(kind, sizeof kind, "lost\t%llu",
		    (unsigned long long)s->lost_id);
	} else if (s->client->irc != NULL) {
		snprintf(kind, sizeof kind, "irc");
		/* For DMs held for the nick if its hub goes (CS_DM). */
		if (s->client->ip != NULL)
			args[5] = s->client->ip->ip;
	} else
		snprintf(kind, sizeof kind, "native");
	value = cluster_nick_entry(s);
	args[0] = CL_PREFIX "nicks";
	args[1] = s->key;
	args[2] = cluster.hub;
	args[3] = value;
	args[4] = kind;
	/*
	 * An operator stays one on the hub it moves to (CS_CLAIM), if that
	 * hub's password is the same: the proof of it is keyed by the
	 * token, which Redis does not have.  One with no proof to give, or
	 * one no longer an operator but not told yet (SESSION_OPER_LOST),
	 * still has an entry, so that the hub it moves to tells it.
	 */
	args[6] = "";
	if (s->flags & SESSION_OPER)
		args[6] = server_oper_proof(s->token, proof) == 0 ? proof : "-";
	else if (s->flags & SESSION_OPER_LOST)
		args[6] = "-";
	cluster_script_eval(CS_OWN, 1, 7, args, NULL, NULL, NULL);
	free(value);
	cluster_away_own(s);
}

/* The session ended (or is changing its nick): drop its entry. */
void
cluster_nick_session_gone(struct session *s)
{
	const char	*args[4];

	if (cluster.state != CL_UP || cluster.stopping)
		return;
	args[0] = CL_PREFIX "nicks";
	args[1] = s->key;
	args[2] = cluster.hub;
	args[3] = "";
	cluster_script_eval(CS_OWN, 1, 4, args, NULL, NULL, NULL);
	cluster_away_gone(s);
}

/* Drop an entry a client that left can no longer use. */
static void
cluster_nick_release(const char *nick)
{
	const char	*args[4];
	char		*key = utf8_casefold(nick);

	args[0] = CL_PREFIX "nicks";
	args[1] = key;
	args[2] = cluster.hub;
	args[3] = "";
	cluster_script_eval(CS_OWN, 1, 4, args, NULL, NULL, NULL);
	free(key);
}

/* What CLAIM answered ("ok", "taken", "resumed"), or NULL. */
const char *
cluster_nick_claim_status(redisReply *reply)
{
	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY ||
	    reply->elements < 2 ||
	    reply->element[0]->type != REDIS_REPLY_STRING ||
	    reply->element[1]->type != REDIS_REPLY_STRING)
		return (NULL);
	return (reply->element[0]->str);
}

/*
 * A proved login took a session over from another hub, whose kinds entry
 * said what held it: replay what the holder was not sent, as on one hub.
 * A connection was sent all until now; a lost session, all until its ID.
 * Without the entry (a hub before it) the rooms' recent lines come.
 */
static void
cluster_nick_taken_over(struct server_hello *h, redisReply *kind)
{
	unsigned long long	 id;
	char			*end;

	if (kind->type != REDIS_REPLY_STRING)
		return;
	if (strcmp(kind->str, "irc") == 0 && server_peek_id() > 1)
		h->last_id = (long long)(server_peek_id() - 1);
	else if (strncmp(kind->str, "lost\t", 5) == 0) {
		id = strtoull(kind->str + 5, &end, 10);
		if (*end == '\0' && id > 0 && id < LLONG_MAX)
			h->last_id = (long long)id;
	}
}

/* What holds a session, from its kind in the kinds entry (n-th). */
static int
cluster_nick_held(redisReply *reply, size_t n)
{
	const char	*kind;

	if (reply->elements <= n ||
	    reply->element[n]->type != REDIS_REPLY_STRING)
		return (HELLO_HELD_UNKNOWN);
	kind = reply->element[n]->str;
	if (strcmp(kind, "native") == 0)
		return (HELLO_HELD_NATIVE);
	if (strcmp(kind, "irc") == 0)
		return (HELLO_HELD_IRC);
	if (strncmp(kind, "lost\t", 5) == 0)
		return (HELLO_HELD_LOST);
	return (HELLO_HELD_UNKNOWN);
}

/*
 * Is a new session, connected, the user the nick's last session was?
 * An IRC client by the nick's password if it is claimed, else by the
 * address the held DMs were for (addr, from whichever hub), or by the
 * rule of its JOIN replay if they came with none; a native client if its
 * key owns the nick.
 */
int
cluster_nick_same(struct session *s, const char *addr)
{
	if (s->client == NULL)
		return (0);
	if (s->client->irc != NULL)
		return (server_irc_seen_same(s->client, addr));
	return (s->pubkey != NULL && claim_check(s->nick, s->pubkey) == 2);
}

/* The answer to a hello: the nick is ours, taken, or a session moved. */
static void
cluster_nick_hello_cb(redisReply *reply, void *arg)
{
	struct cluster_wait	*w = arg;
	struct server_hello	*h = &w->hello;
	const char		*status = cluster_nick_claim_status(reply);
	const char		*lag;
	struct timeval		 tv;
	char			*p;
	int			 i, ms, bytoken;

	if (status != NULL && strcmp(status, "ok") == 0)
		h->result = HELLO_OK;
	else if (status != NULL && strcmp(status, "taken") == 0) {
		h->result = HELLO_TAKEN;
		h->held = cluster_nick_held(reply, 2);
	} else if (status != NULL && strcmp(status, "resumed") == 0) {
		h->result = HELLO_RESUMED;
		/*
		 * Resumed by its token, under that token (its kind fifth, if
		 * any); taken over by a proved login (a kind comes third),
		 * under its fresh one.
		 */
		bytoken = reply->elements == 2 ||
		    reply->element[2]->type == REDIS_REPLY_NIL;
		if (w->presented[0] != '\0' && bytoken)
			memcpy(h->token, w->presented, sizeof h->token);
		h->held = cluster_nick_held(reply, bytoken ? 4 : 2);
		/* An operator there: this hub checks its proof (CS_CLAIM). */
		if (reply->elements > 3 &&
		    reply->element[3]->type == REDIS_REPLY_STRING &&
		    reply->element[3]->len > 0)
			h->oper = xstrdup(reply->element[3]->str);
		/* The old entry: hub, token hash, nick, then the rooms. */
		p = reply->element[1]->str;
		for (i = 0; i < 3 && p != NULL; i++) {
			if ((p = strchr(p, '\t')) != NULL)
				p++;
		}
		h->rooms = xstrdup(p != NULL ? p : "");
		/*
		 * A key's owner says itself what it has (last_id), or is
		 * new and gets the rooms' recent lines, as on one hub.
		 */
		if (reply->elements > 2 && h->pubkey == NULL)
			cluster_nick_taken_over(h, reply->element[2]);
	} else {
		if (reply != NULL && reply->type == REDIS_REPLY_ERROR)
			log_warnx("cluster: a claim failed: %s", reply->str);
		h->result = HELLO_FAILED;
	}

	/*
	 * For tests: a hub too busy to act on the answer at once, while
	 * the bus brings what followed it (CHATROOM_TEST_HELLO_LAG, ms).
	 */
	if (reply != NULL &&
	    (lag = getenv("CHATROOM_TEST_HELLO_LAG")) != NULL &&
	    (ms = atoi(lag)) > 0 && ms < 60000) {
		tv.tv_sec = ms / 1000;
		tv.tv_usec = (ms % 1000) * 1000;
		w->lag = evtimer_new(server_base(),
		    cluster_nick_hello_answered, w);
		evtimer_add(w->lag, &tv);
		return;
	}
	cluster_nick_hello_answered(-1, 0, w);
}

/* Act on the answer to a hello. */
static void
cluster_nick_hello_answered(evutil_socket_t fd, short what, void *arg)
{
	struct cluster_wait	*w = arg;
	struct server_hello	*h = &w->hello;
	struct session		*s;

	if (w->client != NULL) {
		server_login_hello_done(w->client, h);
		/*
		 * Moved here: what was held for it while no hub had it.  A
		 * new session of the nick gets it too if it is the same
		 * user's (an IRC client has no session to resume); if not,
		 * the senders are told it was not delivered.
		 */
		if (h->result == HELLO_RESUMED &&
		    session_find_nick(h->nick) != NULL)
			cluster_bus_dm_held_take(h->nick, 1);
		else if (h->result == HELLO_OK &&
		    (s = session_find_nick(h->nick)) != NULL &&
		    s->client == w->client)
			cluster_bus_dm_held_take(h->nick, CLUSTER_HELD_ASK);
	}
	else if (h->result == HELLO_OK || h->result == HELLO_RESUMED)
		cluster_nick_release(h->nick);
	cluster_bus_dm_later(w);
	cluster_wait_free(w);
}

/*
 * A hello while in contact: Redis checks the nick across the cluster, or
 * moves a session from another hub if the token matches, or if the hello
 * proved the nick with its claim's key or password (IRC's SASL): its
 * owner takes the session over, as on one hub, and the other hub is told
 * from where.  As on one hub, the key takes it from whatever holds it;
 * the password, not from a native client connected there.
 */
void
cluster_nick_hello(struct server_client *c, const char *nick,
    const char *token, const char *pubkey, long long last_id, long long seq)
{
	struct cluster_wait	*w;
	const char		*args[9];
	char			 presented[65], fresh[65], *key, *value;
	int			 owner;

	if (cluster.state != CL_UP) {	/* split: this hub decides alone */
		server_local_backend.hello(c, nick, token, pubkey, last_id,
		    seq);
		return;
	}
	w = cluster_wait_new(c, seq);
	w->hello.nick = xstrdup(nick);
	w->hello.pubkey = pubkey != NULL ? xstrdup(pubkey) : NULL;
	w->hello.last_id = last_id;
	w->hello.seq = seq;
	session_new_token(w->hello.token);
	presented[0] = '\0';
	if (token != NULL && strlen(token) == CR_TOKEN_BYTES * 2) {
		snprintf(w->presented, sizeof w->presented, "%s", token);
		cluster_hash_token(token, pubkey, presented);
	}
	cluster_hash_token(w->hello.token, pubkey, fresh);
	xasprintf(&value, "%s\t%s\t%s", cluster.hub, fresh, nick);
	key = utf8_casefold(nick);
	args[0] = CL_PREFIX "nicks";
	args[1] = key;
	args[2] = cluster.hub;
	args[3] = presented;
	args[4] = value;
	args[5] = "";
	args[6] = "0";
	owner = pubkey != NULL && claim_check(nick, pubkey) == 2;
	args[7] = owner || (token == NULL && server_login_proven(c, nick)) ?
	    c->ip->ip : "";
	args[8] = owner ? "1" : "0";
	if (cluster_script_eval(CS_CLAIM, 1, 9, args, NULL,
	    cluster_nick_hello_cb, w) != 0)
		cluster_nick_hello_cb(NULL, w);
	free(key);
	free(value);
}

/* The answer to a nick change: ok, taken or (reply NULL) Redis lost. */
static void
cluster_nick_change_cb(redisReply *reply, void *arg)
{
	static int		 lagged;
	struct cluster_wait	*w = arg;
	const char		*status = cluster_nick_claim_status(reply);
	const char		*lag;
	struct timeval		 tv;
	int			 ms;

	w->answer = status != NULL && strcmp(status, "ok") == 0;
	if (reply == NULL)
		w->answer = -1;
	/*
	 * For tests: a hub too busy to act on its first answer at once
	 * (CHATROOM_TEST_NICK_LAG, ms), so that it comes after its wait
	 * was given up.
	 */
	if (reply != NULL && !lagged++ &&
	    (lag = getenv("CHATROOM_TEST_NICK_LAG")) != NULL &&
	    (ms = atoi(lag)) > 0 && ms < 60000) {
		tv.tv_sec = ms / 1000;
		tv.tv_usec = (ms % 1000) * 1000;
		w->lag = evtimer_new(server_base(),
		    cluster_nick_change_answered, w);
		evtimer_add(w->lag, &tv);
		return;
	}
	cluster_nick_change_answered(-1, 0, w);
}

/* Act on the answer to a nick change. */
static void
cluster_nick_change_answered(evutil_socket_t fd, short what, void *arg)
{
	struct cluster_wait	*w = arg;
	struct session		*s;
	int			 ok = w->answer == 1;

	if (w->answer == -1 && w->client != NULL)
		server_login_nick_done(w->client, -1, w->nick, w->seq,
		    w->gen);
	else if (w->client != NULL) {
		server_login_nick_done(w->client, ok, w->nick, w->seq,
		    w->gen);
		/*
		 * A nick taken by a change gets what was held for it, as
		 * one taken by a hello: the user may come back under
		 * another nick and change to his own.
		 */
		if (ok && (s = session_find_nick(w->nick)) != NULL &&
		    s->client == w->client)
			cluster_bus_dm_held_take(w->nick, CLUSTER_HELD_ASK);
	} else if (ok)
		cluster_nick_release(w->nick);
	cluster_wait_free(w);
}

/* A nick change while in contact: the new nick must be free everywhere. */
void
cluster_nick_change(struct server_client *c, struct session *s,
    const char *nick, long long seq, u_int gen)
{
	struct cluster_wait	*w;
	const char		*args[7];
	char			*key, *value, *old;

	if (cluster.state != CL_UP) {	/* split: this hub decides alone */
		server_local_backend.nick(c, s, nick, seq, gen);
		return;
	}
	w = cluster_wait_new(c, seq);
	w->gen = gen;
	w->nick = xstrdup(nick);
	old = s->nick;
	s->nick = w->nick;		/* the entry under the new nick */
	value = cluster_nick_entry(s);
	s->nick = old;
	key = utf8_casefold(nick);
	args[0] = CL_PREFIX "nicks";
	args[1] = key;
	args[2] = cluster.hub;
	args[3] = "";
	args[4] = value;
	args[5] = s->key;
	args[6] = "0";
	if (cluster_script_eval(CS_CLAIM, 1, 7, args, NULL,
	    cluster_nick_change_cb, w) != 0)
		cluster_nick_change_cb(NULL, w);
	free(key);
	free(value);
}

/*
 * Redis's answers to where a nick is: its entry, "HUB\tTOKENHASH\tNICK
 * ...", names the hub that has it (an entry of this hub with no session
 * here is one on its way out: nobody); then its aways and kinds entries,
 * which tell whether it is away or lost now, as the bus does not for a
 * user in no room.  The look-up is answered with the last.
 */
static void
cluster_nick_whereis_cb(redisReply *reply, void *arg)
{
	struct cluster_wait	*w = arg;
	server_whereis_cb	 done;
	char			*f[3];
	char			*copy;
	int			 failed;

	failed = reply == NULL || reply->type == REDIS_REPLY_ERROR;
	if (w->got == 0) {
		w->found = failed ? WHEREIS_LOST : WHEREIS_NONE;
		if (!failed && reply->type == REDIS_REPLY_STRING) {
			copy = xstrdup(reply->str);
			if (cluster_bus_fields(copy, f, 3) == 3 &&
			    strcmp(f[0], cluster.hub) != 0 &&
			    cluster_bus_good_nick(f[2])) {
				w->found = WHEREIS_FOUND;
				w->hub = xstrdup(f[0]);
				w->nick = xstrdup(f[2]);
			}
			free(copy);
		}
	} else if (failed)
		w->lost = -1;		/* keep what was known */
	else if (w->got == 1)
		w->away = cluster_away_entry(reply, w->hub);
	else if (w->found == WHEREIS_FOUND && w->lost != -1) {
		cluster_away_set(w->nick, w->hub, w->away);
		cluster_away_lost(w->nick, w->hub,
		    cluster_away_entry_lost(reply, w->hub));
	}
	if (++w->got < w->queued)
		return;
	done = w->whereis;
	w->whereis = NULL;
	if (w->found == WHEREIS_FOUND)
		done(w->client, w->found, w->nick, w->hub, w->arg);
	else
		done(w->client, w->found, NULL, NULL, w->arg);
	cluster_wait_free(w);
}

/*
 * Where a nick not on this hub is, from the cluster's nick table: the
 * hub asks this for a user who shares no room with it (a DM partner),
 * whom it knows nothing of.  Split from Redis, the answer is "lost" at
 * once.
 */
void
cluster_nick_whereis(struct server_client *c, const char *nick,
    server_whereis_cb done, void *arg)
{
	static const char	*keys[] = {
		CL_PREFIX "nicks", CL_PREFIX "aways", CL_PREFIX "kinds"
	};
	struct cluster_wait	*w;
	const char		*args[3];
	char			*key;
	u_int			 i;

	if (cluster.state != CL_UP || cluster.stopping) {
		done(c, WHEREIS_LOST, NULL, NULL, arg);
		return;
	}
	w = cluster_wait_new(c, 0);
	w->whereis = done;
	w->arg = arg;
	key = utf8_casefold(nick);
	args[0] = "HGET";
	args[2] = key;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		args[1] = keys[i];
		if (cluster_command(cluster_nick_whereis_cb, w, 3, args,
		    NULL) != 0)
			break;
		w->queued++;
	}
	free(key);
	if (w->queued == 0) {
		w->queued = 1;
		cluster_nick_whereis_cb(NULL, w);
	}
}

/*
 * Redis's answer to a WHO mask: {nick, hub, aways entry, kinds entry,
 * ...}.  What the entries say of each user's away message and connection
 * is kept, as for a look-up (cluster_nick_whereis_cb): the hub knows
 * nothing else of a user who shares no room with it.
 */
static void
cluster_nick_who_cb(redisReply *reply, void *arg)
{
	struct cluster_wait	 *w = arg;
	server_who_cb		  done = w->who;
	redisReply		**e;
	char			**nicks = NULL, **hubs = NULL, *away;
	size_t			  i;
	u_int			  n = 0;
	int			  result = WHEREIS_LOST;

	w->who = NULL;
	if (reply != NULL && reply->type == REDIS_REPLY_ARRAY) {
		result = WHEREIS_FOUND;
		nicks = xcalloc(reply->elements / 4 + 1, sizeof *nicks);
		hubs = xcalloc(reply->elements / 4 + 1, sizeof *hubs);
		for (i = 0; i + 3 < reply->elements; i += 4) {
			e = reply->element + i;
			if (e[0]->type != REDIS_REPLY_STRING ||
			    e[1]->type != REDIS_REPLY_STRING ||
			    !cluster_bus_good_nick(e[0]->str) ||
			    e[1]->len != strlen(e[1]->str) ||
			    e[1]->len >= sizeof cluster.hub)
				continue;
			away = cluster_away_entry(e[2], e[1]->str);
			cluster_away_set(e[0]->str, e[1]->str, away);
			cluster_away_lost(e[0]->str, e[1]->str,
			    cluster_away_entry_lost(e[3], e[1]->str));
			free(away);
			nicks[n] = e[0]->str;
			hubs[n++] = e[1]->str;
		}
	}
	done(w->client, result, n, nicks, hubs, w->arg);
	free(nicks);
	free(hubs);
	cluster_wait_free(w);
}

/*
 * The users of the other hubs whose nicks match a pattern, from the
 * cluster's nick table, for IRC's WHO with a mask: a user who shares no
 * room with this hub is known only there.  Split from Redis, the answer
 * is "lost" at once.
 */
void
cluster_nick_who(struct server_client *c, const char *pattern, u_int max,
    server_who_cb done, void *arg)
{
	struct cluster_wait	*w;
	const char		*args[9];
	char			*key, nmax[16], count[16], steps[16];

	if (cluster.state != CL_UP || cluster.stopping) {
		done(c, WHEREIS_LOST, 0, NULL, NULL, arg);
		return;
	}
	w = cluster_wait_new(c, 0);
	w->who = done;
	w->arg = arg;
	key = utf8_casefold(pattern);
	snprintf(nmax, sizeof nmax, "%u", max);
	snprintf(count, sizeof count, "%d", CL_WHO_COUNT);
	snprintf(steps, sizeof steps, "%d", CL_WHO_STEPS);
	args[0] = CL_PREFIX "nicks";
	args[1] = CL_PREFIX "hubs";
	args[2] = CL_PREFIX "aways";
	args[3] = CL_PREFIX "kinds";
	args[4] = cluster.hub;
	args[5] = key;
	args[6] = nmax;
	args[7] = count;
	args[8] = steps;
	if (cluster_script_eval(CS_NICKWHO, 4, 9, args, NULL,
	    cluster_nick_who_cb, w) != 0)
		cluster_nick_who_cb(NULL, w);
	free(key);
}
