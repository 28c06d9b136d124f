/* SPDX-License-Identifier: ISC */
/* auth.c: wrong passwords counted per address, in buckets that outlive connections. */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <search.h>
#include <stdlib.h>
#include <string.h>

#include "chatroom.h"
#include "server.h"

/*
 * Each address (an IPv6 address by its /64, which one host usually has
 * whole) has a bucket of CR_AUTH_BURST tries, refilled by one every
 * CR_AUTH_INTERVAL seconds; a wrong hub or operator password takes one.
 * With the bucket empty, every try from the address is refused, the
 * right password too, until it refills: guessing is slowed from thousands
 * a second to one every CR_AUTH_INTERVAL seconds, however many
 * connections the guesser opens.  A bucket that is full again is
 * forgotten, so only addresses that failed lately cost memory, and at
 * most CR_AUTH_TRACKED of them are remembered.
 */
struct auth_entry {
	char			*key;
	double			 tokens;
	int64_t			 refilled;
	TAILQ_ENTRY(auth_entry)	 entry;
};

static TAILQ_HEAD(, auth_entry) auth_list = TAILQ_HEAD_INITIALIZER(auth_list);
static void	*auth_tree;
static u_int	 auth_n;

static int	 auth_cmp(const void *, const void *);
static char	*auth_key(const char *);
static struct auth_entry *auth_find(const char *);
static int	 auth_refill(struct auth_entry *, int64_t);
static void	 auth_remove(struct auth_entry *);
static void	 auth_sweep(int64_t);

/* Order entries by key. */
static int
auth_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct auth_entry *)a)->key,
	    ((const struct auth_entry *)b)->key));
}

/* The bucket's key: the address, or an IPv6 address's /64. */
static char *
auth_key(const char *ip)
{
	struct in6_addr	 a6;
	char		 buf[INET6_ADDRSTRLEN], *key;

	if (inet_pton(AF_INET6, ip, &a6) != 1)
		return (xstrdup(ip));
	memset(&a6.s6_addr[8], 0, 8);
	inet_ntop(AF_INET6, &a6, buf, sizeof buf);
	xasprintf(&key, "%s/64", buf);
	return (key);
}

/* The entry for an address, or NULL. */
static struct auth_entry *
auth_find(const char *ip)
{
	struct auth_entry	 find, **found;

	find.key = auth_key(ip);
	found = tfind(&find, &auth_tree, auth_cmp);
	free(find.key);
	return (found != NULL ? *found : NULL);
}

/* Add the tries earned since the last refill; 1 if the bucket is full. */
static int
auth_refill(struct auth_entry *e, int64_t now)
{
	e->tokens += (double)(now - e->refilled) / (CR_AUTH_INTERVAL * 1000);
	e->refilled = now;
	if (e->tokens < CR_AUTH_BURST)
		return (0);
	e->tokens = CR_AUTH_BURST;
	return (1);
}

/* Forget an entry. */
static void
auth_remove(struct auth_entry *e)
{
	tdelete(e, &auth_tree, auth_cmp);
	TAILQ_REMOVE(&auth_list, e, entry);
	auth_n--;
	free(e->key);
	free(e);
}

/* Forget every address whose bucket has refilled. */
static void
auth_sweep(int64_t now)
{
	struct auth_entry	*e, *next;

	for (e = TAILQ_FIRST(&auth_list); e != NULL; e = next) {
		next = TAILQ_NEXT(e, entry);
		if (auth_refill(e, now))
			auth_remove(e);
	}
}

/*
 * How many seconds an address must wait before it may try a password
 * again; 0 if it may now.
 */
int
auth_wait(const char *ip)
{
	struct auth_entry	*e;

	if ((e = auth_find(ip)) == NULL)
		return (0);
	if (auth_refill(e, now_ms())) {
		auth_remove(e);
		return (0);
	}
	if (e->tokens >= 1)
		return (0);
	return (1 + (int)((1 - e->tokens) * CR_AUTH_INTERVAL));
}

/* A wrong password from an address: it takes one try from its bucket. */
void
auth_failed(const char *ip)
{
	struct auth_entry	*e;
	int64_t			 now = now_ms();

	if ((e = auth_find(ip)) == NULL) {
		if (auth_n >= CR_AUTH_TRACKED)
			auth_sweep(now);
		if (auth_n >= CR_AUTH_TRACKED)
			return;
		e = xcalloc(1, sizeof *e);
		e->key = auth_key(ip);
		e->tokens = CR_AUTH_BURST;
		e->refilled = now;
		if (tsearch(e, &auth_tree, auth_cmp) == NULL)
			fatalx("tsearch failed");
		TAILQ_INSERT_TAIL(&auth_list, e, entry);
		auth_n++;
	}
	auth_refill(e, now);
	e->tokens = e->tokens >= 1 ? e->tokens - 1 : 0;
	if (e->tokens < 1)
		log_warnx("%s: too many wrong passwords; refusing passwords "
		    "from there for %d s", e->key, auth_wait(ip));
}

/* Forget everything (at exit). */
void
auth_free_all(void)
{
	while (!TAILQ_EMPTY(&auth_list))
		auth_remove(TAILQ_FIRST(&auth_list));
}
