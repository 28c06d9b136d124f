/* SPDX-License-Identifier: ISC */
/* server-addr.c: limits per address: logins, joins, rooms, claims, ghosts. */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "proto.h"
#include "server.h"

/*
 * One address must not lock everyone else out, so the hub counts per
 * address (an IPv6 address by its /64, which one host usually has whole)
 * what costs others something: logins (each announced to the lobby),
 * joins (each replays history: a connection has its own bucket, but
 * several connections would multiply it), rooms made, nicks claimed, and
 * sessions left waiting for a resume (ghosts).  Logins, joins, rooms and
 * claims each take a token from a bucket of the address; buckets refill
 * with time and outlive connections, so reconnecting does not reset them.
 * Ghosts are counted per address and in all; past either cap the oldest
 * ghost (of the address, or of all) ends.
 *
 * The entries live in a hash table of SERVER_ADDR_BUCKETS chains and in a
 * list from the least to the most recently used.  An entry whose buckets
 * are full again and that has no ghosts tells nothing and is forgotten;
 * at most CR_ADDR_TRACKED are kept, the least recently used without
 * ghosts making room for a new one.
 */
#define SERVER_ADDR_BUCKETS	4096

struct server_addr_bucket {
	double		 tokens;
	int64_t		 at;		/* when it was last refilled */
};

#define SERVER_ADDR_LOGIN	0
#define SERVER_ADDR_ROOM	1
#define SERVER_ADDR_CLAIM	2
#define SERVER_ADDR_JOIN	3
#define SERVER_ADDR_KINDS	4

struct server_addr {
	char		 key[INET6_ADDRSTRLEN + 4];
	u_int		 hash;
	struct server_addr_bucket bucket[SERVER_ADDR_KINDS];
	u_int		 nghosts;
	TAILQ_HEAD(, session) ghosts;	/* oldest first */
	struct server_addr *next;	/* in its hash chain */
	TAILQ_ENTRY(server_addr) entry;	/* least recently used first */
};

static struct server_addr *server_addr_table[SERVER_ADDR_BUCKETS];
static TAILQ_HEAD(, server_addr) server_addr_lru =
    TAILQ_HEAD_INITIALIZER(server_addr_lru);
static u_int	 server_addr_n;
static int64_t	 server_addr_swept;

/* Every ghost, oldest first, those of no known address included. */
static TAILQ_HEAD(, session) server_addr_all =
    TAILQ_HEAD_INITIALIZER(server_addr_all);
static u_int	 server_addr_nghosts;

static void	server_addr_key(const char *, char *, size_t);
static u_int	server_addr_hash(const char *);
static void	server_addr_limits(int, int *, double *);
static int	server_addr_refill(struct server_addr_bucket *, int, double,
		    int64_t);
static int	server_addr_clean(struct server_addr *, int64_t);
static void	server_addr_remove(struct server_addr *);
static struct server_addr *server_addr_get(const char *, int);
static int	server_addr_take(const char *, int);

/*
 * The key an address is counted under: an IPv4 address (IPv4-mapped
 * IPv6 too) as itself, an IPv6 address by its /64, anything else as it
 * is.
 */
static void
server_addr_key(const char *ip, char *key, size_t size)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;
	char		 buf[INET6_ADDRSTRLEN];

	if (inet_pton(AF_INET, ip, &a4) == 1) {
		inet_ntop(AF_INET, &a4, key, size);
		return;
	}
	if (inet_pton(AF_INET6, ip, &a6) != 1) {
		snprintf(key, size, "%s", ip);
		return;
	}
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		memcpy(&a4, &a6.s6_addr[12], sizeof a4);
		inet_ntop(AF_INET, &a4, key, size);
		return;
	}
	memset(&a6.s6_addr[8], 0, 8);
	inet_ntop(AF_INET6, &a6, buf, sizeof buf);
	snprintf(key, size, "%s/64", buf);
}

/* FNV-1a of a key. */
static u_int
server_addr_hash(const char *key)
{
	uint32_t	h = 2166136261U;

	for (; *key != '\0'; key++) {
		h ^= (u_char)*key;
		h *= 16777619U;
	}
	return (h);
}

/*
 * A kind's burst and refill rate in tokens a millisecond, from the
 * options; a rate of 0 means no limit.
 */
static void
server_addr_limits(int kind, int *burst, double *per_ms)
{
	struct server_opts	*o = server_options();

	switch (kind) {
	case SERVER_ADDR_LOGIN:
		*burst = o->login_burst;
		*per_ms = o->login_rate / 60000.0;
		break;
	case SERVER_ADDR_ROOM:
		*burst = o->room_burst;
		*per_ms = o->room_rate / 3600000.0;
		break;
	case SERVER_ADDR_JOIN:
		/* Off with the flood control, as a connection's. */
		*burst = CR_JOIN_ADDR_BURST;
		*per_ms = o->flood_rate == 0 ? 0 :
		    1 / (CR_JOIN_INTERVAL * 1000.0);
		break;
	default:
		*burst = o->claims_per_ip;
		*per_ms = o->claims_per_ip / 86400000.0;
		break;
	}
}

/* Add the tokens earned since the last refill; 1 if the bucket is full. */
static int
server_addr_refill(struct server_addr_bucket *b, int burst, double per_ms,
    int64_t now)
{
	if (now > b->at)
		b->tokens += (now - b->at) * per_ms;
	b->at = now;
	if (b->tokens < burst)
		return (0);
	b->tokens = burst;
	return (1);
}

/* Does an entry tell nothing any more (full buckets, no ghosts)? */
static int
server_addr_clean(struct server_addr *a, int64_t now)
{
	int	kind, burst;
	double	per_ms;

	if (a->nghosts > 0)
		return (0);
	for (kind = 0; kind < SERVER_ADDR_KINDS; kind++) {
		server_addr_limits(kind, &burst, &per_ms);
		if (!server_addr_refill(&a->bucket[kind], burst, per_ms, now))
			return (0);
	}
	return (1);
}

/* Forget an entry (it has no ghosts). */
static void
server_addr_remove(struct server_addr *a)
{
	struct server_addr	**pp;

	for (pp = &server_addr_table[a->hash % SERVER_ADDR_BUCKETS]; *pp != a;
	    pp = &(*pp)->next)
		;
	*pp = a->next;
	TAILQ_REMOVE(&server_addr_lru, a, entry);
	server_addr_n--;
	free(a);
}

/*
 * The entry of an address, made (with full buckets) if asked and there is
 * none; NULL if there is none, or no room for it.
 */
static struct server_addr *
server_addr_get(const char *ip, int create)
{
	struct server_addr	*a, *next;
	char			 key[INET6_ADDRSTRLEN + 4];
	u_int			 hash, kind;
	int64_t			 now = now_ms();
	int			 burst;
	double			 per_ms;

	server_addr_key(ip, key, sizeof key);
	hash = server_addr_hash(key);
	for (a = server_addr_table[hash % SERVER_ADDR_BUCKETS]; a != NULL;
	    a = a->next) {
		if (a->hash == hash && strcmp(a->key, key) == 0) {
			TAILQ_REMOVE(&server_addr_lru, a, entry);
			TAILQ_INSERT_TAIL(&server_addr_lru, a, entry);
			return (a);
		}
	}
	if (!create)
		return (NULL);

	/* Full: sweep (at most once a second), then evict. */
	if (server_addr_n >= CR_ADDR_TRACKED && now - server_addr_swept > 1000)
		server_addr_expire();
	for (a = TAILQ_FIRST(&server_addr_lru);
	    a != NULL && server_addr_n >= CR_ADDR_TRACKED; a = next) {
		next = TAILQ_NEXT(a, entry);
		if (a->nghosts == 0)
			server_addr_remove(a);
	}
	if (server_addr_n >= CR_ADDR_TRACKED)
		return (NULL);

	a = xcalloc(1, sizeof *a);
	memcpy(a->key, key, sizeof a->key);
	a->hash = hash;
	for (kind = 0; kind < SERVER_ADDR_KINDS; kind++) {
		server_addr_limits(kind, &burst, &per_ms);
		a->bucket[kind].tokens = burst;
		a->bucket[kind].at = now;
	}
	TAILQ_INIT(&a->ghosts);
	a->next = server_addr_table[hash % SERVER_ADDR_BUCKETS];
	server_addr_table[hash % SERVER_ADDR_BUCKETS] = a;
	TAILQ_INSERT_TAIL(&server_addr_lru, a, entry);
	server_addr_n++;
	return (a);
}

/*
 * Take a token of a kind for an address: 0 if it had one, else how many
 * seconds until it has.  A full table does not lock anyone out.
 */
static int
server_addr_take(const char *ip, int kind)
{
	struct server_addr		*a;
	struct server_addr_bucket	*b;
	int				 burst, secs;
	double				 per_ms;

	server_addr_limits(kind, &burst, &per_ms);
	if (per_ms <= 0 || (a = server_addr_get(ip, 1)) == NULL)
		return (0);
	b = &a->bucket[kind];
	server_addr_refill(b, burst, per_ms, now_ms());
	if (b->tokens >= 1) {
		b->tokens -= 1;
		return (0);
	}
	/* Whole seconds until the next token, rounded up (to within 1 ms). */
	secs = (int)(((1 - b->tokens) / per_ms + 999) / 1000);
	return (secs > 0 ? secs : 1);
}

/*
 * A login (a hello, whatever comes of it) from an address: 0 if it may
 * go on, else how many seconds until the next one may.
 */
int
server_addr_login(const char *ip)
{
	return (server_addr_take(ip, SERVER_ADDR_LOGIN));
}

/*
 * Does an address log in again and again: has it used more than half of
 * its login allowance lately?  (Never when logins are not limited.)
 */
int
server_addr_churning(const char *ip)
{
	struct server_addr		*a;
	struct server_addr_bucket	*b;
	int				 burst;
	double				 per_ms;

	server_addr_limits(SERVER_ADDR_LOGIN, &burst, &per_ms);
	if (per_ms <= 0 || (a = server_addr_get(ip, 0)) == NULL)
		return (0);
	b = &a->bucket[SERVER_ADDR_LOGIN];
	server_addr_refill(b, burst, per_ms, now_ms());
	return (b->tokens < burst / 2.0);
}

/*
 * A join (or a room made and joined) by a user at an address: 0, or
 * seconds to wait.
 */
int
server_addr_join(const char *ip)
{
	return (server_addr_take(ip, SERVER_ADDR_JOIN));
}

/* A room made by a user at an address: 0, or seconds to wait. */
int
server_addr_room(const char *ip)
{
	return (server_addr_take(ip, SERVER_ADDR_ROOM));
}

/*
 * May a key (NULL: a password, from IRC) at an address claim one more
 * nick?  Caps: the claims a key holds, the claims in all, and new claims
 * from the address (a bucket).
 * 0 if it may (a token is taken); else -1 with a reason for the log.
 */
int
server_addr_claim(const char *ip, const char *pubkey, char **cause)
{
	struct server_opts	*o = server_options();
	u_int			 n;
	int			 wait;

	if ((n = claim_count()) >= (u_int)o->max_claims) {
		xasprintf(cause, "the hub holds %u claims, its limit", n);
		return (-1);
	}
	if (pubkey != NULL &&
	    (n = claim_count_key(pubkey)) >= (u_int)o->claims_per_key) {
		xasprintf(cause, "the key holds %u claims, its limit", n);
		return (-1);
	}
	if ((wait = server_addr_take(ip, SERVER_ADDR_CLAIM)) > 0) {
		xasprintf(cause, "too many new claims from %s (the next in "
		    "%d s)", ip, wait);
		return (-1);
	}
	return (0);
}

/*
 * A session has lost its connection and waits for a resume: count it
 * under its address (if it has one) and in all.
 */
void
server_addr_ghost_add(struct session *s)
{
	struct server_addr	*a = NULL;

	if (s->flags & SESSION_GHOST)
		return;
	if (s->ip != NULL && (a = server_addr_get(s->ip, 1)) != NULL) {
		TAILQ_INSERT_TAIL(&a->ghosts, s, ghost_entry);
		a->nghosts++;
	}
	s->ghost_of = a;
	s->flags |= SESSION_GHOST;
	TAILQ_INSERT_TAIL(&server_addr_all, s, ghosts_entry);
	server_addr_nghosts++;
}

/* A ghost is back (resumed) or ends: it no longer counts. */
void
server_addr_ghost_remove(struct session *s)
{
	struct server_addr	*a = s->ghost_of;

	if (!(s->flags & SESSION_GHOST))
		return;
	if (a != NULL) {
		TAILQ_REMOVE(&a->ghosts, s, ghost_entry);
		a->nghosts--;
	}
	s->ghost_of = NULL;
	s->flags &= ~SESSION_GHOST;
	TAILQ_REMOVE(&server_addr_all, s, ghosts_entry);
	server_addr_nghosts--;
}

/*
 * The ghost to end so that the caps hold after s became one: the oldest
 * of s's address past --max-ghosts-per-ip, else the oldest of all past
 * --max-ghosts; NULL when both hold.  *why says which cap.  The caller
 * ends it and asks again.
 */
struct session *
server_addr_ghost_over(struct session *s, const char **why)
{
	struct server_opts	*o = server_options();
	struct server_addr	*a = s->ghost_of;

	if (a != NULL && a->nghosts > (u_int)o->max_ghosts_per_ip) {
		*why = "from its address";
		return (TAILQ_FIRST(&a->ghosts));
	}
	if (server_addr_nghosts > (u_int)o->max_ghosts) {
		*why = "in all";
		return (TAILQ_FIRST(&server_addr_all));
	}
	return (NULL);
}

/* How many sessions wait for a resume, in all. */
u_int
server_addr_ghosts(void)
{
	return (server_addr_nghosts);
}

/* Forget the entries that tell nothing any more (a periodic sweep). */
void
server_addr_expire(void)
{
	struct server_addr	*a, *next;
	int64_t			 now = now_ms();

	server_addr_swept = now;
	for (a = TAILQ_FIRST(&server_addr_lru); a != NULL; a = next) {
		next = TAILQ_NEXT(a, entry);
		if (server_addr_clean(a, now))
			server_addr_remove(a);
	}
}

/* Forget every entry (at exit, after the sessions are gone). */
void
server_addr_free_all(void)
{
	struct server_addr	*a;

	while ((a = TAILQ_FIRST(&server_addr_lru)) != NULL) {
		a->nghosts = 0;
		server_addr_remove(a);
	}
	TAILQ_INIT(&server_addr_all);
	server_addr_nghosts = 0;
}
