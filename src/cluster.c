/* cluster.c: several hubs as one chat, sharing state through Redis. */

#include <sys/types.h>

#include <cjson/cJSON.h>
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

/*
 * With --cluster, hubs share one Redis and behave as one chat.
 *
 * Two connections per hub, both on the hub's event loop: one for commands,
 * one subscribed to the bus channel.  Every room message goes through one
 * Lua script that takes the next id from a shared counter, puts it
 * between the two parts of the frame the hub encoded around it, appends
 * the frame to the room's capped stream (the history of record) and
 * publishes it on the bus; every hub, the sender's included, delivers
 * those bytes as the bus brings them, so all hubs show the same messages
 * in the same order with the same ids.  Other events (joins, nick
 * changes, topics...) are delivered locally at once and published for the
 * other hubs.
 *
 * Keys (all under "chatroom:"):
 *	id		the message id counter
 *	hubs		set of live hub ids; hub:ID lives while its hub
 *			beats, and a hub whose key lapsed is taken out of
 *			the set (its users released) by the next heartbeat
 *			of another
 *	nicks		hash: case-folded nick -> "HUB\tTOKENHASH\tNICK\tROOM..."
 *	rooms		hash: case-folded room -> "CREATED\tNAME\tTOPIC"
 *	room:KEY	stream of the room's messages (field f: the frame)
 * Bus payloads are a tab-separated header line, then the frame:
 *	m HUB ROOM SID	a room message		r HUB ROOM	a room event
 *	p HUB ROOM...	an event for a user's rooms	c HUB NAME	a new room
 *	d HUB NICK	a direct message for HUB	x HUB		a hub died
 *	t OLD NEW NICK	a session moved		j HUB NICK ROOM...  where it is
 *	s HUB		a hub resynchronised
 *
 * While Redis is unreachable the hub serves its own users alone
 * ("degraded"): messages get ids from a block reserved in advance, are
 * delivered and acknowledged locally and wait in an outbox; after
 * reconnecting the hub reads what it missed from the streams, then sends
 * the outbox on.  A request that was in flight when the connection broke
 * is sent again with its unique id, and the script first looks for it in
 * the stream, so nothing is stored twice.
 */

#define CL_OFF		0	/* no --cluster */
#define CL_DOWN		1	/* waiting to reconnect: degraded */
#define CL_CONNECTING	2
#define CL_SYNCING	3	/* reading back what was missed */
#define CL_UP		4

#define CL_PREFIX	"chatroom:"
#define CL_BUS		CL_PREFIX "bus"
#define CL_STRING1(x)	#x
#define CL_STRING(x)	CL_STRING1(x)

/*
 * A room message on its way to Redis: its frame made with id 0, the "0"
 * at idat, which Redis replaces with the id.
 */
struct cluster_out {
	struct server_client	*client;	/* to acknowledge, or NULL */
	long long		 seq;
	char			*roomkey;
	char			*frame;
	size_t			 len;
	size_t			 idat;
	uint64_t		 id;		/* 0: Redis assigns it */
	char			 uid[64];
	int			 check;		/* may be stored already */
	int			 inflight;
	TAILQ_ENTRY(cluster_out) entry;
};
TAILQ_HEAD(cluster_outs, cluster_out);

/* A client waiting for Redis: a hello, a nick change or a direct message. */
struct cluster_wait {
	struct server_client	*client;
	long long		 seq;
	struct server_hello	 hello;
	char			 presented[CR_TOKEN_BYTES * 2 + 1];
	char			*nick;
	char			*frame;
	size_t			 len;
	TAILQ_ENTRY(cluster_wait) entry;
};

/* A command waiting for its reply. */
struct cluster_req {
	void		(*fn)(redisReply *, void *);
	void		 *arg;
	u_int		  gen;
};

/* What a synchronisation step needs to know. */
struct cluster_step {
	u_int		  gen;
	char		 *key;
	int		  n;		/* a stream read backwards; a script */
};

enum {
	CS_MSG, CS_DM, CS_CLAIM, CS_OWN, CS_SYNC, CS_BEAT, CS_LOAD, CS_LEAVE,
	CS_NSCRIPTS
};

static const char *cluster_scripts[CS_NSCRIPTS] = {
	/*
	 * MSG: KEYS id, stream; ARGV the frame before its id and after it,
	 * uid, id, maxlen, header, check.  A retried message is looked for
	 * first; otherwise it takes an id (unless it has one), goes into the
	 * stream and onto the bus.
	 */
	[CS_MSG] =
	"if ARGV[7] == '1' then\n"
	"  local r = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', "
	    CL_STRING(CR_CLUSTER_SCAN) ")\n"
	"  for _, e in ipairs(r) do\n"
	"    local f = e[2]\n"
	"    local uid, id = nil, nil\n"
	"    for i = 1, #f, 2 do\n"
	"      if f[i] == 'u' then uid = f[i + 1] end\n"
	"      if f[i] == 'i' then id = f[i + 1] end\n"
	"    end\n"
	"    if uid == ARGV[3] then return tonumber(id) end\n"
	"  end\n"
	"end\n"
	"local id = tonumber(ARGV[4])\n"
	"if id == 0 then id = redis.call('INCR', KEYS[1]) end\n"
	"local frame = ARGV[1] .. id .. ARGV[2]\n"
	"local sid = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*',"
	"  'i', id, 'u', ARGV[3], 'f', frame)\n"
	"redis.call('PUBLISH', '" CL_BUS "', ARGV[6] .. '\\t' .. sid .. '\\n'"
	"  .. frame)\n"
	"return id\n",

	/*
	 * DM: KEYS nicks, id; ARGV nick key, frame.  0 if the nick is not
	 * held on a live hub, else the id of the message published to it.
	 */
	[CS_DM] =
	"local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
	"if not v then return 0 end\n"
	"local owner = string.match(v, '^([^\\t]*)')\n"
	"if owner == '' or string.sub(owner, 1, 1) == '~' or "
	"  redis.call('SISMEMBER', '" CL_PREFIX "hubs', owner) == 0 then\n"
	"  return 0\n"
	"end\n"
	"local id = redis.call('INCR', KEYS[2])\n"
	"local f = string.gsub(ARGV[2], '\"id\":0,', '\"id\":' .. id .. ',', 1)\n"
	"redis.call('PUBLISH', '" CL_BUS "', 'd\\t' .. owner .. '\\t' .. "
	"  ARGV[1] .. '\\n' .. f)\n"
	"return id\n",

	/*
	 * CLAIM: KEYS nicks; ARGV nick key, hub, token hash or '', value,
	 * old nick key or '', '1' if our own entry may be replaced.  A
	 * matching token moves the session here ("resumed", with the old
	 * value); a nick held on a live hub is "taken"; otherwise "ok".
	 */
	[CS_CLAIM] =
	"local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
	"if v then\n"
	"  local owner, tok = string.match(v, '^([^\\t]*)\\t([^\\t]*)')\n"
	"  if ARGV[3] ~= '' and tok == ARGV[3] then\n"
	"    redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. "
	"      string.sub(v, #owner + 1))\n"
	"    if owner ~= ARGV[2] then\n"
	"      redis.call('PUBLISH', '" CL_BUS "', 't\\t' .. owner .. '\\t' .."
	"        ARGV[2] .. '\\t' .. ARGV[1] .. '\\n')\n"
	"    end\n"
	"    return {'resumed', v}\n"
	"  end\n"
	"  local alive = owner ~= '' and string.sub(owner, 1, 1) ~= '~' and "
	"    redis.call('SISMEMBER', '" CL_PREFIX "hubs', owner) == 1\n"
	"  if ARGV[1] ~= ARGV[5] and alive and "
	"    not (owner == ARGV[2] and ARGV[6] == '1') then\n"
	"    return {'taken', ''}\n"
	"  end\n"
	"end\n"
	"if ARGV[5] ~= '' and ARGV[5] ~= ARGV[1] then\n"
	"  local o = redis.call('HGET', KEYS[1], ARGV[5])\n"
	"  if o and string.match(o, '^([^\\t]*)') == ARGV[2] then\n"
	"    redis.call('HDEL', KEYS[1], ARGV[5])\n"
	"  end\n"
	"end\n"
	"redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])\n"
	"return {'ok', ''}\n",

	/* OWN: KEYS nicks; ARGV nick key, hub, value ('' deletes): ours only. */
	[CS_OWN] =
	"local v = redis.call('HGET', KEYS[1], ARGV[1])\n"
	"if v and string.match(v, '^([^\\t]*)') ~= ARGV[2] then return 0 end\n"
	"if ARGV[3] == '' then\n"
	"  if v then redis.call('HDEL', KEYS[1], ARGV[1]) end\n"
	"else\n"
	"  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])\n"
	"end\n"
	"return 1\n",

	/*
	 * SYNC: KEYS id, nicks; ARGV our highest id, block size, hub, ttl.
	 * The counter never goes below what we have seen (Redis may have
	 * lost it); a block of ids is kept for a split; entries of ours
	 * from before are dropped (the live ones are sent again).
	 */
	[CS_SYNC] =
	"local cur = tonumber(redis.call('GET', KEYS[1]) or '0')\n"
	"if cur < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end\n"
	"local e = redis.call('INCRBY', KEYS[1], ARGV[2])\n"
	"local all = redis.call('HGETALL', KEYS[2])\n"
	"local mine = ARGV[3] .. '\\t'\n"
	"for i = 1, #all, 2 do\n"
	"  if string.sub(all[i + 1], 1, #mine) == mine then\n"
	"    redis.call('HDEL', KEYS[2], all[i])\n"
	"  end\n"
	"end\n"
	"redis.call('SADD', '" CL_PREFIX "hubs', ARGV[3])\n"
	"redis.call('SET', '" CL_PREFIX "hub:' .. ARGV[3], '1', 'EX', ARGV[4])\n"
	"return e\n",

	/*
	 * BEAT: KEYS nicks, id; ARGV hub, ttl, now (ms), resume window
	 * (ms), '1' to purge, block size (0: none), '1' to look for dead
	 * hubs.  Returns {dead hubs,
	 * end of a new block of ids}, or {-1, 0} if this hub was given up
	 * for dead.  Dead hubs are removed: their users' entries are kept
	 * for the resume window (owner "~TIME"), which frees the nicks, and
	 * the bus is told.  A block older than the newest ids is replaced,
	 * so that messages sent during a split sort near where they belong.
	 */
	[CS_BEAT] =
	"if not redis.call('SET', '" CL_PREFIX "hub:' .. ARGV[1], '1', 'EX',"
	"  ARGV[2], 'XX') then return {-1, 0} end\n"
	"local dead = 0\n"
	"local hubs = {}\n"
	"if ARGV[7] == '1' then\n"
	"  hubs = redis.call('SMEMBERS', '" CL_PREFIX "hubs')\n"
	"end\n"
	"for _, h in ipairs(hubs) do\n"
	"  if redis.call('EXISTS', '" CL_PREFIX "hub:' .. h) == 0 then\n"
	"    redis.call('SREM', '" CL_PREFIX "hubs', h)\n"
	"    local all = redis.call('HGETALL', KEYS[1])\n"
	"    local p = h .. '\\t'\n"
	"    for i = 1, #all, 2 do\n"
	"      local v = all[i + 1]\n"
	"      if string.sub(v, 1, #p) == p then\n"
	"        redis.call('HSET', KEYS[1], all[i], '~' .. ARGV[3] .. "
	"          string.sub(v, #h + 1))\n"
	"      end\n"
	"    end\n"
	"    redis.call('PUBLISH', '" CL_BUS "', 'x\\t' .. h .. '\\n')\n"
	"    dead = dead + 1\n"
	"  end\n"
	"end\n"
	"if ARGV[5] == '1' then\n"
	"  local all = redis.call('HGETALL', KEYS[1])\n"
	"  for i = 1, #all, 2 do\n"
	"    local t = string.match(all[i + 1], '^~(%d+)\\t')\n"
	"    if t and tonumber(t) + tonumber(ARGV[4]) < tonumber(ARGV[3]) then\n"
	"      redis.call('HDEL', KEYS[1], all[i])\n"
	"    end\n"
	"  end\n"
	"end\n"
	"local block = 0\n"
	"if tonumber(ARGV[6]) > 0 then\n"
	"  block = redis.call('INCRBY', KEYS[2], ARGV[6])\n"
	"end\n"
	"return {dead, block}\n",

	/* LOAD: KEYS nicks; ARGV hub.  The entries of the other live hubs. */
	[CS_LOAD] =
	"local out, alive = {}, {}\n"
	"local all = redis.call('HGETALL', KEYS[1])\n"
	"for i = 1, #all, 2 do\n"
	"  local v = all[i + 1]\n"
	"  local owner = string.match(v, '^([^\\t]*)')\n"
	"  if owner ~= ARGV[1] and owner ~= '' and "
	"    string.sub(owner, 1, 1) ~= '~' then\n"
	"    if alive[owner] == nil then\n"
	"      alive[owner] = redis.call('SISMEMBER', '" CL_PREFIX "hubs', "
	"        owner) == 1\n"
	"    end\n"
	"    if alive[owner] then table.insert(out, v) end\n"
	"  end\n"
	"end\n"
	"return out\n",

	/*
	 * LEAVE: KEYS nicks; ARGV hub, now.  A hub shutting down: its
	 * sessions stay resumable elsewhere for the resume window.
	 */
	[CS_LEAVE] =
	"local all = redis.call('HGETALL', KEYS[1])\n"
	"local p = ARGV[1] .. '\\t'\n"
	"for i = 1, #all, 2 do\n"
	"  local v = all[i + 1]\n"
	"  if string.sub(v, 1, #p) == p then\n"
	"    redis.call('HSET', KEYS[1], all[i], '~' .. ARGV[2] .. "
	"      string.sub(v, #ARGV[1] + 1))\n"
	"  end\n"
	"end\n"
	"redis.call('DEL', '" CL_PREFIX "hub:' .. ARGV[1])\n"
	"redis.call('SREM', '" CL_PREFIX "hubs', ARGV[1])\n"
	"redis.call('PUBLISH', '" CL_BUS "', 'x\\t' .. ARGV[1] .. '\\n')\n"
	"return 1\n",
};

static struct {
	int			 state;
	char			*url;		/* for logs and notices */
	char			*host;
	int			 port;
	int			 db;
	char			*password;
	char			 hub[17];
	int			 ttl;		/* seconds a silent hub lives */
	char			 sha[CS_NSCRIPTS][41];

	redisAsyncContext	*cmd;
	redisAsyncContext	*sub;
	redisAsyncContext	*dead_cmd;	/* freed outside callbacks */
	redisAsyncContext	*dead_sub;
	struct event		*reaper;
	struct event		*tick;
	u_int			 gen;		/* connection number */

	int			 backoff;	/* ms */
	int64_t			 retry_at;
	int64_t			 started;	/* this connection attempt */
	int64_t			 last_reply;
	int64_t			 last_beat;
	int64_t			 last_purge;
	int64_t			 reap_after;	/* grace after a reconnection */
	u_int			 outstanding;
	u_int			 sync_pending;
	int			 degraded;	/* users were told */
	int			 ever_up;
	int			 stopping;
	int			 warned_block;

	struct cluster_outs	 inflight;
	struct cluster_outs	 outbox;
	u_int			 noutbox;
	TAILQ_HEAD(, cluster_wait) waits;
	char			**queued;	/* the bus, while syncing */
	size_t			*queuedlen;
	u_int			 nqueued;

	uint64_t		 block_next;	/* ids for a split */
	uint64_t		 block_end;
	unsigned long long	 uidn;
} cl;

static void	cluster_connect(void);
static void	cluster_lost(const char *);
static void	cluster_bus(const char *, size_t);
static void	cluster_sync_start(void);
static void	cluster_sync_done(void);
static void	cluster_send_out(struct cluster_out *);
static void	cluster_load(void);
static void	cluster_set_block(long long);
static void	cluster_publish(const char *, size_t, const char *, size_t);

/* The operations of cluster_backend (see server.h). */
static uint64_t	cluster_local_id(void);
static void	cluster_hello(struct server_client *, const char *,
		    const char *, const char *, long long, long long);
static void	cluster_nick(struct server_client *, struct session *,
		    const char *, long long);
static void	cluster_msg(struct server_client *, long long, struct room *,
		    int64_t, int, const char *, const char *, const char *);
static void	cluster_dm(struct server_client *, long long, const char *,
		    const char *, size_t);
static void	cluster_room_event(struct room *, const char *, size_t);
static void	cluster_peers(struct session *, const char *, size_t);
static void	cluster_room_created(struct room *);
static void	cluster_session(struct session *);
static void	cluster_session_gone(struct session *);
static void	cluster_resumed(struct session *);
static void	cluster_forget(struct server_client *);
static const char *cluster_degraded_subject(void);
static void	cluster_shutdown(void);
static int	cluster_busy(void);

/* Is --cluster on? */
int
cluster_enabled(void)
{
	return (cl.state != CL_OFF);
}

/* Is the hub in contact with Redis and in step with the others? */
int
cluster_up(void)
{
	return (cl.state == CL_UP);
}

/* Is the hub split from Redis, serving its own users only? */
int
cluster_degraded(void)
{
	return (cl.state != CL_OFF && cl.degraded);
}

/* Messages waiting in the outbox for Redis. */
u_int
cluster_outbox(void)
{
	return (cl.noutbox);
}

/* Split from Redis: the address welcome names to users, else NULL. */
static const char *
cluster_degraded_subject(void)
{
	if (cl.state == CL_OFF || cl.state == CL_UP)
		return (NULL);
	return (cl.url != NULL ? cl.url : "");
}

/* An id for a message while split from Redis: from the reserved block. */
static uint64_t
cluster_local_id(void)
{
	uint64_t	id;

	if (cl.block_next != 0 && cl.block_next < cl.block_end) {
		id = cl.block_next++;
		server_mark_dirty();
		return (id);
	}
	if (!cl.warned_block) {
		log_warnx("cluster: the reserved ids are used up; ids given "
		    "during this split may not be unique in the cluster");
		cl.warned_block = 1;
	}
	return (server_next_id());
}

/* A digest in hex. */
static void
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
static void
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
	cl.port = 6379;
	cl.db = 0;
	if (*p == '[') {
		if ((end = strchr(p, ']')) == NULL)
			goto bad;
		cl.host = xstrndup(p + 1, end - p - 1);
		p = end + 1;
	} else {
		end = p + strcspn(p, ":/");
		cl.host = xstrndup(p, end - p);
		p = end;
	}
	if (*cl.host == '\0')
		goto bad;
	if (*p == ':') {
		end = p + 1 + strcspn(p + 1, "/");
		port = xstrndup(p + 1, end - p - 1);
		if (parse_number(port, 1, 65535, &n) != 0) {
			free(port);
			goto bad;
		}
		free(port);
		cl.port = n;
		p = end;
	}
	if (*p == '/') {
		if (p[1] != '\0') {
			if (parse_number(p + 1, 0, 65535, &n) != 0)
				goto bad;
			cl.db = n;
		}
	} else if (*p != '\0')
		goto bad;
	return (0);
bad:
	xasprintf(cause, "%s: the cluster address is "
	    "redis://HOST[:PORT][/DB]", url);
	free(cl.host);
	cl.host = NULL;
	return (-1);
}

/* Free the contexts of a lost connection, outside hiredis' callbacks. */
static void
cluster_reaper_cb(evutil_socket_t fd, short what, void *arg)
{
	redisAsyncContext	*ac;

	if ((ac = cl.dead_cmd) != NULL) {
		cl.dead_cmd = NULL;
		redisAsyncFree(ac);
	}
	if ((ac = cl.dead_sub) != NULL) {
		cl.dead_sub = NULL;
		redisAsyncFree(ac);
	}
}

/* A context is gone (hiredis frees it): forget it. */
static int
cluster_forget_context(const redisAsyncContext *ac)
{
	int	current = 0;

	if (ac == cl.cmd) {
		cl.cmd = NULL;
		current = 1;
	}
	if (ac == cl.sub) {
		cl.sub = NULL;
		current = 1;
	}
	if (ac == cl.dead_cmd)
		cl.dead_cmd = NULL;
	if (ac == cl.dead_sub)
		cl.dead_sub = NULL;
	return (current);
}

static void
cluster_connect_cb(const redisAsyncContext *ac, int status)
{
	if (status == REDIS_OK)
		return;
	if (cluster_forget_context(ac))
		cluster_lost(ac->errstr[0] != '\0' ? ac->errstr :
		    "connection failed");
}

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

	if (req->gen == cl.gen && cl.outstanding > 0)
		cl.outstanding--;
	if (reply != NULL) {
		cl.last_reply = now_ms();
		if (reply->type == REDIS_REPLY_ERROR)
			log_warnx("cluster: Redis: %s", reply->str);
	}
	if (req->fn != NULL)
		req->fn(reply, req->arg);
	free(req);
}

/* Send a command; fn gets the reply (NULL if the connection was lost). */
static int
cluster_command(void (*fn)(redisReply *, void *), void *arg, int argc,
    const char **argv, const size_t *lens)
{
	struct cluster_req	*req;

	if (cl.cmd == NULL)
		return (-1);
	req = xmalloc(sizeof *req);
	req->fn = fn;
	req->arg = arg;
	req->gen = cl.gen;
	if (redisAsyncCommandArgv(cl.cmd, cluster_reply_cb, req, argc, argv,
	    lens) != REDIS_OK) {
		free(req);
		return (-1);
	}
	if (cl.outstanding++ == 0)
		cl.last_reply = now_ms();
	return (0);
}

/* Run one of our scripts: nkeys keys, then arguments (NULL lens: strings). */
static int
cluster_eval(int script, int nkeys, int nargs, const char **args,
    const size_t *lens, void (*fn)(redisReply *, void *), void *arg)
{
	const char	*argv[16];
	size_t		 argvlen[16];
	char		 nk[16];
	int		 i;

	if (nargs + 3 > 16)
		fatalx("%s: too many arguments", __func__);
	snprintf(nk, sizeof nk, "%d", nkeys);
	argv[0] = "EVALSHA";
	argv[1] = cl.sha[script];
	argv[2] = nk;
	for (i = 0; i < 3; i++)
		argvlen[i] = strlen(argv[i]);
	for (i = 0; i < nargs; i++) {
		argv[i + 3] = args[i];
		argvlen[i + 3] = lens != NULL && lens[i] != (size_t)-1 ?
		    lens[i] : strlen(args[i]);
	}
	return (cluster_command(fn, arg, nargs + 3, argv, argvlen));
}

/* Publish a header and a frame on the bus (if in contact). */
static void
cluster_publish(const char *header, size_t hlen, const char *frame,
    size_t flen)
{
	const char	*argv[3];
	size_t		 lens[3];
	char		*payload;

	if (cl.state != CL_UP)
		return;
	payload = xmalloc(hlen + 1 + flen);
	memcpy(payload, header, hlen);
	payload[hlen] = '\n';
	if (flen > 0)
		memcpy(payload + hlen + 1, frame, flen);
	argv[0] = "PUBLISH";
	argv[1] = CL_BUS;
	argv[2] = payload;
	lens[0] = 7;
	lens[1] = strlen(CL_BUS);
	lens[2] = hlen + 1 + flen;
	cluster_command(NULL, NULL, 3, argv, lens);
	free(payload);
}

/* A string, then a tab and each of the session's rooms (names or keys). */
static char *
cluster_with_rooms(char *head, struct session *s, int keys)
{
	char	*tmp;
	u_int	 i;

	for (i = 0; i < s->nrooms; i++) {
		xasprintf(&tmp, "%s\t%s", head, keys ? s->rooms[i]->key :
		    s->rooms[i]->name);
		free(head);
		head = tmp;
	}
	return (head);
}

/* Our entry for a session: "HUB\tTOKENHASH\tNICK\tROOM...". */
static char *
cluster_entry(struct session *s)
{
	char	 hash[65], *out;

	cluster_hash_token(s->token, s->pubkey, hash);
	xasprintf(&out, "%s\t%s\t%s", cl.hub, hash, s->nick);
	return (cluster_with_rooms(out, s, 0));
}

/* Publish or drop our entry for a session. */
static void
cluster_session(struct session *s)
{
	const char	*args[4];
	char		*value;

	if (cl.state != CL_UP || cl.stopping)
		return;
	value = cluster_entry(s);
	args[0] = CL_PREFIX "nicks";
	args[1] = s->key;
	args[2] = cl.hub;
	args[3] = value;
	cluster_eval(CS_OWN, 1, 4, args, NULL, NULL, NULL);
	free(value);
}

/* The session ended (or is changing its nick): drop its entry. */
static void
cluster_session_gone(struct session *s)
{
	const char	*args[4];

	if (cl.state != CL_UP || cl.stopping)
		return;
	args[0] = CL_PREFIX "nicks";
	args[1] = s->key;
	args[2] = cl.hub;
	args[3] = "";
	cluster_eval(CS_OWN, 1, 4, args, NULL, NULL, NULL);
}

/* A session resumed here from another hub: tell the others where it is. */
static void
cluster_resumed(struct session *s)
{
	char	*header;

	if (cl.state != CL_UP)
		return;
	xasprintf(&header, "j\t%s\t%s", cl.hub, s->nick);
	header = cluster_with_rooms(header, s, 0);
	cluster_publish(header, strlen(header), NULL, 0);
	free(header);
	cluster_session(s);
}

/* An event for one room (joined, left, topic): the other hubs fan it out. */
static void
cluster_room_event(struct room *room, const char *frame, size_t len)
{
	char	*header;

	if (cl.state != CL_UP)
		return;
	xasprintf(&header, "r\t%s\t%s", cl.hub, room->key);
	cluster_publish(header, strlen(header), frame, len);
	free(header);
}

/* An event for everyone sharing a room with the session. */
static void
cluster_peers(struct session *s, const char *frame, size_t len)
{
	char	*header;

	if (cl.state != CL_UP || s->nrooms == 0 || cl.stopping)
		return;		/* (at shutdown, LEAVE tells the others) */
	xasprintf(&header, "p\t%s", cl.hub);
	header = cluster_with_rooms(header, s, 1);
	cluster_publish(header, strlen(header), frame, len);
	free(header);
}

/* A room was created or its topic changed. */
static void
cluster_room_created(struct room *room)
{
	const char	*argv[4];
	char		*value, *header;

	if (cl.state != CL_UP)
		return;
	xasprintf(&value, "%lld\t%s\t%s", (long long)room->created,
	    room->name, room->topic);
	argv[0] = "HSET";
	argv[1] = CL_PREFIX "rooms";
	argv[2] = room->key;
	argv[3] = value;
	cluster_command(NULL, NULL, 4, argv, NULL);
	xasprintf(&header, "c\t%s\t%s", cl.hub, value);
	cluster_publish(header, strlen(header), NULL, 0);
	free(header);
	free(value);
}

/* The frame with its placeholder id ("id":0) replaced. */
static char *
cluster_set_id(const char *frame, size_t len, uint64_t id, size_t *outlen)
{
	const char	*p;
	char		*out;
	size_t		 off;
	int		 n;

	p = memmem(frame, len, "\"id\":0,", 7);
	if (p == NULL) {
		*outlen = len;
		return (xstrndup(frame, len));
	}
	off = p - frame;
	out = xmalloc(len + 32);
	memcpy(out, frame, off);
	n = snprintf(out + off, 32, "\"id\":%llu,", (unsigned long long)id);
	memcpy(out + off + n, p + 7, len - off - 7);
	*outlen = len - 7 + n;
	out[*outlen] = '\0';
	return (out);
}

/* The message's reply: its id, or an error. */
static void
cluster_msg_cb(redisReply *reply, void *arg)
{
	struct cluster_out	*out = arg;

	if (reply == NULL)		/* lost: cluster_lost kept it */
		return;
	if (out->inflight)
		TAILQ_REMOVE(&cl.inflight, out, entry);
	else {
		TAILQ_REMOVE(&cl.outbox, out, entry);
		cl.noutbox--;
	}
	if (reply->type == REDIS_REPLY_INTEGER && reply->integer > 0) {
		server_note_id(reply->integer);
		if (out->client != NULL)
			server_client_ack(out->client, out->seq,
			reply->integer);
	} else if (out->client != NULL)
		server_client_error(out->client, PERR_INTERNAL,
		    "the cluster could not store the message", out->seq);
	free(out->roomkey);
	free(out->frame);
	free(out);
}

/* Send a message to Redis; it stays in flight until the answer. */
static void
cluster_send_out(struct cluster_out *out)
{
	const char	*args[9];
	size_t		 lens[9];
	char		*stream, id[32], maxlen[32], *header;
	u_int		 i;

	xasprintf(&stream, CL_PREFIX "room:%s", out->roomkey);
	xasprintf(&header, "m\t%s\t%s", cl.hub, out->roomkey);
	snprintf(id, sizeof id, "%llu", (unsigned long long)out->id);
	snprintf(maxlen, sizeof maxlen, "%d", server_options()->history_size);
	args[0] = CL_PREFIX "id";
	args[1] = stream;
	args[2] = out->frame;
	args[3] = out->frame + out->idat + 1;
	args[4] = out->uid;
	args[5] = id;
	args[6] = maxlen;
	args[7] = header;
	args[8] = out->check ? "1" : "0";
	for (i = 0; i < 9; i++)
		lens[i] = (size_t)-1;
	lens[2] = out->idat;
	lens[3] = out->len - out->idat - 1;
	out->inflight = 1;
	TAILQ_INSERT_TAIL(&cl.inflight, out, entry);
	if (cluster_eval(CS_MSG, 2, 9, args, lens, cluster_msg_cb, out) != 0) {
		TAILQ_REMOVE(&cl.inflight, out, entry);
		out->inflight = 0;
		TAILQ_INSERT_TAIL(&cl.outbox, out, entry);
		cl.noutbox++;
	}
	free(header);
	free(stream);
}

/*
 * A room message from a local user.  In contact, Redis numbers and
 * stores it and the bus delivers it; split, it is delivered here at once
 * and waits in the outbox.
 */
static void
cluster_msg(struct server_client *c, long long seq, struct room *room,
    int64_t ts, int kind, const char *nick, const char *text, const char *image)
{
	static struct jbuf	 jb;	/* scratch; the loop's thread only */
	struct cluster_out	*out;
	struct message		*m;
	char			*line, id[32];
	int			 n;

	if (cl.state != CL_UP && cl.noutbox >= CR_CLUSTER_OUTBOX) {
		server_client_error(c, PERR_INTERNAL,
		    "the cluster is unreachable "
		    "and too many messages are waiting", seq);
		return;
	}
	out = xcalloc(1, sizeof *out);
	out->seq = seq;
	out->roomkey = xstrdup(room->key);
	snprintf(out->uid, sizeof out->uid, "%s-%llu", cl.hub, ++cl.uidn);
	if (jb.buf == NULL)
		jbuf_init(&jb);
	message_encode(&jb, 0, ts, kind, room->name, nick, text, image);
	out->idat = jb.idend - 1;
	out->frame = xstrndup(jb.buf, jb.len);
	out->len = jb.len;
	if (cl.state == CL_UP) {
		out->client = c;
		cluster_send_out(out);
		return;
	}

	/* The frame as Redis will make it, with an id of our block. */
	out->id = cluster_local_id();
	n = snprintf(id, sizeof id, "%llu", (unsigned long long)out->id);
	line = xmalloc(out->len - 1 + n);
	memcpy(line, out->frame, out->idat);
	memcpy(line + out->idat, id, n);
	memcpy(line + out->idat + n, out->frame + out->idat + 1,
	    out->len - out->idat - 1);
	m = message_new_frame(out->id, ts, kind, nick, text, image, line,
	    out->len - 1 + n);
	free(line);
	out->check = 1;
	TAILQ_INSERT_TAIL(&cl.outbox, out, entry);
	cl.noutbox++;
	server_client_ack(c, seq, m->id);
	room_say(room, m);
	message_unref(m);
}

/* Free a wait. */
static void
cluster_wait_free(struct cluster_wait *w)
{
	TAILQ_REMOVE(&cl.waits, w, entry);
	free(w->hello.nick);
	free(w->hello.pubkey);
	free(w->hello.rooms);
	free(w->nick);
	free(w->frame);
	free(w);
}

/* A new wait for a client. */
static struct cluster_wait *
cluster_wait_new(struct server_client *c, long long seq)
{
	struct cluster_wait	*w;

	w = xcalloc(1, sizeof *w);
	w->client = c;
	w->seq = seq;
	TAILQ_INSERT_TAIL(&cl.waits, w, entry);
	return (w);
}

/* Drop an entry a client that left can no longer use. */
static void
cluster_release(const char *nick)
{
	const char	*args[4];
	char		*key = utf8_casefold(nick);

	args[0] = CL_PREFIX "nicks";
	args[1] = key;
	args[2] = cl.hub;
	args[3] = "";
	cluster_eval(CS_OWN, 1, 4, args, NULL, NULL, NULL);
	free(key);
}

/* The answer to a direct message to another hub. */
static void
cluster_dm_cb(redisReply *reply, void *arg)
{
	struct cluster_wait	*w = arg;
	char			*frame;
	size_t			 len;
	uint64_t		 id = 0;

	if (reply != NULL && reply->type == REDIS_REPLY_INTEGER)
		id = reply->integer;
	if (w->client != NULL) {
		if (reply == NULL)
			server_client_error(w->client, PERR_INTERNAL,
			"the cluster "
			    "was lost; the message was not sent", w->seq);
		else {
			frame = cluster_set_id(w->frame, w->len, id, &len);
			server_chat_dm_done(w->client, w->nick, frame, len,
			    w->seq, id);
			free(frame);
		}
	}
	if (id != 0)
		server_note_id(id);
	cluster_wait_free(w);
}

/* A direct message to a nick that is not on this hub. */
static void
cluster_dm(struct server_client *c, long long seq, const char *to,
    const char *frame, size_t len)
{
	struct cluster_wait	*w;
	const char		*args[4];
	size_t			 lens[4];
	char			*key;

	w = cluster_wait_new(c, seq);
	w->nick = xstrdup(to);
	w->frame = xstrndup(frame, len);
	w->len = len;
	key = utf8_casefold(to);
	args[0] = CL_PREFIX "nicks";
	args[1] = CL_PREFIX "id";
	args[2] = key;
	args[3] = w->frame;
	lens[0] = lens[1] = lens[2] = (size_t)-1;
	lens[3] = len;
	if (cluster_eval(CS_DM, 2, 4, args, lens, cluster_dm_cb, w) != 0)
		cluster_dm_cb(NULL, w);
	free(key);
}

/* What CLAIM answered ("ok", "taken", "resumed"), or NULL. */
static const char *
cluster_claim_status(redisReply *reply)
{
	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY ||
	    reply->elements != 2 ||
	    reply->element[0]->type != REDIS_REPLY_STRING ||
	    reply->element[1]->type != REDIS_REPLY_STRING)
		return (NULL);
	return (reply->element[0]->str);
}

/* The answer to a hello: the nick is ours, taken, or a session moved. */
static void
cluster_hello_cb(redisReply *reply, void *arg)
{
	struct cluster_wait	*w = arg;
	struct server_hello	*h = &w->hello;
	const char		*status = cluster_claim_status(reply);
	char			*p;
	int			 i;

	if (status != NULL && strcmp(status, "ok") == 0)
		h->result = HELLO_OK;
	else if (status != NULL && strcmp(status, "taken") == 0)
		h->result = HELLO_TAKEN;
	else if (status != NULL && strcmp(status, "resumed") == 0) {
		h->result = HELLO_RESUMED;
		memcpy(h->token, w->presented, sizeof h->token);
		/* The old entry: hub, token hash, nick, then the rooms. */
		p = reply->element[1]->str;
		h->orphaned = *p == '~';
		for (i = 0; i < 3 && p != NULL; i++) {
			if ((p = strchr(p, '\t')) != NULL)
				p++;
		}
		h->rooms = xstrdup(p != NULL ? p : "");
	} else
		h->result = HELLO_FAILED;

	if (w->client != NULL)
		server_login_hello_done(w->client, h);
	else if (h->result == HELLO_OK || h->result == HELLO_RESUMED)
		cluster_release(h->nick);
	cluster_wait_free(w);
}

/*
 * A hello while in contact: Redis checks the nick across the cluster, or
 * moves a session from another hub if the token matches.
 */
static void
cluster_hello(struct server_client *c, const char *nick, const char *token,
    const char *pubkey, long long last_id, long long seq)
{
	struct cluster_wait	*w;
	const char		*args[7];
	char			 presented[65], fresh[65], *key, *value;

	if (cl.state != CL_UP) {	/* split: this hub decides alone */
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
	xasprintf(&value, "%s\t%s\t%s", cl.hub, fresh, nick);
	key = utf8_casefold(nick);
	args[0] = CL_PREFIX "nicks";
	args[1] = key;
	args[2] = cl.hub;
	args[3] = presented;
	args[4] = value;
	args[5] = "";
	args[6] = "0";
	if (cluster_eval(CS_CLAIM, 1, 7, args, NULL, cluster_hello_cb, w) != 0)
		cluster_hello_cb(NULL, w);
	free(key);
	free(value);
}

/* The answer to a nick change. */
static void
cluster_nick_cb(redisReply *reply, void *arg)
{
	struct cluster_wait	*w = arg;
	const char		*status = cluster_claim_status(reply);
	int			 ok = status != NULL && strcmp(status, "ok") == 0;

	if (reply == NULL && w->client != NULL) {
		server_client_error(w->client, PERR_INTERNAL, "the cluster was "
		    "lost; try again", w->seq);
	} else if (w->client != NULL)
		server_login_nick_done(w->client, ok, w->nick, w->seq);
	else if (ok)
		cluster_release(w->nick);
	cluster_wait_free(w);
}

/* A nick change while in contact: the new nick must be free everywhere. */
static void
cluster_nick(struct server_client *c, struct session *s, const char *nick,
    long long seq)
{
	struct cluster_wait	*w;
	const char		*args[7];
	char			*key, *value, *old;

	if (cl.state != CL_UP) {	/* split: this hub decides alone */
		server_local_backend.nick(c, s, nick, seq);
		return;
	}
	w = cluster_wait_new(c, seq);
	w->nick = xstrdup(nick);
	old = s->nick;
	s->nick = w->nick;		/* the entry under the new nick */
	value = cluster_entry(s);
	s->nick = old;
	key = utf8_casefold(nick);
	args[0] = CL_PREFIX "nicks";
	args[1] = key;
	args[2] = cl.hub;
	args[3] = "";
	args[4] = value;
	args[5] = s->key;
	args[6] = "0";
	if (cluster_eval(CS_CLAIM, 1, 7, args, NULL, cluster_nick_cb, w) != 0)
		cluster_nick_cb(NULL, w);
	free(key);
	free(value);
}

/* A client is gone: nothing waiting for Redis may touch it. */
static void
cluster_forget(struct server_client *c)
{
	struct cluster_out	*out;
	struct cluster_wait	*w;

	if (cl.state == CL_OFF)
		return;
	TAILQ_FOREACH(out, &cl.inflight, entry) {
		if (out->client == c)
			out->client = NULL;
	}
	TAILQ_FOREACH(out, &cl.outbox, entry) {
		if (out->client == c)
			out->client = NULL;
	}
	TAILQ_FOREACH(w, &cl.waits, entry) {
		if (w->client == c)
			w->client = NULL;
	}
}

/* A room by case-folded key, created (by its name) if missing. */
static struct room *
cluster_room(const char *key, const char *name)
{
	struct room	*room;
	enum proto_err	 err;
	char		*cause;

	if ((room = room_find(key)) != NULL)
		return (room);
	if (name == NULL || room_count() >= CR_ROOMS_MAX)
		return (NULL);
	if (proto_check_stored_room(name, &err, &cause) != 0) {
		free(cause);
		return (NULL);
	}
	room = room_create(name, "", now_ms());
	server_mark_dirty();
	return (room);
}

/* Is this a nick a hub could have given? */
static int
cluster_good_nick(const char *nick)
{
	return (proto_check_stored_nick(nick) == 0);
}

/* Is this frame one line, as clients get it? */
static int
cluster_one_line(const char *frame, size_t len)
{
	return (len > 0 && frame[len - 1] == '\n' &&
	    memchr(frame, '\n', len - 1) == NULL);
}

/*
 * Deliver and keep a room message from the cluster (the bus, or a room's
 * stream): checked, then sent to clients as the bytes its hub encoded.
 * The fields are read for the history file.
 */
static void
cluster_ingest(const char *key, const char *frame, size_t len)
{
	cJSON		*obj, *img;
	const char	*type, *name, *nick, *text;
	long long	 id, ts;
	int		 action = 0, kind;
	char		*image = NULL, *fold = NULL;
	struct room	*room = NULL;
	struct message	*m;

	if (!cluster_one_line(frame, len) || !utf8_valid(frame, len) ||
	    (obj = cJSON_ParseWithLength(frame, len)) == NULL) {
		log_warnx("cluster: a malformed message on the bus");
		return;
	}
	if (proto_get_str(obj, "type", 1, &type) != 0 ||
	    proto_type_lookup(type) != PROTO_MSG ||
	    proto_get_int(obj, "id", 1, &id) != 0 || id <= 0 ||
	    proto_get_int(obj, "ts", 1, &ts) != 0 ||
	    proto_get_str(obj, "room", 1, &name) != 0 ||
	    proto_get_str(obj, "nick", 1, &nick) != 0 ||
	    proto_get_str(obj, "text", 1, &text) != 0 ||
	    proto_get_bool(obj, "action", 0, &action) != 0 ||
	    !cluster_good_nick(nick) || strlen(text) > CR_TEXT_BYTES ||
	    strcmp(fold = utf8_casefold(name), key) != 0 ||
	    (room = cluster_room(key, name)) == NULL) {
		log_warnx("cluster: a malformed message on the bus");
		free(fold);
		cJSON_Delete(obj);
		return;
	}
	free(fold);
	kind = action ? MSG_ACTION : MSG_TEXT;
	if ((img = cJSON_GetObjectItemCaseSensitive(obj, "image")) != NULL &&
	    cJSON_IsObject(img)) {
		image = cJSON_PrintUnformatted(img);
		kind = MSG_IMAGE;
	}
	server_note_id(id);
	m = message_new_frame(id, ts, kind, nick, text, image, frame, len);
	room_say(room, m);
	message_unref(m);
	cJSON_free(image);
	cJSON_Delete(obj);
}

/* Split a header into tab-separated fields (in place). */
static u_int
cluster_fields(char *header, char **fields, u_int max)
{
	u_int	n = 0;
	char	*p = header, *f;

	while (n < max && (f = strsep(&p, "\t")) != NULL)
		fields[n++] = f;
	return (n);
}

/*
 * Parse a frame from the bus: a JSON object whose type is one of those
 * given (space-separated), or NULL.
 */
static cJSON *
cluster_frame(const char *frame, size_t len, const char *types,
    const char **type)
{
	cJSON	*obj;
	size_t	 n;
	const char *p;

	*type = "";
	if (len == 0 || (obj = cJSON_ParseWithLength(frame, len)) == NULL)
		return (NULL);
	if (cJSON_IsObject(obj) && proto_get_str(obj, "type", 1, type) == 0) {
		n = strlen(*type);
		for (p = types; n > 0 && (p = strstr(p, *type)) != NULL; p++) {
			if ((p == types || p[-1] == ' ') &&
			    (p[n] == ' ' || p[n] == '\0'))
				return (obj);
		}
	}
	log_warnx("cluster: an unexpected frame on the bus");
	cJSON_Delete(obj);
	return (NULL);
}

/* A room event from another hub: update what we know, then fan out. */
static void
cluster_bus_room(const char *hub, const char *key, const char *frame,
    size_t len)
{
	struct room	*room;
	cJSON		*obj;
	const char	*type, *nick = NULL, *topic = NULL;

	obj = cluster_frame(frame, len, "joined left topic_changed", &type);
	if (obj == NULL)
		return;
	proto_get_str(obj, "nick", 0, &nick);
	if ((room = cluster_room(key, NULL)) == NULL) {
		const char	*name = NULL;

		proto_get_str(obj, "room", 0, &name);
		room = cluster_room(key, name);
	}
	if (room != NULL && nick != NULL) {
		if (strcmp(type, "joined") == 0)
			room_remote_add(room, nick, hub);
		else if (strcmp(type, "left") == 0)
			room_remote_remove(room, nick);
		else if (strcmp(type, "topic_changed") == 0 &&
		    proto_get_str(obj, "topic", 1, &topic) == 0) {
			free(room->topic);
			room->topic = xstrdup(topic);
			server_mark_dirty();
		}
	}
	if (room != NULL)
		room_fanout(room, frame, len);
	cJSON_Delete(obj);
}

/* An event for a user's rooms from another hub. */
static void
cluster_bus_peers(const char *hub, char **keys, u_int nkeys,
    const char *frame, size_t len)
{
	struct room		**rooms;
	struct server_event	  out;
	cJSON			 *obj;
	const char		 *type, *nick = NULL, *old = NULL;
	u_int			  i, n = 0;

	obj = cluster_frame(frame, len, "renamed signoff lost back kicked",
	    &type);
	if (obj == NULL)
		return;
	proto_get_str(obj, "nick", 0, &nick);
	proto_get_str(obj, "old", 0, &old);
	rooms = xcalloc(nkeys > 0 ? nkeys : 1, sizeof *rooms);
	for (i = 0; i < nkeys; i++) {
		if ((rooms[n] = room_find(keys[i])) == NULL)
			continue;
		if (nick != NULL && (strcmp(type, "signoff") == 0 ||
		    strcmp(type, "kicked") == 0))
			room_remote_remove(rooms[n], nick);
		else if (nick != NULL && old != NULL &&
		    strcmp(type, "renamed") == 0 &&
		    room_remote_remove(rooms[n], old) == 0)
			room_remote_add(rooms[n], nick, hub);
		n++;
	}
	server_event_init_json(&out, frame, len);
	session_fanout_rooms(rooms, n, &out);
	server_event_free(&out);
	free(rooms);
	cJSON_Delete(obj);
}

/* A session moved between hubs: ours ends, and nobody lists it here. */
static void
cluster_bus_moved(const char *from, const char *to, const char *key)
{
	struct session	*s;
	struct room	*room;

	if (strcmp(from, cl.hub) == 0 && (s = session_find_nick(key)) != NULL)
		server_login_takeover_remote(s, PERR_BAD_TOKEN,
		    "session taken over on another hub");
	if (strcmp(to, cl.hub) == 0)
		return;
	TAILQ_FOREACH(room, &room_list, entry)
		room_remote_remove(room, key);
}

/* Where a resumed session now is. */
static void
cluster_bus_where(const char *hub, char **fields, u_int n)
{
	struct room	*room;
	u_int		 i;

	if (n < 1 || !cluster_good_nick(fields[0]))
		return;
	TAILQ_FOREACH(room, &room_list, entry)
		room_remote_remove(room, fields[0]);
	for (i = 1; i < n; i++) {
		if ((room = cluster_room(fields[i], fields[i])) != NULL)
			room_remote_add(room, fields[0], hub);
	}
}

/* A new room, or a new topic, from another hub. */
static void
cluster_bus_room_created(char **fields, u_int n)
{
	struct room	*room;
	long long	 created;
	enum proto_err	 err;
	char		*cause;

	if (n < 3 || (room = cluster_room(fields[1], fields[1])) == NULL)
		return;
	if (*fields[2] != '\0' && proto_check_text(fields[2], CR_TOPIC_MAX, 0,
	    &err, &cause) != 0) {
		free(cause);
		return;
	}
	if (parse_number(fields[0], 0, INT64_MAX, &created) == 0 &&
	    created > 0 && (room->created == 0 || created < room->created))
		room->created = created;
	if (strcmp(room->topic, fields[2]) != 0) {
		free(room->topic);
		room->topic = xstrdup(fields[2]);
		server_mark_dirty();
	}
}

/* Something arrived on the bus. */
static void
cluster_bus(const char *payload, size_t len)
{
	const char	*nl, *frame;
	char		*header, *f[CR_ROOMS_PER_CLIENT + 8];
	const char	*type;
	size_t		 flen;
	u_int		 n;
	struct session	*s;
	struct room	*room;
	cJSON		*obj;

	if ((nl = memchr(payload, '\n', len)) == NULL ||
	    !utf8_valid(payload, len)) {
		log_warnx("cluster: a malformed payload on the bus");
		return;
	}
	frame = nl + 1;
	flen = len - (frame - payload);
	/* A frame goes to clients as it is: one valid line, or nothing. */
	if (flen > 0 && !cluster_one_line(frame, flen)) {
		log_warnx("cluster: a malformed frame on the bus");
		return;
	}
	header = xstrndup(payload, nl - payload);
	n = cluster_fields(header, f, sizeof f / sizeof f[0]);
	if (n < 2 || strlen(f[0]) != 1)
		goto out;
	switch (f[0][0]) {
	case 'm':		/* m HUB ROOM SID: everyone, us included */
		if (n < 4)
			break;
		cluster_ingest(f[2], frame, flen);
		if ((room = room_find(f[2])) != NULL)
			snprintf(room->mark, sizeof room->mark, "%s", f[3]);
		break;
	case 'r':
		if (n >= 3 && strcmp(f[1], cl.hub) != 0)
			cluster_bus_room(f[1], f[2], frame, flen);
		break;
	case 'p':
		if (strcmp(f[1], cl.hub) != 0)
			cluster_bus_peers(f[1], f + 2, n - 2, frame, flen);
		break;
	case 'c':
		if (strcmp(f[1], cl.hub) != 0)
			cluster_bus_room_created(f + 2, n - 2);
		break;
	case 'd':		/* d HUB NICK: a direct message for HUB */
		if (n >= 3 && strcmp(f[1], cl.hub) == 0 &&
		    (s = session_find_nick(f[2])) != NULL &&
		    (obj = cluster_frame(frame, flen, "dm", &type)) != NULL) {
			session_write(s, frame, flen);
			metrics.delivered[METRICS_DM] += s->peer != NULL;
			cJSON_Delete(obj);
		}
		break;
	case 't':
		if (n >= 4)
			cluster_bus_moved(f[1], f[2], f[3]);
		break;
	case 'j':
		if (strcmp(f[1], cl.hub) != 0)
			cluster_bus_where(f[1], f + 2, n - 2);
		break;
	case 'x':
		if (strcmp(f[1], cl.hub) != 0) {
			log_info("cluster: hub %s is gone", f[1]);
			room_remote_drop_hub(f[1]);
		}
		break;
	case 's':
		if (strcmp(f[1], cl.hub) != 0)
			cluster_load();
		break;
	}
out:
	free(header);
}

/* The subscription: its confirmation starts the sync; then the bus. */
static void
cluster_sub_cb(redisAsyncContext *ac, void *r, void *priv)
{
	redisReply	*reply = r, *kind, *payload;

	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY ||
	    reply->elements < 3)
		return;
	kind = reply->element[0];
	if (kind->type != REDIS_REPLY_STRING)
		return;
	if (strcmp(kind->str, "subscribe") == 0) {
		if (cl.state == CL_CONNECTING)
			cluster_sync_start();
		return;
	}
	if (strcmp(kind->str, "message") != 0)
		return;
	payload = reply->element[2];
	if (payload->type != REDIS_REPLY_STRING)
		return;
	if (cl.state == CL_SYNCING) {
		cl.queued = xreallocarray(cl.queued, cl.nqueued + 1,
		    sizeof *cl.queued);
		cl.queuedlen = xreallocarray(cl.queuedlen, cl.nqueued + 1,
		    sizeof *cl.queuedlen);
		cl.queued[cl.nqueued] = xstrndup(payload->str, payload->len);
		cl.queuedlen[cl.nqueued++] = payload->len;
	} else if (cl.state == CL_UP)
		cluster_bus(payload->str, payload->len);
}

/* Throw away the bus messages held during a sync. */
static void
cluster_drop_queued(void)
{
	u_int	i;

	for (i = 0; i < cl.nqueued; i++)
		free(cl.queued[i]);
	free(cl.queued);
	free(cl.queuedlen);
	cl.queued = NULL;
	cl.queuedlen = NULL;
	cl.nqueued = 0;
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
	const char	*auth[2] = { "AUTH", cl.password };
	const char	*select[2] = { "SELECT", NULL };
	char		 db[16];

	cl.gen++;
	cl.state = CL_CONNECTING;
	cl.started = now_ms();
	cl.outstanding = 0;
	cl.cmd = redisAsyncConnect(cl.host, cl.port);
	cl.sub = redisAsyncConnect(cl.host, cl.port);
	if (cl.cmd == NULL || cl.cmd->err || cl.sub == NULL || cl.sub->err) {
		cluster_lost("cannot open a connection");
		return;
	}
	redisLibeventAttach(cl.cmd, server_base());
	redisLibeventAttach(cl.sub, server_base());
	redisAsyncSetConnectCallback(cl.cmd, cluster_connect_cb);
	redisAsyncSetConnectCallback(cl.sub, cluster_connect_cb);
	redisAsyncSetDisconnectCallback(cl.cmd, cluster_disconnect_cb);
	redisAsyncSetDisconnectCallback(cl.sub, cluster_disconnect_cb);
	if (cl.password != NULL) {
		cluster_command(cluster_setup_cb, NULL, 2, auth, NULL);
		redisAsyncCommandArgv(cl.sub, cluster_sub_setup_cb, NULL, 2,
		    auth, NULL);
	}
	if (cl.db != 0) {
		snprintf(db, sizeof db, "%d", cl.db);
		select[1] = db;
		cluster_command(cluster_setup_cb, NULL, 2, select, NULL);
	}
	redisAsyncCommand(cl.sub, cluster_sub_cb, NULL, "SUBSCRIBE %s",
	    CL_BUS);
}

/*
 * The connection is lost (or never came): serve local users alone,
 * tell them and the log, and try again with back-off.
 */
static void
cluster_lost(const char *why)
{
	struct cluster_out	*out;
	int			 was = cl.state;

	if (cl.state == CL_DOWN || cl.state == CL_OFF)
		return;
	cl.state = CL_DOWN;
	if (cl.cmd != NULL) {
		cl.dead_cmd = cl.cmd;
		cl.cmd = NULL;
	}
	if (cl.sub != NULL) {
		cl.dead_sub = cl.sub;
		cl.sub = NULL;
	}
	event_active(cl.reaper, EV_TIMEOUT, 1);
	cluster_drop_queued();

	/* What was in flight is sent again, looked for first. */
	while ((out = TAILQ_FIRST(&cl.inflight)) != NULL) {
		TAILQ_REMOVE(&cl.inflight, out, entry);
		out->inflight = 0;
		out->check = 1;
		TAILQ_INSERT_TAIL(&cl.outbox, out, entry);
		cl.noutbox++;
	}

	cl.backoff = cl.backoff == 0 ? 250 : cl.backoff * 2;
	if (cl.backoff > CR_CLUSTER_BACKOFF_MAX)
		cl.backoff = CR_CLUSTER_BACKOFF_MAX;
	cl.retry_at = now_ms() + cl.backoff;
	if (was == CL_UP || !cl.degraded) {
		log_warnx("cluster: lost Redis at %s (%s): serving this hub's "
		    "users only; retrying", cl.url, why);
		if (!cl.stopping)
			server_client_notice_all("degraded", cl.url);
		cl.degraded = 1;
	} else
		log_debug("cluster: Redis at %s: %s; retrying in %d ms",
		    cl.url, why, cl.backoff);
}

/* Count a sync step done; the last one finishes the sync. */
static int
cluster_step_done(struct cluster_step *st)
{
	int	current = st->gen == cl.gen && cl.state == CL_SYNCING;

	free(st->key);
	free(st);
	if (!current)
		return (0);
	if (--cl.sync_pending == 0)
		cluster_sync_done();
	return (1);
}

static struct cluster_step *
cluster_step_new(const char *key, int n)
{
	struct cluster_step	*st;

	st = xcalloc(1, sizeof *st);
	st->gen = cl.gen;
	st->key = key != NULL ? xstrdup(key) : NULL;
	st->n = n;
	cl.sync_pending++;
	return (st);
}

/* SCRIPT LOAD: the name must be what we computed. */
static void
cluster_script_cb(redisReply *reply, void *arg)
{
	struct cluster_step	*st = arg;
	int			 ok;

	ok = reply != NULL && reply->type == REDIS_REPLY_STRING &&
	    strcmp(reply->str, cl.sha[st->n]) == 0;
	if (reply != NULL && !ok && st->gen == cl.gen)
		cluster_lost("Redis refused a script (Redis 6.2 or later "
		    "is needed)");
	cluster_step_done(st);
}

/* SYNC: our block of ids for a split. */
static void
cluster_block_cb(redisReply *reply, void *arg)
{
	struct cluster_step	*st = arg;

	if (reply != NULL && reply->type == REDIS_REPLY_INTEGER &&
	    st->gen == cl.gen)
		cluster_set_block(reply->integer);
	cluster_step_done(st);
}

/* A session of ours sent again after a split: kept, or it collided. */
static void
cluster_reclaim_cb(redisReply *reply, void *arg)
{
	struct cluster_step	*st = arg;
	struct session		*s;
	const char		*status = cluster_claim_status(reply);

	if (status != NULL && strcmp(status, "taken") == 0 &&
	    st->gen == cl.gen && (s = session_find_nick(st->key)) != NULL) {
		log_warnx("cluster: %s was taken on another hub during the "
		    "split", s->nick);
		server_login_takeover_remote(s, PERR_NICK_TAKEN, "while the "
		    "cluster was split, another hub gave this nick away");
	}
	cluster_step_done(st);
}

/* The remote members, from the other hubs' entries. */
static void
cluster_load_cb(redisReply *reply, void *arg)
{
	struct cluster_step	*st = arg;
	struct room		*room;
	char			*copy, *f[CR_ROOMS_PER_CLIENT + 3];
	size_t			 i;
	u_int			 n, j;

	if (reply != NULL && reply->type == REDIS_REPLY_ARRAY &&
	    st->gen == cl.gen) {
		room_remote_clear();
		for (i = 0; i < reply->elements; i++) {
			if (reply->element[i]->type != REDIS_REPLY_STRING)
				continue;
			copy = xstrdup(reply->element[i]->str);
			n = cluster_fields(copy, f, sizeof f / sizeof f[0]);
			if (n < 3 || !utf8_valid(f[2], strlen(f[2])) ||
			    !cluster_good_nick(f[2]))
				n = 0;
			for (j = 3; j < n; j++) {
				if ((room = cluster_room(f[j], f[j])) != NULL)
					room_remote_add(room, f[2], f[0]);
			}
			free(copy);
		}
	}
	if (st->n == 1) {		/* a reload, not a sync step */
		free(st->key);
		free(st);
		return;
	}
	cluster_step_done(st);
}

/* Reload the remote members (another hub resynchronised). */
static void
cluster_load(void)
{
	struct cluster_step	*st;
	const char		*args[2] = { CL_PREFIX "nicks", cl.hub };

	st = xcalloc(1, sizeof *st);
	st->gen = cl.gen;
	st->n = 1;
	if (cluster_eval(CS_LOAD, 1, 2, args, NULL, cluster_load_cb, st) != 0)
		free(st);
}

/* A room's stream: what this hub missed. */
static void
cluster_stream_cb(redisReply *reply, void *arg)
{
	struct cluster_step	*st = arg;
	struct room		*room;
	redisReply		*e, *fields;
	size_t			 i, k, j;

	if (reply != NULL && reply->type == REDIS_REPLY_ARRAY &&
	    st->gen == cl.gen && (room = room_find(st->key)) != NULL) {
		for (k = 0; k < reply->elements; k++) {
			i = st->n ? reply->elements - 1 - k : k;
			e = reply->element[i];
			if (e->type != REDIS_REPLY_ARRAY || e->elements != 2 ||
			    e->element[0]->type != REDIS_REPLY_STRING)
				continue;
			fields = e->element[1];
			for (j = 0; j + 1 < fields->elements; j += 2) {
				if (strcmp(fields->element[j]->str, "f") == 0)
					cluster_ingest(st->key,
					    fields->element[j + 1]->str,
					    fields->element[j + 1]->len);
			}
			snprintf(room->mark, sizeof room->mark, "%s",
			    e->element[0]->str);
		}
	}
	cluster_step_done(st);
}

/* The rooms Redis knows: create ours, then read the streams. */
static void
cluster_rooms_cb(redisReply *reply, void *arg)
{
	struct cluster_step	*st = arg;
	struct room		*room;
	char			*copy, *f[3], *stream, start[64], count[32];
	const char		*args[2] = { CL_PREFIX "nicks", cl.hub };
	const char		*argv[6];
	size_t			 i;

	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY ||
	    st->gen != cl.gen || cl.state != CL_SYNCING) {
		cluster_step_done(st);
		return;
	}
	for (i = 0; i + 1 < reply->elements; i += 2) {
		if (reply->element[i + 1]->type != REDIS_REPLY_STRING)
			continue;
		copy = xstrdup(reply->element[i + 1]->str);
		if (cluster_fields(copy, f, 3) == 3)
			cluster_bus_room_created(f, 3);
		free(copy);
	}

	cluster_eval(CS_LOAD, 1, 2, args, NULL, cluster_load_cb,
	    cluster_step_new(NULL, 0));
	snprintf(count, sizeof count, "%d", server_options()->history_size);
	TAILQ_FOREACH(room, &room_list, entry) {
		xasprintf(&stream, CL_PREFIX "room:%s", room->key);
		if (room->mark[0] != '\0') {
			snprintf(start, sizeof start, "(%s", room->mark);
			argv[0] = "XRANGE";
			argv[1] = stream;
			argv[2] = start;
			argv[3] = "+";
			cluster_command(cluster_stream_cb,
			    cluster_step_new(room->key, 0), 4, argv, NULL);
		} else {
			argv[0] = "XREVRANGE";
			argv[1] = stream;
			argv[2] = "+";
			argv[3] = "-";
			argv[4] = "COUNT";
			argv[5] = count;
			cluster_command(cluster_stream_cb,
			    cluster_step_new(room->key, 1), 6, argv, NULL);
		}
		free(stream);
	}
	cluster_step_done(st);
}

/*
 * In contact again (or for the first time): load the scripts, take a
 * block of ids, send our sessions and rooms, then read back the rooms,
 * the other hubs' members and the messages we missed.  The bus is held
 * meanwhile and delivered after.
 */
static void
cluster_sync_start(void)
{
	struct session	*s;
	struct room	*room;
	const char	*argv[4], *args[7];
	char		 maxid[32], block[32], ttl[16], *value;
	int		 i;

	cl.state = CL_SYNCING;
	cl.sync_pending = 1;		/* this function's own step */
	for (i = 0; i < CS_NSCRIPTS; i++) {
		argv[0] = "SCRIPT";
		argv[1] = "LOAD";
		argv[2] = cluster_scripts[i];
		cluster_command(cluster_script_cb, cluster_step_new(NULL, i),
		    3, argv, NULL);
	}
	snprintf(maxid, sizeof maxid, "%llu",
	    (unsigned long long)server_next_id());
	snprintf(block, sizeof block, "%d", CR_CLUSTER_BLOCK);
	snprintf(ttl, sizeof ttl, "%d", cl.ttl);
	args[0] = CL_PREFIX "id";
	args[1] = CL_PREFIX "nicks";
	args[2] = maxid;
	args[3] = block;
	args[4] = cl.hub;
	args[5] = ttl;
	cluster_eval(CS_SYNC, 2, 6, args, NULL, cluster_block_cb,
	    cluster_step_new(NULL, 0));

	for (s = session_next(NULL); s != NULL; s = session_next(s)) {
		value = cluster_entry(s);
		args[0] = CL_PREFIX "nicks";
		args[1] = s->key;
		args[2] = cl.hub;
		args[3] = "";
		args[4] = value;
		args[5] = "";
		args[6] = "1";
		cluster_eval(CS_CLAIM, 1, 7, args, NULL, cluster_reclaim_cb,
		    cluster_step_new(s->key, 0));
		free(value);
	}
	TAILQ_FOREACH(room, &room_list, entry) {
		xasprintf(&value, "%lld\t%s\t%s", (long long)room->created,
		    room->name, room->topic);
		argv[0] = "HSETNX";
		argv[1] = CL_PREFIX "rooms";
		argv[2] = room->key;
		argv[3] = value;
		cluster_command(NULL, NULL, 4, argv, NULL);
		free(value);
	}
	argv[0] = "HGETALL";
	argv[1] = CL_PREFIX "rooms";
	cluster_command(cluster_rooms_cb, cluster_step_new(NULL, 0), 2, argv,
	    NULL);
	cl.last_beat = now_ms();
	if (--cl.sync_pending == 0)
		cluster_sync_done();
}

/* In step: deliver the held bus, announce ourselves, send the outbox. */
static void
cluster_sync_done(void)
{
	struct cluster_outs	 todo;
	struct cluster_out	*out;
	char			*header;
	u_int			 i, n = cl.noutbox;

	cl.state = CL_UP;
	cl.backoff = 0;
	if (cl.ever_up)		/* back after losing Redis */
		cl.reap_after = now_ms() + cl.ttl * 1000 +
		    CR_CLUSTER_BACKOFF_MAX;
	for (i = 0; i < cl.nqueued && cl.state == CL_UP; i++)
		cluster_bus(cl.queued[i], cl.queuedlen[i]);
	cluster_drop_queued();
	if (cl.state != CL_UP)
		return;

	xasprintf(&header, "s\t%s", cl.hub);
	cluster_publish(header, strlen(header), NULL, 0);
	free(header);

	TAILQ_INIT(&todo);
	TAILQ_CONCAT(&todo, &cl.outbox, entry);
	cl.noutbox = 0;
	while ((out = TAILQ_FIRST(&todo)) != NULL) {
		TAILQ_REMOVE(&todo, out, entry);
		cluster_send_out(out);
	}
	if (cl.degraded) {
		log_warnx("cluster: back in contact with Redis at %s as hub "
		    "%s; %u held messages sent on", cl.url, cl.hub, n);
		server_client_notice_all("recovered", cl.url);
		cl.degraded = 0;
	} else
		log_info("cluster: in contact with Redis at %s as hub %s",
		    cl.url, cl.hub);
	cl.ever_up = 1;
}

/* Take a new block of ids for a split, ending at end. */
static void
cluster_set_block(long long end)
{
	cl.block_end = (uint64_t)end + 1;
	cl.block_next = cl.block_end - CR_CLUSTER_BLOCK;
}

/* BEAT: a new block of ids, or -1: the others gave us up for dead. */
static void
cluster_beat_cb(redisReply *reply, void *arg)
{
	if (reply == NULL || reply->type != REDIS_REPLY_ARRAY ||
	    reply->elements != 2 ||
	    reply->element[0]->type != REDIS_REPLY_INTEGER ||
	    reply->element[1]->type != REDIS_REPLY_INTEGER ||
	    cl.state != CL_UP)
		return;
	if (reply->element[0]->integer == -1) {
		cluster_lost("this hub was given up for dead; joining again");
		return;
	}
	if (reply->element[1]->integer > 0)
		cluster_set_block(reply->element[1]->integer);
}

/* Heartbeats, the watchdog and reconnection. */
static void
cluster_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct server_opts	*o = server_options();
	const char		*args[9];
	char			 ttl[16], now[32], window[32], block[32];
	int64_t			 t = now_ms();
	int			 purge;

	switch (cl.state) {
	case CL_DOWN:
		if (t >= cl.retry_at && !cl.stopping)
			cluster_connect();
		break;
	case CL_CONNECTING:
	case CL_SYNCING:
		if (t - cl.started > cl.ttl * 500)
			cluster_lost("no answer from Redis");
		break;
	case CL_UP:
		if (cl.outstanding > 0 &&
		    t - cl.last_reply > cl.ttl * 500) {
			cluster_lost("Redis stopped answering");
			break;
		}
		if (t - cl.last_beat < cl.ttl * 1000 / CR_CLUSTER_BEATS)
			break;
		cl.last_beat = t;
		purge = t - cl.last_purge > 60 * 1000;
		if (purge)
			cl.last_purge = t;
		snprintf(ttl, sizeof ttl, "%d", cl.ttl);
		snprintf(now, sizeof now, "%lld", (long long)t);
		snprintf(window, sizeof window, "%lld",
		    (long long)o->resume_seconds * 1000);
		/* Renew the block once newer ids than it have been seen. */
		snprintf(block, sizeof block, "%d",
		    server_peek_id() > cl.block_next ? CR_CLUSTER_BLOCK : 0);
		args[0] = CL_PREFIX "nicks";
		args[1] = CL_PREFIX "id";
		args[2] = cl.hub;
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
		args[8] = t >= cl.reap_after ? "1" : "0";
		cluster_eval(CS_BEAT, 2, 9, args, NULL, cluster_beat_cb, NULL);
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
		fprintf(stderr, "chatroom: %s\n", cause);
		log_warnx("%s", cause);
		free(cause);
		return (-1);
	}
	if (o->cluster_password_file != NULL &&
	    util_read_password(o->cluster_password_file, &cl.password) != 0)
		return (-1);
	cl.url = xstrdup(o->cluster);
	cl.ttl = o->cluster_ttl > 0 ? o->cluster_ttl : CR_CLUSTER_TTL;
	arc4random_buf(rnd, sizeof rnd);
	for (i = 0; i < sizeof rnd; i++)
		snprintf(cl.hub + i * 2, 3, "%02x", rnd[i]);
	for (i = 0; i < CS_NSCRIPTS; i++)
		cluster_hex(EVP_sha1(), cluster_scripts[i], cl.sha[i]);
	TAILQ_INIT(&cl.inflight);
	TAILQ_INIT(&cl.outbox);
	TAILQ_INIT(&cl.waits);
	cl.reaper = event_new(server_base(), -1, 0, cluster_reaper_cb, NULL);
	cl.tick = event_new(server_base(), -1, EV_PERSIST, cluster_tick_cb,
	    NULL);
	evtimer_add(cl.tick, &tv);
	cl.state = CL_DOWN;
	log_info("cluster: hub %s, Redis at %s", cl.hub, cl.url);
	cluster_connect();

	deadline = now_ms() + cl.ttl * 500;
	while (cl.state != CL_UP && cl.state != CL_DOWN && now_ms() < deadline)
		event_base_loop(server_base(), EVLOOP_ONCE);
	if (cl.state != CL_UP)
		log_warnx("cluster: Redis at %s is unreachable; serving this "
		    "hub's users only until it answers", cl.url);
	return (0);
}

/*
 * For the frame fuzzer: be hub "fuzz", in contact with a Redis that
 * takes no commands, and hand it a payload as if the bus brought it.
 */
void
cluster_fuzz_bus(const char *payload, size_t len)
{
	if (cl.state == CL_OFF) {
		TAILQ_INIT(&cl.inflight);
		TAILQ_INIT(&cl.outbox);
		TAILQ_INIT(&cl.waits);
		snprintf(cl.hub, sizeof cl.hub, "fuzz");
		cl.url = xstrdup("redis://fuzz");
		cl.ttl = CR_CLUSTER_TTL;
		cl.state = CL_UP;
	}
	cluster_bus(payload, len);
}

/* Shutting down: our sessions stay resumable on the other hubs. */
static void
cluster_shutdown(void)
{
	const char	*args[3];
	char		 now[32];

	if (cl.state == CL_OFF)
		return;
	if (cl.state == CL_UP) {
		snprintf(now, sizeof now, "%lld", (long long)now_ms());
		args[0] = CL_PREFIX "nicks";
		args[1] = cl.hub;
		args[2] = now;
		cluster_eval(CS_LEAVE, 1, 3, args, NULL, NULL, NULL);
	}
	cl.stopping = 1;
}

/* Are commands still on their way to Redis (at shutdown)? */
static int
cluster_busy(void)
{
	return (cl.state == CL_UP && cl.outstanding > 0);
}

/* Free everything (at exit). */
void
cluster_free(void)
{
	struct cluster_out	*out;
	struct cluster_wait	*w;

	if (cl.state == CL_OFF)
		return;
	cl.stopping = 1;
	cl.state = CL_OFF;
	if (cl.cmd != NULL) {
		cl.dead_cmd = cl.cmd;
		cl.cmd = NULL;
	}
	if (cl.sub != NULL) {
		cl.dead_sub = cl.sub;
		cl.sub = NULL;
	}
	TAILQ_FOREACH(w, &cl.waits, entry)
		w->client = NULL;
	TAILQ_FOREACH(out, &cl.inflight, entry)
		out->client = NULL;
	cluster_reaper_cb(-1, 0, NULL);
	while ((out = TAILQ_FIRST(&cl.inflight)) != NULL) {
		TAILQ_REMOVE(&cl.inflight, out, entry);
		free(out->roomkey);
		free(out->frame);
		free(out);
	}
	while ((out = TAILQ_FIRST(&cl.outbox)) != NULL) {
		TAILQ_REMOVE(&cl.outbox, out, entry);
		free(out->roomkey);
		free(out->frame);
		free(out);
	}
	while ((w = TAILQ_FIRST(&cl.waits)) != NULL)
		cluster_wait_free(w);
	cluster_drop_queued();
	if (cl.reaper != NULL)
		event_free(cl.reaper);
	if (cl.tick != NULL)
		event_free(cl.tick);
	if (cl.password != NULL) {
		explicit_bzero(cl.password, strlen(cl.password));
		free(cl.password);
	}
	free(cl.host);
	free(cl.url);
	memset(&cl, 0, sizeof cl);
}

/* The hub's view of the cluster: see struct server_backend in server.h. */
const struct server_backend cluster_backend = {
	.name = "cluster",
	.hello = cluster_hello,
	.nick = cluster_nick,
	.say = cluster_msg,
	.remote = cluster_up,
	.dm = cluster_dm,
	.dm_id = cluster_local_id,
	.room_event = cluster_room_event,
	.peers_event = cluster_peers,
	.room_changed = cluster_room_created,
	.session = cluster_session,
	.session_gone = cluster_session_gone,
	.resumed = cluster_resumed,
	.forget = cluster_forget,
	.degraded = cluster_degraded_subject,
	.shutdown = cluster_shutdown,
	.busy = cluster_busy,
};
